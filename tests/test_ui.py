"""The window, driven as a clerk drives it: typing, clicking, shortcuts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
)
from sqlalchemy import select

from twindesk.core.models import Pairing, Place
from twindesk.core.storage import open_register
from twindesk.ui.app import install_translations
from twindesk.ui.dialogs.settings import SettingsDialog
from twindesk.ui.forms import RecordForm
from twindesk.ui.main_window import MainWindow
from twindesk.ui.settings import Settings
from twindesk.ui.table_model import RecordTableModel

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"


def type_chinese(widget, text: str) -> None:
    """Type Chinese the way a clerk's input method delivers it: a committed string.

    (QTest key clicks only know ASCII keys.)
    """
    from PySide6.QtGui import QInputMethodEvent

    event = QInputMethodEvent()
    event.setCommitString(text)
    widget.setFocus()
    QApplication.sendEvent(widget, event)


def test_table_models_pass_qt_model_checks(qtmodeltester, demo):
    for entity in ("pairing", "place", "programme", "exchange", "contact"):
        qtmodeltester.check(RecordTableModel(demo, entity))


def test_table_fetches_pages_not_the_whole_table(demo):
    model = RecordTableModel(demo, "pairing")
    model.PAGE_SIZE = 5
    model.MAX_PAGES = 2
    model.refresh()
    assert model.rowCount() == 29
    assert model.cached_pages() == 1  # the first page, read with the count; no more
    assert model.data(model.index(28, 1)) is not None
    for row in range(29):
        model.data(model.index(row, 0))
    assert model.cached_pages() == 2


def test_quick_search_and_filters(qtbot, window):
    page = window.show_section("pairing")
    qtbot.keyClicks(page.search, "bj")
    qtbot.waitUntil(lambda: page.model.rowCount() == 25)
    assert window.count_label.text() == "25 pairings"
    page.search.clear()
    type_chinese(page.search, "莫斯科")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.data(page.model.index(0, 1)) == "Moscow"
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 29)
    box = page.filters["countries"]
    box.setCurrentIndex(box.findData("RU"))
    assert page.model.rowCount() == 3
    page.filters["kinds"].setCurrentIndex(page.filters["kinds"].findData("friendship_agreement"))
    assert page.model.rowCount() == 1


def test_a_search_with_many_hits_shows_its_rows_before_its_count(qtbot, window, monkeypatch):
    """The first rows of a long result show at once as "more than"; the exact count
    follows from the thread pool and adds the rows after them (issue 16: a server
    counting 60,000 hits of a million exchanges reads every one)."""
    monkeypatch.setattr(RecordTableModel, "FIRST_COUNT", 10)
    monkeypatch.setattr(RecordTableModel, "PAGE_SIZE", 5)  # rows 5 to 10 read when shown
    page = window.show_section("pairing")
    said: list[str] = []
    page.count_changed.connect(lambda _n: said.append(window.count_label.text()))
    qtbot.keyClicks(page.search, "bj")
    qtbot.waitUntil(lambda: page.model.rowCount() == 25)
    assert said[-2:] == ["more than 10 pairings", "25 pairings"]
    assert window.count_label.text() == "25 pairings" and page.model.exact
    page.table.setFocus()
    page.table.selectRow(24)  # a row the first count did not reach opens like any other
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    from twindesk.ui.pairing_view import PairingView

    (view,) = window.findChildren(PairingView)
    assert view.record_id == page.model.record_id(24) is not None
    view.close()


def test_sorting_by_a_column(qtbot, window):
    page = window.show_section("pairing")
    # Unsorted at first: the register's own order (by id), not the last column's
    # (Qt's "no sort column" is -1, which Python would read as the last one).
    assert page.model.order == [] and page.model.data(page.model.index(0, 1)) == "Tokyo"
    established = [c.key for c in page.model.columns].index("established")
    page.table.sortByColumn(established, Qt.SortOrder.DescendingOrder)
    assert page.model.data(page.model.index(0, established)) == "2 June 2021"


def test_pages_are_built_when_the_clerk_first_goes_to_them(qtbot, window):
    """Start-up builds the dashboard alone (issue 15): a page is built, loaded and shown
    the first time the clerk clicks it in the sidebar, then kept."""
    assert window.built_pages() == [] and window.stack.currentWidget() is window.dashboard
    item = window.sidebar.item(window.sections.index("place"))
    qtbot.mouseClick(
        window.sidebar.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.sidebar.visualItemRect(item).center(),
    )
    places = window.current_page()
    assert places is not None and places.entity == "place" and window.built_pages() == [places]
    qtbot.waitUntil(lambda: places.model.rowCount() == 43)
    assert window.count_label.text() == places.count_text() != ""
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)  # to Contacts
    assert window.current_page().entity == "contact"
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Up)  # back: the same page, not a new one
    assert window.current_page() is places and len(window.built_pages()) == 2


def test_ctrl_f_focuses_search(qtbot, window):
    window.sidebar.setCurrentRow(0)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() is window.page("pairing")
    assert window.page("pairing").search.hasFocus()


def open_form(qtbot, window, entity) -> RecordForm:
    window.show_section(entity)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    forms = [f for f in window.findChildren(RecordForm) if f.isVisible()]
    assert len(forms) == 1
    return forms[0]


def test_new_place_typed_into_the_form(qtbot, window, demo):
    form = open_form(qtbot, window, "place")
    qtbot.keyClicks(form.widgets["name_en"], "Minsk Oblast")
    type_chinese(form.widgets["name_zh"], "明斯克州")
    country = form.widgets["country_code"]
    country.setCurrentIndex(country.findData("BY"))
    form.widgets["place_type"].setCurrentIndex(form.widgets["place_type"].findData("province"))
    qtbot.keyClicks(form.widgets["aliases"], "Minskaya voblasts")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    with demo.read() as s:
        place = s.execute(select(Place).where(Place.name_en == "Minsk Oblast")).scalar_one()
    assert (place.name_zh, place.country_code, place.place_type) == ("明斯克州", "BY", "province")
    assert window.page("place").model.rowCount() == 44


def test_invalid_form_shows_messages_and_writes_nothing(qtbot, window, demo, monkeypatch):
    form = open_form(qtbot, window, "pairing")
    picker = form.widgets["place_a_id"]
    qtbot.keyClicks(picker.edit, "beij")
    assert picker.value() is not None  # one match: taken
    qtbot.keyClicks(form.widgets["established"], "1995-13")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert form.errors["established"].isVisible()
    assert "is not a date" in form.errors["established"].text()
    form.widgets["established"].setText("1995")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.errors["place_b_id"].text() == "Partner place is required."
    with demo.read() as s:
        assert len(s.execute(select(Pairing.id)).all()) == 29
    # closing asks before throwing away what was typed
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a: asked.append(a[2]) or QMessageBox.StandardButton.Cancel
    )
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert form.isVisible() and asked == ["Discard the changes you made?"]
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Discard)
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible()


def test_duplicate_pairing_refused_inline_in_chinese(qtbot, demo, qt_settings):
    install_translations(QApplication.instance(), "zh")
    try:
        form = RecordForm(demo, "pairing", lang="zh")
        qtbot.addWidget(form)
        form.widgets["place_a_id"].set_value(1)  # Beijing
        type_chinese(form.widgets["place_b_id"].edit, "东京")
        assert form.widgets["place_b_id"].value() is not None
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        assert "已有现行的友好城市关系" in form.errors["place_b_id"].text()
    finally:
        install_translations(QApplication.instance(), "en")


def tokyo_id(demo) -> int:
    with demo.read() as s:
        return s.execute(select(Place.id).where(Place.name_en == "Tokyo")).scalar_one()


def save_notes(qtbot, window, register, place_id: int, text: str) -> None:
    """Type notes into a place's form in the window and press Save, as a clerk does."""
    form = RecordForm(register, "place", place_id, parent=window)
    form.saved.connect(window._saved)
    form.widgets["notes"].setPlainText(text)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)


def notes_of(register, place_id: int) -> str:
    with register.read() as s:
        return s.get(Place, place_id).notes


def edit_elsewhere(path, place_id: int, text: str) -> None:
    """Another clerk's window saves the place in between."""
    from twindesk.core import operations as ops

    with open_register(path) as other, other.write() as s:
        record = ops.get(s, "place", place_id)
        ops.update(s, "place", place_id, {"notes": text}, version=record.version)


def test_edit_then_undo_and_redo(qtbot, window, demo):
    tokyo = tokyo_id(demo)
    save_notes(qtbot, window, demo, tokyo, "Capital of Japan")
    assert notes_of(demo, tokyo) == "Capital of Japan"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert notes_of(demo, tokyo) == ""
    window.redo_action.trigger()
    assert notes_of(demo, tokyo) == "Capital of Japan"


def test_two_saves_of_one_record_undo_and_redo_in_turn(qtbot, window, demo):
    """The window's own saves are not someone else's: undo twice walks back both."""
    tokyo = tokyo_id(demo)
    for text in ("First", "Second"):
        save_notes(qtbot, window, demo, tokyo, text)
    for expected in ("First", ""):
        window.undo_action.trigger()
        assert notes_of(demo, tokyo) == expected
    for expected in ("First", "Second"):
        window.redo_action.trigger()
        assert notes_of(demo, tokyo) == expected


def test_undo_and_redo_refuse_to_overwrite_another_clerks_save(qtbot, window, demo, monkeypatch):
    """Undo writes with the version it saved, like any save: another clerk's edit since
    then is never overwritten; the refusal shows both versions."""
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warned.append(text))
    tokyo = tokyo_id(demo)
    save_notes(qtbot, window, demo, tokyo, "Capital of Japan")
    edit_elsewhere(demo.path, tokyo, "Seen by the other clerk")
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert notes_of(demo, tokyo) == "Seen by the other clerk"
    assert (
        len(warned) == 1
        and "Seen by the other clerk" in warned[0]
        and "Capital of Japan" not in warned[0]
    )
    assert not window.undo_stack.canUndo()  # the refused step is gone, not half-undone
    # Redo is held to the same rule.
    save_notes(qtbot, window, demo, tokyo, "Third text")
    window.undo_action.trigger()
    edit_elsewhere(demo.path, tokyo, "Changed again elsewhere")
    window.redo_action.trigger()
    assert notes_of(demo, tokyo) == "Changed again elsewhere"
    assert len(warned) == 2


def answer_next_box(button: str) -> list[str]:
    """Click ``button`` of the next message box that opens; what it said is returned."""
    from PySide6.QtCore import QTimer

    asked: list[str] = []

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, click)
            return
        asked.append(f"{box.text()}\n{box.informativeText()}")
        next(b for b in box.buttons() if b.text().replace("&", "") == button).click()

    QTimer.singleShot(0, click)
    return asked


def test_delete_names_what_is_affected(qtbot, window, demo):
    asked = answer_next_box("Delete")
    page = window.show_section("pairing")
    qtbot.keyClicks(page.search, "moscow")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert "Beijing – Moscow" in asked[0]
    assert {"• 1 programme", "• 4 exchanges"} <= set(asked[0].splitlines())
    with demo.read() as s:
        assert len(s.execute(select(Pairing.id)).all()) == 28


def test_enter_opens_the_pairing_page_with_everything(qtbot, window):
    page = window.show_section("pairing")
    qtbot.keyClicks(page.search, "moscow")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    from twindesk.ui.pairing_view import PairingView

    view = window.findChildren(PairingView)[0]
    assert view.widgets["place_b_id"].edit.text() == "Moscow (RU)"
    titles = [view.tabs.tabText(i) for i in range(view.tabs.count())]
    assert titles[2:5] == ["Programmes (1)", "Exchanges (4)", "Contacts (6)"]
    assert "Established" in view.history.item(0).text()
    assert view.documents.count() == 0
    view.close()


def test_attachments_on_the_pairing_page(qtbot, demo, tmp_path, qt_settings):
    from twindesk.ui.pairing_view import PairingView

    scan = tmp_path / "agreement.pdf"
    scan.write_bytes(b"%PDF-1.4 signed")
    view = PairingView(demo, 1)
    qtbot.addWidget(view)
    view.attach_file(str(scan))
    assert view.documents.count() == 1
    view.documents.setCurrentRow(0)
    out = tmp_path / "out"
    out.mkdir()
    saved = view.save_selected(str(out))
    assert saved.read_bytes() == b"%PDF-1.4 signed" and saved.parent == out


def test_settings_are_stored(qtbot, qt_settings):
    settings = Settings.load()
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.office, "Foreign Affairs Office of Wuhan")
    dialog.language.setCurrentIndex(dialog.language.findData("zh"))
    dialog.button_box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(
        dialog.button_box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    again = Settings.load()
    assert (again.office_name, again.language, again.lang) == (
        "Foreign Affairs Office of Wuhan",
        "zh",
        "zh",
    )


def test_column_order_and_visibility_are_remembered(qtbot, demo, qt_settings):
    from twindesk.ui.list_page import ListPage

    page = ListPage(demo, "pairing", "en")
    qtbot.addWidget(page)
    header = page.table.horizontalHeader()
    header.moveSection(1, 0)
    page._toggle_column(3, False)
    again = ListPage(demo, "pairing", "en")
    qtbot.addWidget(again)
    assert again.table.horizontalHeader().visualIndex(1) == 0
    assert again.table.horizontalHeader().isSectionHidden(3)


def test_vocabulary_page_adds_a_term(qtbot, window, demo):
    page = window.vocabularies
    page.choice.setCurrentIndex(page.choice.findData("exchange_type"))
    qtbot.keyClicks(page.label_en, "Expo")
    type_chinese(page.label_zh, "博览会")
    qtbot.mouseClick(page.findChild(QPushButton, "addTerm"), Qt.MouseButton.LeftButton)
    codes = [page.table.item(r, 4).text() for r in range(page.table.rowCount())]
    assert "expo" in codes  # made from the name: the clerk invents no code


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_screenshots_of_every_screen(qtbot, demo, qt_settings, lang):
    """Saves a PNG of each main screen in both languages for people to look at."""
    install_translations(QApplication.instance(), lang)
    try:
        settings = Settings.load()
        settings.language = lang
        w = MainWindow(demo, settings)
        qtbot.addWidget(w)
        w.resize(1280, 800)
        w.show()
        SCREENSHOTS.mkdir(exist_ok=True)
        from PySide6.QtCharts import QChartView

        qtbot.waitUntil(lambda: w.dashboard.findChild(QChartView) is not None)
        names = [
            "dashboard",
            "pairings",
            "programmes",
            "exchanges",
            "places",
            "contacts",
            "map",
            "lists",
        ]
        for row, name in enumerate(names):
            w.sidebar.setCurrentRow(row)
            QApplication.processEvents()
            image = w.grab()
            assert not image.isNull()
            assert image.save(str(SCREENSHOTS / f"{lang}-{name}.png"))
        w.open_record("pairing", 3)
        from twindesk.ui.pairing_view import PairingView

        view = w.findChildren(PairingView)[0]
        QApplication.processEvents()
        assert view.grab().save(str(SCREENSHOTS / f"{lang}-pairing.png"))
        title = w.sidebar.item(1).text()
        assert title == ("结好关系" if lang == "zh" else "Pairings")
        view.close()
        w.close()
    finally:
        install_translations(QApplication.instance(), "en")
    assert os.path.getsize(SCREENSHOTS / f"{lang}-dashboard.png") > 10_000


@pytest.mark.parametrize("typed", ["mos", "莫斯", "moscow"])
def test_place_picker_completes_from_any_name(qtbot, demo, typed):
    from twindesk.ui.forms import RecordPicker

    picker = RecordPicker(demo, "place", "en")
    qtbot.addWidget(picker)
    if typed.isascii():
        qtbot.keyClicks(picker.edit, typed)
    else:
        type_chinese(picker.edit, typed)
    offered = picker.offers()
    # the register's Moscow first; the gazetteer's other places after it, never a second Moscow (RU)
    assert offered[0] == "Moscow (RU)" and picker.value() is not None
    assert not any(
        line.startswith("Moscow 莫斯科 — ") and line.endswith("Russia") for line in offered
    )


def test_place_picker_asks_when_several_match(qtbot, demo):
    from twindesk.ui.forms import RecordPicker

    picker = RecordPicker(demo, "place", "en")
    qtbot.addWidget(picker)
    qtbot.keyClicks(picker.edit, "msk")  # pinyin initials of both 莫斯科 and 明斯克
    assert {"Moscow (RU)", "Minsk (BY)"} <= set(picker.offers())
    assert picker.value() is None
    picker.choose("Minsk (BY)")
    assert picker.value() is not None


def test_iso_date_display_setting(qtbot, demo, qt_settings):
    settings = Settings.load()
    settings.date_display = "iso"
    w = MainWindow(demo, settings)
    qtbot.addWidget(w)
    try:
        page = w.show_section("pairing")
        established = [c.key for c in page.model.columns].index("established")
        assert page.model.data(page.model.index(0, established)) == "1979-03"
    finally:
        settings.date_display = "interface"
        w.close()
        MainWindow(demo, settings).close()  # leave the process-wide preference as it was


def test_dashboard_figures_arrive_from_the_background(qtbot, window):
    from PySide6.QtWidgets import QFrame, QLabel, QListWidget

    qtbot.waitUntil(lambda: window.dashboard.findChild(QFrame, "card_in_force") is not None)
    card = window.dashboard.findChild(QFrame, "card_in_force")
    assert card.findChild(QLabel, "value").text() == "29"
    recent = window.dashboard.findChild(QListWidget, "recent")
    assert recent.count() == 10 and "added" in recent.item(0).text()


def test_the_chinese_dashboard_puts_年代_under_each_decade(qtbot, open_window, demo):
    """ "1980年代" side by side under a half-width chart ran together and lost the first
    and last decades: in Chinese each decade's label takes two lines."""
    from PySide6.QtCharts import QBarCategoryAxis, QChartView
    from PySide6.QtWidgets import QFrame

    window = open_window(demo, "zh")
    qtbot.waitUntil(lambda: window.dashboard.findChild(QFrame, "card_in_force") is not None)
    axes = [
        axis.categories()
        for view in window.dashboard.findChildren(QChartView)
        for axis in view.chart().axes()
        if isinstance(axis, QBarCategoryAxis)
    ]
    decades = next(a for a in axes if a and a[0].endswith("年代"))
    assert decades[0] == "1970<br>年代" and all(d.endswith("<br>年代") for d in decades)


def test_backup_policy_is_set_in_settings_and_kept_in_the_register(qtbot, demo, qt_settings):
    from twindesk.core import backups

    backups.make_backup(demo.path, "manual")
    dialog = SettingsDialog(Settings.load(), None, demo)
    qtbot.addWidget(dialog)
    assert "1 backup" in dialog.findChild(QLabel, "backup_space").text()
    daily = dialog.findChild(QSpinBox, "backups_daily")
    daily.selectAll()
    qtbot.keyClicks(daily, "30")
    dialog.findChild(QSpinBox, "backups_recent").setValue(3)
    buttons = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    # In the register itself: the command line and every automatic backup see it too.
    with open_register(demo.path, read_only=True) as again:
        assert backups.policy_of(again) == backups.BackupPolicy(
            recent=3, daily=30, weekly=4, monthly=12
        )
