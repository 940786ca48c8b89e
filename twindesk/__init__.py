"""TwinDesk: an offline register of sister-city (friendship city) relationships."""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("twindesk")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+source"
