"""Help menu: About TwinDesk (version, licences of the bundled parts) and the user guide.

The guide is docs/user-guide.md (docs/user-guide.zh.md in Chinese), shipped with the
application and shown here with Qt's own Markdown support: no browser, no network.
"""

from __future__ import annotations

import platform
import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QIcon, QTextCursor, QTextImageFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from twindesk import __version__
from twindesk.core.fonts import fallback_paths, find_cjk_font
from twindesk.paths import log_dir, resources_dir, shipped, user_data_dir

# (what, distribution whose metadata gives the version, licence). Each licence was read
# from the installed package's metadata (tests/test_ship.py checks them against it),
# except Qt Charts: the PySide6-Addons wheel declares LGPL for all its modules, but Qt
# offers Qt Charts under the GPL-3.0 only (or a commercial licence), not the LGPL.
BUNDLED: tuple[tuple[str, str | None, str], ...] = (
    ("Qt 6 / Qt for Python (PySide6)", "PySide6-Essentials", "LGPL-3.0"),
    ("Qt PDF (report preview)", "PySide6-Addons", "LGPL-3.0"),
    ("Qt Charts (dashboard charts)", "PySide6-Addons", "GPL-3.0"),
    ("Shiboken", "shiboken6", "LGPL-3.0"),
    ("SQLAlchemy", "SQLAlchemy", "MIT"),
    ("SQLModel", "sqlmodel", "MIT"),
    ("Pydantic", "pydantic", "MIT"),
    ("pydantic-core", "pydantic_core", "MIT"),
    ("Alembic", "alembic", "MIT"),
    ("Mako", "Mako", "MIT"),
    ("MarkupSafe", "MarkupSafe", "BSD-3-Clause"),
    ("openpyxl", "openpyxl", "MIT"),
    ("et-xmlfile", "et_xmlfile", "MIT"),
    ("XlsxWriter (list exports)", "XlsxWriter", "BSD-2-Clause"),
    ("python-calamine", "python-calamine", "MIT"),
    ("ReportLab", "reportlab", "BSD"),
    ("pypdf (printing a page range to a file)", "pypdf", "BSD-3-Clause"),
    ("pypinyin", "pypinyin", "MIT"),
    ("platformdirs", "platformdirs", "MIT"),
    ("typing-extensions", "typing_extensions", "PSF-2.0"),
    ("annotated-types", "annotated-types", "MIT"),
    ("typing-inspection", "typing-inspection", "MIT"),
    ("Country data derived from pycountry", "pycountry", "LGPL-2.1"),
)
FONT = ("WenQuanYi Micro Hei", None, "Apache-2.0 or GPL-3.0 with font exception")
# The reports' fallback faces (twindesk.core.fonts.FALLBACK_FONTS), by file name.
FALLBACK_CREDITS = {
    "DejaVuSans.ttf": ("DejaVu Sans", "Bitstream Vera licence (free)"),
    "HanaMinA.ttf": ("Hanazono Mincho A", "OFL-1.1"),
    "HanaMinB.ttf": ("Hanazono Mincho B", "OFL-1.1"),
}
# The gazetteer's data (db/reference/gazetteer.sqlite3): GeoNames asks for this credit.
GAZETTEER = ("Place names and coordinates from GeoNames (geonames.org)", "", "CC BY 4.0")
# The Map's country shapes (resources/maps/world-110m.json, see db/reference/build_world_map.py).
WORLD_MAP = (
    "Map: Natural Earth 1:110m countries (naturalearthdata.com), via world-atlas "
    "(© Michael Bostock, ISC)",
    "4.1.0",
    "Public domain; ISC",
)
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    """TwinDesk's icon (two linked rings), from the PNG sizes in resources/icons/."""
    icon = QIcon()
    folder = resources_dir() / "icons"
    for size in ICON_SIZES:
        path = folder / f"twindesk-{size}.png"
        if path.is_file():
            icon.addFile(str(path))
    return icon


def app_version() -> str:
    # importlib.metadata (and the email package it loads) only when the About box opens:
    # app_icon, above, is needed at every start.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("twindesk")
    except PackageNotFoundError:
        return __version__


def bundled_parts() -> list[tuple[str, str, str]]:
    """(what, version or "", licence) for everything this copy of TwinDesk runs on."""
    from importlib.metadata import PackageNotFoundError, version

    rows = [
        ("Python", platform.python_version(), "PSF-2.0"),
        ("SQLite", sqlite3.sqlite_version, "Public domain"),
    ]
    for what, dist, licence in BUNDLED:
        try:
            rows.append((what, version(dist) if dist else "", licence))
        except PackageNotFoundError:  # not in this build (pycountry is only used to build data)
            rows.append((what, "", licence))
    rows.append(GAZETTEER)
    rows.append(WORLD_MAP)
    font = find_cjk_font()
    if font is not None and font.name.startswith("wqy-microhei"):
        rows.append((FONT[0], "", FONT[2]))
    rows += [
        (FALLBACK_CREDITS[p.name][0], "", FALLBACK_CREDITS[p.name][1])
        for p in fallback_paths()
        if p.name in FALLBACK_CREDITS
    ]
    return rows


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About TwinDesk"))
        icon = QLabel(self)
        icon.setPixmap(app_icon().pixmap(96, 96))
        version_text = self.tr("Version %1").replace("%1", app_version())
        title = QLabel(f"<h2>TwinDesk</h2><p>{version_text}</p>", self)
        title.setObjectName("title")
        head = QHBoxLayout()
        head.addWidget(icon)
        head.addWidget(title, 1)
        text = QLabel(
            self.tr(
                "A register of sister-city (friendship city) relationships for foreign-affairs "
                "offices. TwinDesk is free software under the MIT licence. It works offline: "
                "it sends nothing over the network and collects no usage data."
            ),
            self,
        )
        text.setWordWrap(True)
        folders = QLabel(
            self.tr("Data folder: %1\nLog folder: %2")
            .replace("%1", str(user_data_dir()))
            .replace("%2", str(log_dir())),
            self,
        )
        folders.setObjectName("folders")
        folders.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        parts = bundled_parts()
        self.parts = QTableWidget(len(parts), 3, self)
        self.parts.setObjectName("parts")
        self.parts.setHorizontalHeaderLabels(
            [self.tr("Part"), self.tr("Version"), self.tr("Licence")]
        )
        for row, values in enumerate(parts):
            for column, value in enumerate(values):
                self.parts.setItem(row, column, QTableWidgetItem(value))
        self.parts.verticalHeader().hide()
        self.parts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.parts.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.parts.resizeColumnsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(text)
        layout.addWidget(QLabel(self.tr("Parts included in TwinDesk, with their licences:"), self))
        layout.addWidget(self.parts, 1)
        layout.addWidget(folders)
        layout.addWidget(buttons)
        self.resize(640, 620)


def user_guide_path(lang: str) -> Path:
    docs = shipped("docs")
    chinese = docs / "user-guide.zh.md"
    return chinese if lang == "zh" and chinese.is_file() else docs / "user-guide.md"


class UserGuideDialog(QDialog):
    """The user guide, rendered from its Markdown file; screenshots shrink to fit."""

    IMAGE_WIDTH = 820

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("userGuide")
        self.setWindowTitle(self.tr("TwinDesk user guide"))
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("guide")
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(False)  # offline: web links are not followed
        self.browser.setSource(QUrl.fromLocalFile(str(user_guide_path(lang))))
        self._fit_images()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(self.IMAGE_WIDTH + 80, 720)

    def _fit_images(self) -> None:
        """Markdown cannot size images: give each screenshot at most IMAGE_WIDTH pixels."""
        document = self.browser.document()
        cursor = QTextCursor(document)
        block = document.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                fmt = fragment.charFormat()
                if fmt.isImageFormat():
                    image = QTextImageFormat(fmt.toImageFormat())
                    url = QUrl(image.name())
                    picture = document.resource(document.ResourceType.ImageResource, url)
                    if picture is not None and picture.width() > self.IMAGE_WIDTH:
                        # Scaled smoothly once here; the document alone would scale it coarsely.
                        smaller = picture.scaledToWidth(
                            self.IMAGE_WIDTH, Qt.TransformationMode.SmoothTransformation
                        )
                        # resource() looks names up resolved against the base URL; add it so.
                        document.addResource(
                            document.ResourceType.ImageResource,
                            document.baseUrl().resolved(url),
                            smaller,
                        )
                        image.setWidth(smaller.width())
                        image.setHeight(smaller.height())
                        cursor.setPosition(fragment.position())
                        cursor.setPosition(
                            fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor
                        )
                        cursor.setCharFormat(image)
                it += 1
            block = block.next()


def open_about(parent: QWidget) -> AboutDialog:
    dialog = AboutDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def open_user_guide(parent: QWidget, lang: str) -> UserGuideDialog:
    dialog = UserGuideDialog(lang, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()  # not modal: the clerk reads it beside the window
    return dialog
