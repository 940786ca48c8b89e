"""Export from the window: the list as shown, the whole register, import templates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from python_calamine import CalamineWorkbook

from twindesk.core.spreadsheets.full_export import restore_register
from twindesk.core.storage import open_register
from twindesk.ui.dialogs.export_dialog import ExportDialog, TemplateDialog

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"


def type_path(qtbot, dialog, path: Path) -> None:
    dialog.file.edit.clear()
    qtbot.keyClicks(dialog.file.edit, str(path))


def run_export(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.export_result is not None, timeout=60_000)


def test_export_button_writes_the_list_as_the_table_shows_it(qtbot, window, tmp_path):
    page = window.show_section("pairing")
    page.filters["countries"].setCurrentIndex(page.filters["countries"].findData("JP"))
    header = page.table.horizontalHeader()
    columns = [c.key for c in page.model.columns]
    page.table.sortByColumn(columns.index("established"), Qt.SortOrder.DescendingOrder)
    page._toggle_column(columns.index("continent"), False)  # what the header's menu does
    header.moveSection(header.visualIndex(columns.index("partner")), 0)

    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(ExportDialog, "exportDialog")
    assert dialog is not None and "and 8 column" in dialog.intro.text()
    out = tmp_path / "japan.xlsx"
    type_path(qtbot, dialog, out)
    run_export(qtbot, dialog)
    assert page.model.rowCount() == 2
    assert dialog.status.text() == f"Wrote 2 rows to {out}."
    if SCREENSHOTS.is_dir():
        dialog.grab().save(str(SCREENSHOTS / "en-export-dialog.png"))

    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    shown = [
        page.model.headerData(header.logicalIndex(v), Qt.Orientation.Horizontal)
        for v in range(header.count())
        if not header.isSectionHidden(header.logicalIndex(v))
    ]
    assert rows[0] == shown and rows[0][0] == "Partner place" and "Continent" not in rows[0]
    assert len(rows) - 1 == page.model.rowCount() > 1
    for n, row in enumerate(rows[1:]):
        table = [
            page.model.data(page.model.index(n, header.logicalIndex(v)))
            for v in range(header.count())
            if not header.isSectionHidden(header.logicalIndex(v))
        ]
        assert row[0] == table[0]  # same rows in the same order
    established = [r[rows[0].index("Established")] for r in rows[1:]]
    as_text = [d.isoformat() if isinstance(d, date) else d for d in established if d]
    assert as_text == sorted(as_text, reverse=True)


def test_export_of_a_list_still_being_counted_says_its_whole_count(qtbot, window):
    """A long list shows its first rows before its count; the export dialog counts it to
    its end first, so it never offers "1,001 rows" of a longer list."""
    page = window.show_section("place")
    every = page.model.rowCount()
    page.model.FIRST_COUNT = page.model.PAGE_SIZE = 5
    page.model.install(page.model.fetch(page.model.filter, page.model.order))
    assert not page.model.exact and page.count_text() == "more than 5 places"
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(ExportDialog, "exportDialog")
    assert dialog.intro.text().startswith(f"{every} rows and ")
    assert page.model.exact and page.model.rowCount() == every
    dialog.reject()


def test_csv_from_the_file_menu_in_chinese(qtbot, open_window, demo, tmp_path, monkeypatch):
    w = open_window(demo, "zh")
    page = w.show_section("exchange")
    from tests.test_ui import type_chinese

    type_chinese(page.search, "莫斯科")
    qtbot.waitUntil(lambda: page.model.filter.text == "莫斯科")
    qtbot.keyClick(w, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)  # File > Export…
    dialog = w.findChild(ExportDialog, "exportDialog")
    assert dialog is not None and dialog.language.currentData() == "zh"
    dialog.format.setCurrentIndex(dialog.format.findData(".csv"))
    chosen = tmp_path / "交流活动.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(chosen), ""))
    qtbot.mouseClick(
        dialog.findChild(type(dialog.export_button), "browse"), Qt.MouseButton.LeftButton
    )
    assert dialog.file.edit.text() == str(chosen)
    run_export(qtbot, dialog)
    if SCREENSHOTS.is_dir():
        dialog.grab().save(str(SCREENSHOTS / "zh-export-dialog.png"))
    text = chosen.read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")
    lines = text.decode("utf-8-sig").splitlines()
    assert lines[0] == "标题,类型,方向,开始日期,结束日期,地点,参加人数"
    assert len(lines) - 1 == page.model.rowCount() >= 1
    titles = [line.split(",")[0] for line in lines[1:]]
    assert titles == [page.model.data(page.model.index(n, 0)) for n in range(page.model.rowCount())]


def test_whole_register_export_from_the_menu_restores(qtbot, window, demo, tmp_path):
    window.export_all_action.trigger()
    dialog = window.findChild(ExportDialog, "exportDialog")
    assert dialog.windowTitle() == "Export whole register" and not dialog.format.isVisible()
    out = tmp_path / "everything.xlsx"
    type_path(qtbot, dialog, out)
    run_export(qtbot, dialog)
    assert dialog.progress.value() == 1000 and dialog.open_button.isEnabled()
    assert "sheets to" in dialog.status.text()
    with open_register(tmp_path / "restored.sqlite3", create=True) as fresh:
        result = restore_register(fresh, out)
    assert result.rows == dialog.export_result.rows


def test_export_refusal_is_shown_not_raised(qtbot, window, tmp_path):
    dialog = window.open_export()
    type_path(qtbot, dialog, tmp_path / "missing-folder" / "x.xlsx")
    (tmp_path / "missing-folder").write_text("a file where the folder should be")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled(), timeout=30_000)
    assert "cannot be written" in dialog.status.text()
    assert dialog.export_result is None


def test_import_templates_dialog(qtbot, window, tmp_path):
    window.templates_action.trigger()
    dialog = window.findChild(TemplateDialog, "templateDialog")
    dialog.target.setCurrentIndex(dialog.target.findData("contact"))
    dialog.language.setCurrentIndex(dialog.language.findData("zh"))
    assert dialog.file.edit.text().endswith("联系人 导入模板.xlsx")
    out = tmp_path / "contacts-template.xlsx"
    type_path(qtbot, dialog, out)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.written == out and out.exists()
    assert dialog.status.text() == f"Saved {out}."
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert rows[2][:3] == ["中文姓名", "英文姓名", "职务"]
    if SCREENSHOTS.is_dir():
        dialog.grab().save(str(SCREENSHOTS / "en-templates-dialog.png"))
