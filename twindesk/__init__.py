"""TwinDesk: an offline register of sister-city (friendship city) relationships."""

# The one place the version is written (pyproject.toml reads it from here): a constant,
# because asking importlib.metadata costs a tenth of a second of every start.
__version__ = "0.1.0"
