"""The import wizard, driven as a clerk drives it: real files, clicks, typing, the register file."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QMimeData, QPointF, Qt, QThreadPool, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QMessageBox, QPushButton, QWizard
from sqlalchemy import func, select

from tests.test_import_commit import pairings, sample, snapshot, xlsx
from tests.test_ui import type_chinese
from twindesk.core.i18n import translate
from twindesk.core.models import ImportBatch, ImportPreset, Pairing, Place
from twindesk.core.operations import create
from twindesk.core.spreadsheets import ImportOptions, SpreadsheetImport
from twindesk.ui.app import install_translations
from twindesk.ui.import_wizard import COLOURS, DuplicatesModel, ImportsDialog, ImportWizard

W = ImportWizard


@pytest.fixture
def open_wizard(qtbot):
    made = []

    def make(register, path=None, lang="en"):
        install_translations(QApplication.instance(), lang)  # the window's strings too
        register.operator = "Li Hua"
        wizard = ImportWizard(register, lang=lang, path=path)
        qtbot.addWidget(wizard)
        wizard.show()
        made.append(wizard)
        return wizard

    yield make
    for wizard in made:
        wizard.done(0)
    QThreadPool.globalInstance().waitForDone()
    install_translations(QApplication.instance(), "en")


def click(qtbot, wizard, which=QWizard.WizardButton.NextButton) -> None:
    button = wizard.button(which)
    qtbot.waitUntil(button.isEnabled, timeout=30_000)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def next_to(qtbot, wizard, page_id: int) -> None:
    """Click Next until the wizard shows ``page_id`` (background steps included)."""
    for _ in range(10):
        if wizard.currentId() == page_id:
            break
        click(
            qtbot,
            wizard,
            QWizard.WizardButton.CommitButton
            if wizard.currentPage().isCommitPage()
            else QWizard.WizardButton.NextButton,
        )
        qtbot.waitUntil(lambda: not any(r.running for r in wizard.runners), timeout=60_000)
    assert wizard.currentId() == page_id


def test_shanghai_sample_walked_through_committed_and_undone(
    qtbot, open_wizard, register, monkeypatch
):
    wizard = open_wizard(register)
    qtbot.keyClicks(wizard.file_page.path, str(sample("shanghai-friendship-cities.xlsx")))
    next_to(qtbot, wizard, W.PAGE_SHEET)
    assert [
        wizard.sheet_page.sheets.item(i).text() for i in range(wizard.sheet_page.sheets.count())
    ] == ["友好城市", "友好交流城市"]
    next_to(qtbot, wizard, W.PAGE_HEADER)
    header = wizard.header_page
    assert header.row.value() == 3 and not header.two_rows.isChecked()  # two title rows above
    assert "rows 18" in header.info.text()  # the 合计 footer is left out
    next_to(qtbot, wizard, W.PAGE_MAPPING)
    page = wizard.mapping_page
    assert [c.currentData() for c in page.combos] == [
        "ignore",
        "partner",
        "partner_en",
        "country",
        "ignore",
        "established",
        "notes",
    ]
    # The English name column is unmapped by the clerk: it goes to the notes instead.
    qtbot.keyClick(page.combos[2], Qt.Key.Key_Home)
    assert page.combos[2].currentData() == ""
    type_chinese(page.local, "上海")
    asked = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes,
    )
    next_to(qtbot, wizard, W.PAGE_PREVIEW)
    assert len(asked) == 1 and "“上海”" in asked[0]  # a new local place only when the clerk says so
    preview = wizard.preview_page
    # 汉堡 alone (its English column unmapped) names two places in the gazetteer (Hamburg,
    # and Harburg by a wrong translation): asked, with both offered.
    ((question, combo),) = preview.question_combos
    assert question.kind == "new_place" and "汉堡" in question.prompt("en")
    assert "11 to add" in preview.counts.text()
    hamburg = next(v for v, label in question.choices if "1,973,896" in label[0])
    combo.setCurrentIndex(combo.findData(hamburg))
    next_to(qtbot, wizard, W.PAGE_DUPLICATES)  # checked again with the answer, and on
    click(qtbot, wizard, QWizard.WizardButton.BackButton)
    qtbot.waitUntil(lambda: not preview.runner.running and wizard.plan is not None, timeout=60_000)
    assert not preview.question_combos
    assert "12 to add" in preview.counts.text() and "1 skipped" in preview.counts.text()
    assert preview.select_sheet_row(5)
    row = preview.table.currentIndex().row()
    assert preview.model.index(row, 1).data() == "Warning"
    assert preview.model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) == COLOURS["warning"]
    assert preview.details.toPlainText() == (
        "Sheet 友好城市, row 5, column F 结好时间: “1974.4” gives only part of a date; "
        "recorded as 1974-04."
    )
    # Row 17 repeats row 5 (大阪): keep both this time.
    next_to(qtbot, wizard, W.PAGE_DUPLICATES)
    dups = wizard.duplicates_page
    assert dups.model.rowCount() == 1 and dups.model.index(0, 1).data() == "row 5"
    index = dups.model.index(0, DuplicatesModel.ACTION_COLUMN)
    dups.table.edit(index)
    editor = dups.table.findChild(QComboBox, "actionEditor")
    qtbot.keyClick(editor, Qt.Key.Key_End)  # the last choice: keep both
    assert index.data() == "Keep both" and wizard.duplicates_dirty
    next_to(qtbot, wizard, W.PAGE_COMMIT)
    assert "13 to add" in wizard.commit_page.summary.text()
    next_to(qtbot, wizard, W.PAGE_SUMMARY)
    assert wizard.import_result.inserted == 13 and wizard.import_result.batch_id is not None
    rows = pairings(register)
    assert len(rows) == 13 and {r[0] for r in rows} == {"上海"}
    with register.connect() as conn:
        t = Pairing.__table__
        notes = conn.execute(select(t.c.notes).order_by(t.c.id)).scalars().first()
        batch = conn.execute(select(ImportBatch.__table__)).one()
    assert "外文名称: Yokohama" in notes
    assert batch.operator == "Li Hua" and batch.inserted == 13
    # Undo from the summary page, after confirming.
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    undone = []
    wizard.undone.connect(undone.append)
    qtbot.mouseClick(wizard.summary_page.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: undone == [batch.id], timeout=30_000)
    assert pairings(register) == []
    assert "Undid import" in wizard.summary_page.runner.status.text()


def test_error_rows_coloured_with_messages_and_saved_for_fixing(
    qtbot, open_wizard, register, tmp_path
):
    path = xlsx(
        tmp_path / "partners.xlsx",
        [
            ["本方城市", "外方城市", "国家", "结好日期"],
            ["天津", "神户", "日本", "1973-06-24"],
            ["天津", "Atlantis", "Atlantis Land", "1990"],
            ["天津", "Lyon", "法国", "soon"],
        ],
        title="名单",
    )
    wizard = open_wizard(register, path)
    next_to(qtbot, wizard, W.PAGE_PREVIEW)
    preview = wizard.preview_page
    preview.filter.setCurrentIndex(preview.filter.findData("error"))
    assert preview.model.rowCount() == 2
    assert [preview.model.index(r, 0).data() for r in range(2)] == [3, 4]
    assert all(
        preview.model.index(r, 4).data(Qt.ItemDataRole.BackgroundRole) == COLOURS["error"]
        for r in range(2)
    )
    preview.table.selectRow(1)
    assert preview.details.toPlainText() == (
        "Sheet 名单, row 4, column D 结好日期: “soon” is not a date. Write 1979, 1979-03 or 1979-03-14."
    )
    assert "Atlantis Land" in preview.model.index(0, preview.model.columnCount() - 1).data()
    next_to(qtbot, wizard, W.PAGE_SUMMARY)
    assert (wizard.import_result.inserted, wizard.import_result.rejected) == (1, 2)
    assert [r[2] for r in pairings(register)] == ["神户"]
    saved = wizard.summary_page.save_rejected(str(tmp_path / "to-fix"))
    ws = load_workbook(saved).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0] == ["本方城市", "外方城市", "国家", "结好日期", "Reason / 原因"]
    assert rows[1][:4] == ["天津", "Atlantis", "Atlantis Land", "1990"]
    assert "row 4" in rows[2][4] and "“soon” is not a date" in rows[2][4]


def _kobe_and_osaka(register) -> dict[str, int]:
    with register.write() as s:
        tj = create(s, "place", {"name_en": "Tianjin", "name_zh": "天津", "country_code": "CN"})
        ids = {}
        for en, zh in (("Kobe", "神户"), ("Osaka", "大阪")):
            place = create(s, "place", {"name_en": en, "name_zh": zh, "country_code": "JP"})
            ids[zh] = create(
                s,
                "pairing",
                {
                    "place_a_id": tj.id,
                    "place_b_id": place.id,
                    "kind": "sister_city",
                    "established": "1973",
                },
            ).id
    return ids


def test_duplicates_update_for_all_and_skip_for_one(qtbot, open_wizard, register, tmp_path):
    ids = _kobe_and_osaka(register)
    path = xlsx(
        tmp_path / "again.xlsx",
        [
            ["本方城市", "外方城市", "国家", "结好日期"],
            ["天津", "神户", "日本", "1973-06-24"],
            ["天津", "大阪", "日本", "1974-05-01"],
            ["天津", "横滨", "日本", "1990"],
        ],
    )
    wizard = open_wizard(register, path)
    next_to(qtbot, wizard, W.PAGE_DUPLICATES)
    dups = wizard.duplicates_page
    assert [dups.model.index(r, 1).data() for r in range(2)] == [
        f"Pairing #{ids['神户']}",
        f"Pairing #{ids['大阪']}",
    ]
    dups.all.setCurrentIndex(dups.all.findData("update"))
    qtbot.mouseClick(dups.apply_all, Qt.MouseButton.LeftButton)
    assert [dups.model.index(r, 4).data() for r in range(2)] == ["Update", "Update"]
    # ...but 大阪 is skipped.
    assert dups.model.setData(dups.model.index(1, DuplicatesModel.ACTION_COLUMN), "skip")
    next_to(qtbot, wizard, W.PAGE_COMMIT)
    counts = wizard.plan.counts()
    assert (counts["insert"], counts["update"], counts["skip"]) == (1, 1, 1)
    next_to(qtbot, wizard, W.PAGE_SUMMARY)
    with register.connect() as conn:
        t = Pairing.__table__
        established = dict(conn.execute(select(t.c.id, t.c.established)).all())
    assert established[ids["神户"]] == "1973-06-24"  # updated
    assert established[ids["大阪"]] == "1973"  # skipped
    assert len(established) == 3


def test_cancel_during_commit_leaves_the_register_unchanged(qtbot, open_wizard, register, tmp_path):
    rows = [["本方城市", "外方城市", "国家", "结好日期"]]
    rows += [["天津", f"城市{i}", "日本", "1990"] for i in range(6000)]
    path = xlsx(tmp_path / "big.xlsx", rows)
    wizard = open_wizard(register, path)
    next_to(qtbot, wizard, W.PAGE_PREVIEW)
    preview = wizard.preview_page  # 6,000 towns nothing knows: 30 shown, all answered at once
    assert sum(q.kind == "new_place" for q, _ in preview.question_combos) == preview.SHOWN_PLACES
    assert "5,970 more" in preview.questions.findChild(QLabel, "more_places").text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    qtbot.mouseClick(
        preview.questions.findChild(QPushButton, "create_all_places"), Qt.MouseButton.LeftButton
    )
    next_to(qtbot, wizard, W.PAGE_COMMIT)
    before = snapshot(register)
    page = wizard.commit_page
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    assert page.runner.running
    qtbot.mouseClick(page.runner.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.runner.running, timeout=60_000)
    assert page.runner.status.text() == translate("import.cancelled", "en")
    assert wizard.currentId() == W.PAGE_COMMIT and wizard.import_result is None
    assert snapshot(register) == before
    # The clerk can still import after a cancel.
    next_to(qtbot, wizard, W.PAGE_SUMMARY)
    assert wizard.import_result.inserted == 6000 and len(pairings(register)) == 6000


def test_ambiguous_place_is_asked_not_guessed(qtbot, open_wizard, register, tmp_path):
    with register.write() as s:
        tj = create(s, "place", {"name_en": "Tianjin", "name_zh": "天津", "country_code": "CN"})
        first = create(
            s, "place", {"name_en": "Springfield", "country_code": "US", "notes": "Illinois"}
        )
        second = create(
            s, "place", {"name_en": "Springfield", "country_code": "US", "notes": "Massachusetts"}
        )
    path = xlsx(
        tmp_path / "spring.xlsx",
        [["Local", "Partner", "Country", "Since"], ["Tianjin", "Springfield", "USA", "1990"]],
    )
    wizard = open_wizard(register, path)
    next_to(qtbot, wizard, W.PAGE_PREVIEW)
    preview = wizard.preview_page
    assert len(preview.question_combos) == 1
    question, combo = preview.question_combos[0]
    assert question.kind == "place" and combo.currentData() is None
    assert {v for v, _ in question.choices} == {first.id, second.id, "new"}
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # not guessed
    combo.setCurrentIndex(combo.findData(second.id))
    next_to(qtbot, wizard, W.PAGE_SUMMARY)
    with register.connect() as conn:
        t = Pairing.__table__
        assert conn.execute(select(t.c.place_a_id, t.c.place_b_id)).one() == (tj.id, second.id)


def test_header_row_change_and_preset_offered_again(
    qtbot, open_wizard, register, tmp_path, monkeypatch
):
    path = xlsx(
        tmp_path / "list.xlsx",
        [
            ["Friendship cities of Tianjin"],
            [],
            ["No.", "Partner", "Country", "Since", "Memo"],
            [1, "Kobe", "Japan", 1973, "first"],
            [2, "Lyon", "France", 1990, None],
        ],
    )
    wizard = open_wizard(register, path)
    next_to(qtbot, wizard, W.PAGE_HEADER)
    header = wizard.header_page
    assert header.row.value() == 3
    header.row.setValue(4)  # the wrong row, chosen by mistake...
    assert wizard.sheet_layout.headers[1] == "Kobe"
    qtbot.mouseClick(
        header.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=header.table.visualRect(header.model.index(2, 1)).center(),
    )
    assert (
        header.row.value() == 3 and wizard.sheet_layout.headers[1] == "Partner"
    )  # ...and put right
    next_to(qtbot, wizard, W.PAGE_MAPPING)
    page = wizard.mapping_page
    page.set_field(4, "signatories")
    qtbot.keyClicks(page.local, "Tianjin")
    qtbot.keyClicks(page.preset_name, "Tianjin list")
    qtbot.mouseClick(page.save_preset_button, Qt.MouseButton.LeftButton)
    assert page.preset.currentText() == "Tianjin list"
    with register.connect() as conn:
        assert conn.execute(select(ImportPreset.__table__.c.name)).scalars().all() == [
            "Tianjin list"
        ]
    wizard.done(0)
    again = open_wizard(register, path)
    next_to(qtbot, again, W.PAGE_MAPPING)
    page = again.mapping_page
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    assert page.preset.currentText() == "Tianjin list"
    assert page.combos[4].currentData() == "signatories" and page.local.text() == "Tianjin"
    next_to(qtbot, again, W.PAGE_SUMMARY)
    with register.connect() as conn:
        t = Pairing.__table__
        assert conn.execute(select(t.c.signatories).order_by(t.c.id)).scalars().all() == [
            "first",
            "",
        ]


def test_unreadable_file_says_why_and_stays(qtbot, open_wizard, register, tmp_path):
    bad = tmp_path / "notes.xlsx"
    bad.write_text("just some text, not a workbook\n", encoding="utf-8")
    wizard = open_wizard(register, bad)
    click(qtbot, wizard)
    assert wizard.currentId() == W.PAGE_FILE
    assert wizard.file_page.error.text() == translate(
        "import.file.wrong_extension", "en", name="notes.xlsx", suffix=".xlsx"
    )


def test_chinese_interface_messages(qtbot, open_wizard, register):
    wizard = open_wizard(register, sample("exchanges-2023.ods"), lang="zh")
    next_to(qtbot, wizard, W.PAGE_MAPPING)
    page = wizard.mapping_page
    assert page.target.currentData() == "exchange" and page.target.currentText() == "交流活动"
    labels = {c.currentText() for c in page.combos}
    assert "日期或起止日期" in labels
    next_to(qtbot, wizard, W.PAGE_PREVIEW)
    preview = wizard.preview_page
    warned = next(r for r in wizard.plan.rows if r.status == "warning")
    assert preview.select_sheet_row(warned.row)
    text = preview.details.toPlainText()
    assert text.startswith(f"工作表 {wizard.plan.sheet}，第 {warned.row} 行")
    assert "“" in text and not any(word in text for word in ("Sheet", "row"))


def _drop(window, path: Path):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    pos = QPointF(200, 200)
    enter = QDragEnterEvent(
        pos.toPoint(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(
        pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(window, drop)
    return True


@pytest.fixture
def window(open_window, register):
    w = open_window(register)
    yield w
    for wizard in w.findChildren(ImportWizard):
        wizard.done(0)


def test_dropping_a_spreadsheet_opens_the_wizard_and_the_window_refreshes(qtbot, window, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    assert not _drop(window, text)
    assert window.findChildren(ImportWizard) == []
    path = xlsx(
        tmp_path / "drop.xlsx", [["本方城市", "外方城市", "国家"], ["武汉", "波尔多", "法国"]]
    )
    assert _drop(window, path)
    wizards = window.findChildren(ImportWizard)
    assert len(wizards) == 1 and wizards[0].isVisible()
    wizard = wizards[0]
    # The file is open and its only sheet read: no one-item "Choose a sheet" step (18.20).
    qtbot.waitUntil(lambda: wizard.currentId() == W.PAGE_HEADER, timeout=30_000)
    page = window.show_section("pairing")
    assert page.model.rowCount() == 0
    next_to(qtbot, wizard, W.PAGE_SUMMARY)
    assert page.model.rowCount() == 1  # refreshed after the commit


def test_ctrl_i_opens_the_wizard_and_an_import_is_undone_from_the_list(
    qtbot, window, register, tmp_path, monkeypatch
):
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    wizards = window.findChildren(ImportWizard)
    assert len(wizards) == 1 and wizards[0].currentId() == W.PAGE_FILE
    wizards[0].done(0)
    path = xlsx(
        tmp_path / "u.xlsx",
        [["本方城市", "外方城市", "国家"], ["武汉", "波尔多", "法国"], ["武汉", "大分", "日本"]],
    )
    with SpreadsheetImport(register, path) as imp:
        batch = imp.commit(imp.validate(ImportOptions()), operator="Li Hua").batch_id
    window.refresh()
    page = window.show_section("pairing")
    assert page.model.rowCount() == 2
    window.imports_action.trigger()
    dialog = window.findChild(ImportsDialog)
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 0).text() == f"#{batch}"
    assert not dialog.undo_button.isEnabled()
    dialog.table.selectRow(0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.item(0, 7).text() != "", timeout=30_000)
    assert page.model.rowCount() == 0 and pairings(register) == []
    with register.connect() as conn:
        assert conn.execute(select(Place.__table__.c.id)).all() == []
    assert not dialog.undo_button.isEnabled()  # an undone import cannot be undone twice
    dialog.close()


def test_columns_read_from_their_content_and_doubtful_ones_marked(
    qtbot, open_wizard, register, tmp_path, monkeypatch
):
    """A list with everyday headers: the wizard says why it read each column as it did, marks
    the one whose header contradicts its cells, and goes on only after the clerk has looked."""
    path = xlsx(
        tmp_path / "towns.xlsx",
        [
            ["Home town", "Twinned with", "Date", "When"],
            ["Wuhan", "Bordeaux", "France", "1998-06-10"],
            ["Wuhan", "Duisburg", "Germany", "1982-10-08"],
            ["Wuhan", "Oita", "Japan", "1979-09-07"],
            ["Wuhan", "Pittsburgh", "United States", "1982-09-08"],
        ],
    )
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    wizard = open_wizard(register, path)
    next_to(qtbot, wizard, W.PAGE_MAPPING)
    page = wizard.mapping_page
    why = [page.table.item(row, 3).text() for row in range(4)]
    assert page.doubtful == {2}  # "Date" over country names
    assert why[2].startswith("⚠") and "Unsure" in why[2]
    assert "known countries" in why[2] or "header word" in why[2]
    assert "place column" in why[0] and [c.currentData() for c in page.combos][:2] == [
        "local",
        "partner",
    ]
    assert "not sure of are marked below (1)" in page.message.text()
    click(qtbot, wizard)
    assert wizard.currentId() == W.PAGE_MAPPING and "press Next again" in page.message.text()
    page.set_field(2, "country")  # the clerk puts it right
    page.set_field(3, "established")
    next_to(qtbot, wizard, W.PAGE_SUMMARY)
    assert len(pairings(register)) == 4


def test_places_nothing_knows_are_asked_and_created_when_the_clerk_says(
    qtbot, open_wizard, register, tmp_path
):
    """A partner that neither the register nor the gazetteer knows is asked about, never made
    unasked; a known one (Kobe) is not asked. "Create every place not found" answers all."""
    with register.write() as s:
        create(s, "place", {"name_en": "Tianjin", "name_zh": "天津", "country_code": "CN"})
    path = xlsx(
        tmp_path / "new.xlsx",
        [
            ["Local", "Partner", "Country", "Since"],
            ["Tianjin", "Kobe", "Japan", "1973"],
            ["Tianjin", "Arkadia Town", "Germany", "1990"],
            ["Tianjin", "Zelnitz Village", "Austria", "1995"],
        ],
    )
    wizard = open_wizard(register, path)
    next_to(qtbot, wizard, W.PAGE_PREVIEW)
    preview = wizard.preview_page
    asked = {
        q.prompt("en").split("”")[0].lstrip("“"): combo for q, combo in preview.question_combos
    }
    assert set(asked) == {"Arkadia Town", "Zelnitz Village"}
    assert all(combo.currentData() is None for combo in asked.values())
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # not guessed
    button = preview.questions.findChild(QPushButton, "create_all_places")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert all(combo.currentData() == "new" for combo in asked.values())
    next_to(qtbot, wizard, W.PAGE_SUMMARY)
    with register.connect() as conn:
        names = set(conn.execute(select(Place.__table__.c.name_en)).scalars())
        assert conn.execute(select(func.count()).select_from(Pairing.__table__)).scalar() == 3
    assert names == {"Tianjin", "Kobe", "Arkadia Town", "Zelnitz Village"}


# --------------------------------------------------------------------------- issue 18, 16–20
def test_the_columns_page_asks_for_the_local_side_when_no_column_gives_it(
    qtbot, open_wizard, register, tmp_path
):
    """18.16: a list of partners only: the question is on the columns page from the start,
    Next goes nowhere without an answer, and with one no row is red for want of it."""
    from twindesk.core.places import set_own_place

    with register.write() as s:
        tianjin = create(
            s, "place", {"name_en": "Tianjin", "name_zh": "天津", "country_code": "CN"}
        ).id
    path = xlsx(
        tmp_path / "partners.xlsx",
        [["外方城市", "国家", "结好日期"], ["神户", "日本", 1973], ["里昂", "法国", 1990]],
    )
    wizard = open_wizard(register, path)
    next_to(qtbot, wizard, W.PAGE_MAPPING)
    page = wizard.mapping_page
    assert page.local.text() == "" and page.local_hint.isVisible()
    assert page.local_hint.text() == translate("import.local.missing_wizard", "en")
    click(qtbot, wizard)
    assert wizard.currentId() == W.PAGE_MAPPING and wizard.focusWidget() is page.local
    qtbot.keyClicks(page.local, "Tianjin")
    assert not page.local_hint.isVisible()
    next_to(qtbot, wizard, W.PAGE_PREVIEW)
    assert [r.status for r in wizard.plan.rows] == ["ok", "ok"]
    wizard.done(0)
    # Mapping a column to the local side answers it too; the register's own place is offered.
    set_own_place(register, tianjin)
    again = open_wizard(register, path)
    next_to(qtbot, again, W.PAGE_MAPPING)
    page = again.mapping_page
    assert page.local.text() == "Tianjin" and not page.local_hint.isVisible()
    page.local.selectAll()
    qtbot.keyClick(page.local, Qt.Key.Key_Backspace)
    assert page.local_hint.isVisible()
    page.set_field(0, "local")
    assert not page.local_hint.isVisible()


def test_the_title_s_place_is_offered_for_the_local_side_not_taken(
    qtbot, open_wizard, register, tmp_path
):
    """武汉市国际友好城市一览表: the title names the city no column names. The columns page
    offers it in its question; the local side stays empty until the clerk types it."""
    with register.write() as s:
        create(s, "place", {"name_en": "Wuhan", "name_zh": "武汉", "country_code": "CN"})
    path = xlsx(
        tmp_path / "wuhan.xlsx",
        [
            ["武汉市国际友好城市一览表（截至2025年12月）"],
            ["序号", "友好城市", "所在国家", "结好日期"],
            [1, "大分市", "日本", "1979年9月7日"],
            [2, "波尔多市", "法国", "1998"],
        ],
    )
    wizard = open_wizard(register, path, lang="zh")
    next_to(qtbot, wizard, W.PAGE_MAPPING)
    page = wizard.mapping_page
    assert page.local.text() == "" and page.local_hint.isVisible()
    assert "如果这是武汉市的表格，请填写“武汉市”" in page.local_hint.text()
    click(qtbot, wizard)  # not taken: Next waits for the clerk
    assert wizard.currentId() == W.PAGE_MAPPING
    type_chinese(page.local, "武汉")
    next_to(qtbot, wizard, W.PAGE_PREVIEW)
    assert [r.status for r in wizard.plan.rows] == ["ok", "ok"]


def _choose(qtbot, combo, data) -> None:
    """Pick ``data`` in ``combo`` with the keyboard, as a clerk would."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == data:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == data


def test_a_year_alone_is_no_warning_and_rows_filter_by_kind_of_problem(
    qtbot, open_wizard, register, tmp_path
):
    """18.17: 1979 is how lists are kept (ok); 1974.4 and an old country name still ask
    for a look; the check page filters by kind of problem, with the rows of each counted."""
    path = xlsx(
        tmp_path / "years.xlsx",
        [
            ["本方城市", "外方城市", "国家", "结好日期"],
            ["天津", "神户", "日本", 1973],
            ["天津", "里昂", "法国", "1985"],
            ["天津", "大阪", "日本", "1974.4"],
            ["天津", "基辅", "苏联", "1993年"],
            ["天津", "墨尔本", "澳大利亚", "soon"],
        ],
    )
    wizard = open_wizard(register, path, lang="zh")
    next_to(qtbot, wizard, W.PAGE_PREVIEW)
    preview = wizard.preview_page
    assert {r.row: r.status for r in wizard.plan.rows} == {
        2: "ok",
        3: "ok",
        4: "warning",
        5: "warning",
        6: "error",
    }
    kinds = [preview.kind.itemText(i) for i in range(preview.kind.count())]
    assert kinds == ["所有问题类型", "日期（2）", "国家（1）"]
    _choose(qtbot, preview.kind, "country")
    assert [preview.model.index(r, 0).data() for r in range(preview.model.rowCount())] == [5]
    _choose(qtbot, preview.kind, "date")
    assert [preview.model.index(r, 0).data() for r in range(preview.model.rowCount())] == [4, 6]
    _choose(qtbot, preview.filter, "warning")  # both filters at once
    assert [preview.model.index(r, 0).data() for r in range(preview.model.rowCount())] == [4]
    _choose(qtbot, preview.kind, "")
    assert [preview.model.index(r, 0).data() for r in range(preview.model.rowCount())] == [4, 5]


def test_column_examples_come_from_the_rows_that_have_values(
    qtbot, open_wizard, register, tmp_path, monkeypatch
):
    """18.18: a column empty in the first rows shows what it holds further down."""
    rows = [["本方城市", "外方城市", "国家", "结好日期", "备注"]]
    rows += [["天津", f"城市{i}", "日本", 1990, None] for i in range(6)]
    rows += [
        ["天津", "神户", "日本", 1973, "first agreement"],
        ["天津", "大阪", "日本", 1974, None],
        ["天津", "横滨", "日本", 1975, "renewed 2005"],
    ]
    wizard = open_wizard(register, xlsx(tmp_path / "sparse.xlsx", rows))
    next_to(qtbot, wizard, W.PAGE_MAPPING)
    table = wizard.mapping_page.table
    assert table.item(4, 1).text() == "first agreement | renewed 2005"
    assert table.item(2, 1).text() == "日本"  # the same value once
    assert table.item(1, 1).text() == "城市0 | 城市1 | 城市2"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_duplicates_page_shows_what_would_change_old_to_new(
    qtbot, open_wizard, register, tmp_path, lang
):
    """18.19: each field that would change, from the register's value to the file's, in
    the clerk's language, with vocabulary labels and not codes, before choosing."""
    with register.write() as s:
        tj = create(s, "place", {"name_en": "Tianjin", "name_zh": "天津", "country_code": "CN"})
        osaka = create(s, "place", {"name_en": "Osaka", "name_zh": "大阪", "country_code": "JP"})
        create(
            s,
            "pairing",
            {
                "place_a_id": tj.id,
                "place_b_id": osaka.id,
                "kind": "sister_city",
                "established": "1974-04",
                "status": "proposed",
            },
        )
    path = xlsx(
        tmp_path / "again.xlsx",
        [
            ["本方城市", "外方城市", "国家", "结好日期", "状态", "签约人"],
            ["天津", "大阪", "日本", "1974-04-18", "已结好", "张三"],
        ],
    )
    wizard = open_wizard(register, path, lang=lang)
    next_to(qtbot, wizard, W.PAGE_DUPLICATES)
    dups = wizard.duplicates_page
    shown = dups.model.index(0, 3).data()  # shown while "skip" is chosen, to choose by
    en = {
        "en": (
            "Status: Proposed → Established; Established: 1974-04 → 1974-04-18; "
            "Signatories: (empty) → 张三"
        ),
        "zh": "状态：拟结好 → 已建立；结好日期：1974-04 → 1974-04-18；签约人：（空） → 张三",
    }
    assert shown == en[lang]
    qtbot.mouseClick(
        dups.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=dups.table.visualRect(dups.model.index(0, 0)).center(),
    )
    lines = dups.details.toPlainText().splitlines()
    assert lines[1:] == en[lang].split("；" if lang == "zh" else "; ")
    dups.all.setCurrentIndex(dups.all.findData("update"))
    qtbot.mouseClick(dups.apply_all, Qt.MouseButton.LeftButton)
    next_to(qtbot, wizard, W.PAGE_SUMMARY)
    with register.connect() as conn:
        t = Pairing.__table__
        assert conn.execute(select(t.c.established, t.c.status, t.c.signatories)).one() == (
            "1974-04-18",
            "established",
            "张三",
        )


def test_a_csv_skips_the_sheet_step_and_back_returns_to_the_file(
    qtbot, open_wizard, register, tmp_path
):
    """18.20: one sheet, nothing to choose: Next on the file goes to the header row."""
    path = tmp_path / "pairings.csv"
    path.write_text("本方城市,外方城市,国家,结好日期\n天津,神户,日本,1973\n", encoding="utf-8")
    wizard = open_wizard(register)
    qtbot.keyClicks(wizard.file_page.path, str(path))
    click(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.currentId() == W.PAGE_HEADER, timeout=30_000)
    assert W.PAGE_SHEET not in wizard.visitedIds()
    assert wizard.header_page.row.value() == 1
    click(qtbot, wizard, QWizard.WizardButton.BackButton)
    assert wizard.currentId() == W.PAGE_FILE
    click(qtbot, wizard)  # read already: on at once
    assert wizard.currentId() == W.PAGE_HEADER
    next_to(qtbot, wizard, W.PAGE_SUMMARY)
    assert wizard.import_result.inserted == 1


def test_a_month_lost_to_a_number_cell_is_asked_never_guessed(
    qtbot, open_wizard, register, tmp_path
):
    """1993.10 typed into a spreadsheet becomes the number 1993.1, January's number too.
    The list is typed as a clerk types it and saved by LibreOffice, which stores those
    cells as numbers; the wizard asks once per year which month, and writes the answer."""
    from tests.test_export import soffice_convert

    with register.write() as s:
        create(s, "place", {"name_en": "Shanghai", "name_zh": "上海", "country_code": "CN"})
    typed = tmp_path / "typed.csv"
    typed.write_text(
        "Local,Partner,Country,Since\n"
        "Shanghai,Haifa,Israel,1993.10\n"
        "Shanghai,Hamburg,Germany,1986.5\n"
        "Shanghai,Rotterdam,Netherlands,1979.1\n"
        "Shanghai,Montreal,Canada,1985.5\n",
        encoding="utf-8",
    )
    path = soffice_convert(typed, tmp_path, "xlsx")
    wizard = open_wizard(register, path)
    next_to(qtbot, wizard, W.PAGE_PREVIEW)
    preview = wizard.preview_page
    asked = {q.key: (q, combo) for q, combo in preview.question_combos}
    assert set(asked) == {"number_date:established:1993", "number_date:established:1979"}
    q, combo = asked["number_date:established:1993"]
    assert q.rows == [2] and combo.currentData() is None
    assert "1993.1 was typed as a number" in q.prompt("en")
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # not guessed
    combo.setCurrentIndex(combo.findData("1993-10"))
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # one still open
    _q, combo_1979 = asked["number_date:established:1979"]
    combo_1979.setCurrentIndex(combo_1979.findData("1979"))  # only the year is sure
    next_to(qtbot, wizard, W.PAGE_SUMMARY)
    with register.connect() as conn:
        p, t = Place.__table__, Pairing.__table__
        query = select(p.c.name_en, t.c.established).join(t, t.c.place_b_id == p.c.id)
        since = {name: when for name, when in conn.execute(query)}
    assert since == {
        "Haifa": "1993-10",
        "Hamburg": "1986-05",
        "Rotterdam": "1979",
        "Montreal": "1985-05",
    }
