"""The report dialog's layout options for the annual report (issue 17, items 7, 8 and 14):
style, issuer, document number, signature, edition, sections, top rows, PDF or .docx."""

from __future__ import annotations

import docx
import pytest
from PySide6.QtCore import Qt, QThreadPool

from tests.test_reports import squash, text_of
from twindesk.core.reports import font_substitutions
from twindesk.ui.dialogs.report_dialog import ReportDialog


@pytest.fixture
def dialog(qtbot, demo):
    d = ReportDialog(demo, lang="zh", office="北京市人民政府外事办公室")
    qtbot.addWidget(d)
    d.show()
    d.year.setValue(2021)
    yield d
    d.close()
    QThreadPool.globalInstance().waitForDone()


def _items(dialog) -> dict:
    return {
        dialog.sections.item(i).data(Qt.ItemDataRole.UserRole): dialog.sections.item(i)
        for i in range(dialog.sections.count())
    }


def test_official_style_follows_the_language_and_names_stand_in_fonts(qtbot, dialog):
    assert dialog.style_choice.currentData() == "official"
    said = font_substitutions("zh")
    assert dialog.font_note.isVisible() == bool(said)
    assert dialog.font_note.text() == "\n".join(said)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    assert dialog.style_choice.currentData() == "plain" and not dialog.font_note.isVisible()
    # Once the clerk picks a style, the language no longer changes it.
    dialog.style_choice.setCurrentIndex(dialog.style_choice.findData("official"))
    dialog.style_choice.activated.emit(dialog.style_choice.currentIndex())
    dialog.language.setCurrentIndex(dialog.language.findData("zh"))
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    assert dialog.style_choice.currentData() == "official"


def test_summary_edition_with_chosen_sections_and_a_document_number(qtbot, dialog):
    dialog.edition.setCurrentIndex(dialog.edition.findData("summary"))
    items = _items(dialog)
    assert items["appendix"].checkState() == Qt.CheckState.Unchecked
    assert items["summary"].checkState() == Qt.CheckState.Checked and dialog.top.value() == 10
    items["exchanges"].setCheckState(Qt.CheckState.Unchecked)
    dialog.document_number.setText("京外办发〔2025〕3号")  # QTest types Latin-1 only
    dialog.signature.setChecked(True)
    qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.report_result is not None, timeout=60_000)
    text = text_of(dialog.report_result.path)
    assert squash("京外办发〔2025〕3号") in text and "签发人" in text and "摘要版" in text
    assert "附录" not in text and "2021年交流活动" not in text and "一、主要数据" in text
    assert squash("— 3 —") in text_of(dialog.report_result.path, 3, 3)


def test_no_section_no_report(qtbot, dialog):
    for item in _items(dialog).values():
        item.setCheckState(Qt.CheckState.Unchecked)
    qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "Choose at least one section." and dialog.task is None


def test_word_document_is_made_and_saved(qtbot, dialog, tmp_path):
    dialog.format.setCurrentIndex(dialog.format.findData("docx"))
    qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.report_result is not None, timeout=60_000)
    assert dialog.report_result.path.suffix == ".docx"
    assert dialog.save_button.isEnabled() and not dialog.print_button.isEnabled()
    assert dialog.document.pageCount() == 0  # no preview of a Word file
    saved = dialog.save_as(str(tmp_path / "annual.docx"))
    doc = docx.Document(str(saved))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert "一、主要数据" in headings and doc.tables
