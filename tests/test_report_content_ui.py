"""The window's side of the content offices report (issue 17, items 9, 10, 13, 15): the
report's texts, the country groups, the group filters, the dashboard's anniversaries and
calendar, an exchange's direction. Real widgets on a real register, driven with qtbot."""

from __future__ import annotations

import sqlite3
from datetime import date

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QListWidget, QMessageBox, QPlainTextEdit, QPushButton

from tests.test_ui import type_chinese
from twindesk.ui.dialogs.report_content import GroupsDialog, NarrativeDialog
from twindesk.ui.dialogs.report_dialog import ReportDialog


def sql(register, query: str, *params):
    with sqlite3.connect(register.path) as db:
        return db.execute(query, params).fetchall()


def test_the_reports_texts_are_edited_from_the_report_dialog(qtbot, demo, monkeypatch):
    dialog = ReportDialog(demo, lang="zh", office="北京市人民政府外事办公室")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.year.setValue(2021)
    qtbot.mouseClick(dialog.texts_button, Qt.MouseButton.LeftButton)
    texts = dialog.findChild(NarrativeDialog)
    assert texts is not None and texts.year.value() == 2021
    type_chinese(texts.findChild(QPlainTextEdit, "overview_zh"), "全年新结好三对。")
    qtbot.keyClicks(texts.findChild(QPlainTextEdit, "overview_en"), "Three new pairings.")
    texts.tabs.setCurrentIndex(4)
    type_chinese(texts.findChild(QPlainTextEdit, "next_steps_zh"), "筹备结好纪念活动。")
    # Another year asks whether to keep the typing first.
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Save)
    texts.year.setValue(2022)
    assert texts.findChild(QPlainTextEdit, "overview_zh").toPlainText() == ""
    assert sql(
        demo, "SELECT year, section, text_en, text_zh FROM report_narrative ORDER BY section"
    ) == [
        (2021, "next_steps", "", "筹备结好纪念活动。"),
        (2021, "overview", "Three new pairings.", "全年新结好三对。"),
    ]
    texts.year.setValue(2021)
    assert texts.findChild(QPlainTextEdit, "overview_en").toPlainText() == "Three new pairings."
    texts.findChild(QPlainTextEdit, "overview_en").setPlainText("")
    texts.save_and_close()
    assert sql(demo, "SELECT text_en FROM report_narrative WHERE section = 'overview'") == [("",)]
    dialog.close()
    QThreadPool.globalInstance().waitForDone()


def test_the_narrative_dialog_is_in_the_edit_menu(qtbot, window):
    action = window.findChild(type(window.report_action), "reportTexts")
    action.trigger()
    dialog = window.findChild(NarrativeDialog)
    assert (
        dialog is not None and dialog.isVisible() and dialog.year.value() == date.today().year - 1
    )
    dialog.reject()


def test_country_groups_are_edited(qtbot, window, demo):
    window.groups_action.trigger()
    dialog = window.findChild(GroupsDialog)
    assert dialog.group_list.count() == 5
    sco = next(
        i
        for i in range(dialog.group_list.count())
        if dialog.group_list.item(i).data(Qt.ItemDataRole.UserRole) == "sco"
    )
    dialog.group_list.setCurrentRow(sco)
    assert dialog.members.rowCount() == 10 and dialog.name_zh.text() == "上海合作组织"
    dialog.country.setCurrentIndex(dialog.country.findData("MN"))
    qtbot.mouseClick(dialog.findChild(QPushButton, "addMember"), Qt.MouseButton.LeftButton)
    dialog.members.item(dialog.members.rowCount() - 1, 1).setText("2031年6月")  # as typed
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert sql(
        demo,
        "SELECT joined FROM country_group_member WHERE group_code = 'sco' AND country_code = 'MN'",
    ) == [("2031-06",)]
    # A date that is none is shown, and nothing is written.
    row = dialog.members.rowCount() - 1
    dialog.members.setCurrentCell(row, 1)
    dialog.members.item(row, 2).setText("someday")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "someday" in dialog.problem.text()
    assert sql(
        demo,
        "SELECT left FROM country_group_member WHERE group_code = 'sco' AND country_code = 'MN'",
    ) == [("",)]
    dialog.members.item(row, 2).setText("")
    dialog.members.selectRow(row)
    qtbot.mouseClick(dialog.findChild(QPushButton, "removeMember"), Qt.MouseButton.LeftButton)
    assert dialog.save()
    assert sql(demo, "SELECT count(*) FROM country_group_member WHERE group_code = 'sco'") == [
        (10,)
    ]
    code = dialog.new_group("中亚五国")
    assert sql(demo, "SELECT name_en, name_zh FROM country_group WHERE code = ?", code) == [
        ("", "中亚五国")
    ]
    dialog.reject()


def test_a_group_another_clerk_saved_meanwhile_is_shown_not_overwritten(qtbot, window, demo):
    """The groups dialog keeps the group as it read it: when another clerk saved the group
    since, Save is refused, says so, and shows what they saved (issue 16)."""
    from twindesk.core import groups
    from twindesk.core.storage import open_register

    window.groups_action.trigger()
    dialog = window.findChild(GroupsDialog)
    dialog.group_list.setCurrentRow(
        next(
            i
            for i in range(dialog.group_list.count())
            if dialog.group_list.item(i).data(Qt.ItemDataRole.UserRole) == "sco"
        )
    )
    shown = dialog.members.rowCount()
    other = open_register(demo.path)  # another clerk's TwinDesk on the same register
    try:
        with other.connect(write=True) as conn:
            held = [
                groups.Member(r.country_code, r.joined, r.left) for r in groups.members(conn, "sco")
            ]
            groups.save_group(conn, "sco", "SCO", "上海合作组织", [*held, groups.Member("MN")])
    finally:
        other.close()
    dialog.country.setCurrentIndex(dialog.country.findData("TR"))  # this clerk adds Turkey
    qtbot.mouseClick(dialog.findChild(QPushButton, "addMember"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "was changed by someone else" in dialog.problem.text()
    assert sql(
        demo,
        "SELECT country_code FROM country_group_member WHERE group_code = 'sco' "
        "AND country_code IN ('MN', 'TR')",
    ) == [("MN",)]
    assert dialog.members.rowCount() == shown + 1  # theirs, Mongolia included
    # Made again on what is now shown, the change is saved.
    dialog.country.setCurrentIndex(dialog.country.findData("TR"))
    qtbot.mouseClick(dialog.findChild(QPushButton, "addMember"), Qt.MouseButton.LeftButton)
    assert dialog.save()
    assert sql(demo, "SELECT count(*) FROM country_group_member WHERE group_code = 'sco'") == [
        (shown + 2,)
    ]
    dialog.reject()


def test_lists_filter_by_country_group(qtbot, window, demo):
    page = window.show_section("pairing")
    box = page.filters["groups"]
    box.setCurrentIndex(box.findData("sco"))
    expected = sql(
        demo,
        """SELECT count(*) FROM pairing p JOIN place b ON b.id = p.place_b_id
                             WHERE b.country_code IN (SELECT country_code FROM country_group_member
                                                       WHERE group_code = 'sco' AND left = '')""",
    )[0][0]
    assert page.model.rowCount() == expected == 5  # Moscow, Rybinsk, Pogranichny, Islamabad, Minsk
    page = window.show_section("exchange")
    box = page.filters["groups"]
    box.setCurrentIndex(box.findData("eu"))
    assert page.model.rowCount() == 1  # the Music Week: Berlin, Paris, Brussels
    assert page.model.data(page.model.index(0, 0)) == "Music Week for Friendship Cities"


def test_dashboard_lists_anniversaries_and_exports_the_calendar(
    qtbot, window, demo, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QFileDialog

    qtbot.waitUntil(lambda: window.dashboard.findChild(QListWidget, "anniversaries") is not None)
    listing = window.dashboard.findChild(QListWidget, "anniversaries")
    year = date.today().year
    expected = sql(
        demo,
        """SELECT count(*) FROM pairing WHERE established != '' AND status = 'established'
                             AND ((? - CAST(substr(established, 1, 4) AS INTEGER)) % 5 = 0
                               OR (? - CAST(substr(established, 1, 4) AS INTEGER)) % 5 = 0)""",
        year,
        year + 1,
    )[0][0]
    assert listing.count() == max(expected, 1)
    target = tmp_path / "calendar.ics"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    qtbot.mouseClick(
        window.dashboard.findChild(QPushButton, "exportCalendar"), Qt.MouseButton.LeftButton
    )
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    assert target.read_bytes().count(b"BEGIN:VEVENT") == expected
    assert told and str(target) in told[0]


def test_an_exchange_has_a_direction_in_its_form(qtbot, window, demo):
    from twindesk.ui.forms import RecordForm

    window.show_section("exchange")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = next(f for f in window.findChildren(RecordForm) if f.isVisible())
    qtbot.keyClicks(form.widgets["title_en"], "Delegation to Kobe")
    direction = form.widgets["direction"]
    direction.setCurrentIndex(direction.findData("outgoing"))
    leader = form.widgets["leader_level"]  # the rank of who led it, as offices report it
    assert [leader.itemText(i) for i in range(leader.count())][:3] == [
        "Not recorded",
        "National leader",
        "Provincial / ministerial",
    ]
    leader.setCurrentIndex(leader.findData("ministerial"))
    assert form.save()
    assert sql(
        demo, "SELECT direction, leader_level FROM exchange WHERE title_en = 'Delegation to Kobe'"
    ) == [("outgoing", "ministerial")]
    page = window.page("exchange")
    page.refresh()
    column = [c.key for c in page.model.columns].index("direction")
    rows = [page.model.data(page.model.index(r, column)) for r in range(page.model.rowCount())]
    assert "Outgoing (our visit)" in rows
