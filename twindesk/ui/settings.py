"""The clerk's settings, stored with QSettings; defaults are declared once, here.

Settings > the dialog that edits them is ``twindesk.ui.dialogs.settings``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from PySide6.QtCore import QSettings

from twindesk.core.i18n import default_language


@dataclass
class Settings:
    language: str = ""  # "" = follow the system locale
    office_name: str = ""
    operator: str = ""
    date_display: str = "interface"  # interface language, or "iso"
    recent_registers: str = ""  # newline-separated paths, newest first

    @classmethod
    def load(cls, store: QSettings | None = None) -> Settings:
        store = store or QSettings()
        values = {f.name: str(store.value(f.name, f.default)) for f in fields(cls)}
        return cls(**values)

    def save(self, store: QSettings | None = None) -> None:
        store = store or QSettings()
        for f in fields(self):
            store.setValue(f.name, getattr(self, f.name))
        store.sync()

    @property
    def lang(self) -> str:
        return self.language if self.language in ("en", "zh") else default_language()

    def recent(self) -> list[str]:
        return [p for p in self.recent_registers.split("\n") if p]

    def remember(self, path: str, keep: int = 8) -> None:
        items = [path] + [p for p in self.recent() if p != path]
        self.recent_registers = "\n".join(items[:keep])
