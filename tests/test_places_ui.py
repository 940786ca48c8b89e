"""Places where a clerk enters them (issues 13.4, 18.7, 18.11, 18.12, 18.14): pickers that
know the gazetteer, places made in place, the office's own place, defaults, a pairing's page
that adds what belongs to it, columns that fit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QMessageBox, QPushButton
from sqlalchemy import select

from tests.test_ui import type_chinese
from twindesk.core import operations as ops
from twindesk.core import places
from twindesk.core.models import Contact, Exchange, Pairing, Place, PlaceAlias, Programme
from twindesk.ui.app import install_translations
from twindesk.ui.dialogs.settings import SettingsDialog
from twindesk.ui.forms import RecordForm, RecordPicker
from twindesk.ui.settings import Settings


def add_kobe(register) -> int:
    with register.write() as s:
        return ops.create(
            s, "place", {"name_en": "Kobe", "name_zh": "神户", "country_code": "JP"}
        ).id


def place_named(register, name_en: str) -> Place | None:
    with register.read() as s:
        return s.execute(select(Place).where(Place.name_en == name_en)).scalar_one_or_none()


def answer_questions(monkeypatch, answer=QMessageBox.StandardButton.Yes) -> list[str]:
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda parent, title, text, *a: asked.append(text) or answer
    )
    return asked


def save_the_place_form_when_it_opens(qtbot, seen: list) -> None:
    """The place form opens modally (exec): look at it, then press its Save, as a clerk would."""

    def act() -> None:
        form = QApplication.activeModalWidget()
        if not isinstance(form, RecordForm) or form.entity != "place":
            QTimer.singleShot(20, act)
            return
        seen.append(form.values())
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, act)


# -- 18.7 / 13.4: pickers --------------------------------------------------------------
def test_picker_offers_register_then_gazetteer_then_new_place(qtbot, register):
    add_kobe(register)
    picker = RecordPicker(register, "place", "en")
    qtbot.addWidget(picker)
    qtbot.keyClicks(picker.edit, "kob")
    offered = picker.offers()
    assert offered[0] == "Kobe (JP)" and picker.value() is not None
    assert "Koblenz 科布伦茨 — Rheinland-Pfalz, Germany" in offered
    assert not any(
        line.startswith("Kobe 神户 —") for line in offered
    )  # one identity: not Kobe twice
    assert offered[-1] == "New place “kob”…"


def test_choosing_a_gazetteer_place_adds_it_with_both_names_region_and_coordinates(
    qtbot, register, monkeypatch
):
    form = RecordForm(register, "pairing")
    qtbot.addWidget(form)
    picker = form.widgets["place_a_id"]
    type_chinese(picker.edit, "武汉")
    line = next(o for o in picker.offers() if o.startswith("Wuhan 武汉 — Hubei"))
    asked = answer_questions(monkeypatch)
    created = []
    form.saved.connect(lambda *args: created.append(args))
    picker.choose(line)
    qtbot.waitUntil(lambda: picker.value() is not None)
    assert "Add this place to the register?" in asked[0] and "Hubei 湖北省" in asked[0]
    wuhan = place_named(register, "Wuhan")
    hubei = place_named(register, "Hubei")
    assert (wuhan.name_zh, wuhan.country_code, wuhan.place_type) == ("武汉", "CN", "city")
    assert wuhan.latitude == pytest.approx(30.58, abs=0.01) and wuhan.parent_id == hubei.id
    assert (hubei.name_zh, hubei.place_type) == (
        "湖北",
        "province",
    )  # as lists write it; 湖北省 an alias
    with register.read() as s:
        assert s.execute(
            select(PlaceAlias.alias).where(PlaceAlias.place_id == hubei.id)
        ).scalars().all() == ["湖北省"]
    assert picker.value() == wuhan.id and picker.edit.text() == "Wuhan (CN)"
    assert created[0][:3] == ("place", wuhan.id, None)  # the window makes it an undo step
    # Chosen again elsewhere: the register's Wuhan is offered first, not the gazetteer's.
    other = form.widgets["place_b_id"]
    type_chinese(other.edit, "武汉")
    assert (
        other.offers()[0] == "Wuhan (CN)" and len([o for o in other.offers() if "Wuhan" in o]) == 1
    )


def test_a_typed_name_that_names_no_place_offers_to_create_it(qtbot, register, monkeypatch):
    """Issue 18.7: 武汉 typed in a register with no such place is not "is required"."""
    kobe = add_kobe(register)
    form = RecordForm(register, "pairing", lang="zh")
    qtbot.addWidget(form)
    form.show()
    form.widgets["place_b_id"].set_value(kobe)
    type_chinese(form.widgets["place_a_id"].edit, "武汉")
    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.No)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert asked == ["There is no place “武汉” in the register. Create it?"]
    message = form.errors["place_a_id"].text()
    assert (
        message == "登记册中没有地点“武汉”：请从列表中选择，或新建该地点。"
        and "必填" not in message
    )
    assert form.isVisible()

    # Yes: the place form opens prefilled from the gazetteer; its Save, then the pairing's.
    answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    prefilled: list = []
    save_the_place_form_when_it_opens(qtbot, prefilled)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert prefilled[0]["name_en"] == "Wuhan" and prefilled[0]["name_zh"] == "武汉"
    assert prefilled[0]["country_code"] == "CN" and prefilled[0]["latitude"] == "30.58333"
    assert not form.isVisible()
    wuhan = place_named(register, "Wuhan")
    assert wuhan.parent_id == place_named(register, "Hubei").id  # the region, added with it
    with register.read() as s:
        pairing = s.execute(select(Pairing)).scalar_one()
    assert (pairing.place_a_id, pairing.place_b_id) == (wuhan.id, kobe)


def test_new_place_entry_opens_the_place_form_and_the_picker_takes_the_place(qtbot, register):
    picker = RecordPicker(register, "place", "en")
    qtbot.addWidget(picker)
    qtbot.keyClicks(picker.edit, "Zzyzx Springs")  # in no gazetteer
    assert picker.offers() == ["New place “Zzyzx Springs”…"]
    seen: list = []

    def fill_and_save() -> None:
        form = QApplication.activeModalWidget()
        if not isinstance(form, RecordForm):
            QTimer.singleShot(20, fill_and_save)
            return
        seen.append(form.values())
        country = form.widgets["country_code"]
        country.setCurrentIndex(country.findData("US"))
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill_and_save)
    picker.choose("New place “Zzyzx Springs”…")
    qtbot.waitUntil(lambda: picker.value() is not None)
    assert seen[0]["name_en"] == "Zzyzx Springs" and seen[0]["place_type"] == "city"
    assert place_named(register, "Zzyzx Springs").id == picker.value()


def test_other_pickers_say_what_is_missing(qtbot, demo):
    form = RecordForm(demo, "programme")
    qtbot.addWidget(form)
    qtbot.keyClicks(form.widgets["pairing_id"].edit, "nowhere at all")
    qtbot.keyClicks(form.widgets["title_en"], "Plan")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "nothing in the register answers to “nowhere at all”" in form.errors["pairing_id"].text()
    pairing = RecordForm(demo, "pairing")
    qtbot.addWidget(pairing)
    qtbot.keyClicks(pairing.widgets["place_b_id"].edit, "msk")  # Moscow and Minsk: not a new place
    qtbot.mouseClick(pairing.save_button, Qt.MouseButton.LeftButton)
    assert (
        pairing.errors["place_b_id"].text()
        == "Partner place: several records answer to “msk”; pick one from the list."
    )


# -- 18.12: defaults, own place --------------------------------------------------------
def test_new_records_start_with_a_clerks_usual_values(qtbot, register):
    kobe = add_kobe(register)
    with register.write() as s:
        wuxi = ops.create(
            s, "place", {"name_en": "Wuxi", "name_zh": "无锡", "country_code": "CN"}
        ).id
    places.set_own_place(register, wuxi)
    pairing = RecordForm(register, "pairing")
    qtbot.addWidget(pairing)
    values = pairing.values()
    assert (values["place_a_id"], values["level"], values["status"], values["established"]) == (
        wuxi,
        "city",
        "established",
        "",
    )
    assert not pairing.is_modified()  # defaults are not the clerk's changes
    pairing.widgets["place_b_id"].set_value(kobe)
    qtbot.mouseClick(pairing.save_button, Qt.MouseButton.LeftButton)
    with register.read() as s:
        saved = s.execute(select(Pairing)).scalar_one()
    assert (saved.place_a_id, saved.level, saved.status, saved.established) == (
        wuxi,
        "city",
        "established",
        "",
    )
    place = RecordForm(register, "place")
    qtbot.addWidget(place)
    assert place.values()["place_type"] == "city"


def test_welcome_asks_operator_and_own_place_and_plants_it_in_the_new_register(
    qtbot, controller, tmp_path, monkeypatch
):
    from twindesk.ui.welcome import show_welcome

    target = tmp_path / "office.sqlite3"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    welcome = show_welcome(controller)
    welcome.language.setCurrentIndex(welcome.language.findData("zh"))
    qtbot.waitUntil(lambda: welcome.own_place_label.text() == "本地城市或省份")
    type_chinese(welcome.operator, "李华")
    type_chinese(welcome.own_place.edit, "无锡")
    line = next(o for o in welcome.own_place.offers() if o.startswith("无锡 Wuxi — 中国"))
    welcome.own_place.choose(line)
    qtbot.mouseClick(welcome.create_button, Qt.MouseButton.LeftButton)
    window = controller.window
    assert window.register.path == target
    assert Settings.load().operator == "李华" and window.register.operator == "李华"
    own = places.own_place(window.register)
    with window.register.read() as s:
        wuxi = s.get(Place, own)
        jiangsu = s.get(Place, wuxi.parent_id)
        from twindesk.core.models import AuditEntry

        operators = set(s.execute(select(AuditEntry.operator)).scalars())
    assert (wuxi.name_en, wuxi.name_zh, wuxi.country_code) == ("Wuxi", "无锡", "CN")
    assert wuxi.latitude is not None and (jiangsu.name_en, jiangsu.name_zh) == ("Jiangsu", "江苏")
    assert operators == {"李华"}  # the change log names who added them
    assert window.page("place").model.rowCount() == 2
    # ...and it is the local side of the next new pairing.
    form = window.form("pairing")
    assert form.widgets["place_a_id"].value() == own
    form.close()


def test_settings_change_the_own_place(qtbot, demo, qt_settings):
    settings = Settings.load()
    dialog = SettingsDialog(settings, None, demo)
    qtbot.addWidget(dialog)
    assert dialog.own_place.value() is None
    qtbot.keyClicks(dialog.own_place.edit, "beijing")
    assert dialog.own_place.value() is not None  # one register place answers: taken
    qtbot.mouseClick(
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
        Qt.MouseButton.LeftButton,
    )
    own = places.own_place(demo)
    assert place_named(demo, "Beijing").id == own
    assert RecordForm(demo, "pairing").values()["place_a_id"] == own


# -- 18.14: a pairing's page adds what belongs to it --------------------------------------
def test_pairing_page_adds_an_exchange_a_programme_and_a_contact(qtbot, demo):
    from twindesk.ui.pairing_view import PairingView

    view = PairingView(demo, 1)
    qtbot.addWidget(view)
    saved = []
    view.saved.connect(lambda *args: saved.append(args[:2]))
    before = view.related["exchange"].model().rowCount()
    view.tabs.setCurrentIndex(view.tabs.indexOf(view.related["exchange"].parentWidget()))
    qtbot.mouseClick(view.findChild(QPushButton, "new_exchange"), Qt.MouseButton.LeftButton)
    form = next(f for f in view.findChildren(RecordForm) if f.entity == "exchange")
    assert form.values()["pairings"] == [1]
    qtbot.keyClicks(form.widgets["title_en"], "Youth football week")
    qtbot.keyClicks(form.widgets["start"], "2031-05-02")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert view.related["exchange"].model().rowCount() == before + 1
    tab = view.tabs.tabText(view.tabs.indexOf(view.related["exchange"].parentWidget()))
    assert tab == f"Exchanges ({before + 1})"
    # newest first: the new exchange is the first row
    model = view.related["exchange"].model()
    assert model.index(0, 0).data() == "Youth football week"

    programme = view.add_related("programme")
    assert programme.values()["pairing_id"] == 1
    qtbot.keyClicks(programme.widgets["title_en"], "Sister schools 2031")
    qtbot.mouseClick(programme.save_button, Qt.MouseButton.LeftButton)
    contact = view.add_related("contact")
    assert contact.values()["pairings"] == [1]
    qtbot.keyClicks(contact.widgets["name_en"], "Anna Petrova")
    qtbot.mouseClick(contact.save_button, Qt.MouseButton.LeftButton)
    with demo.read() as s:
        assert (
            s.execute(
                select(Programme.pairing_id).where(Programme.title_en == "Sister schools 2031")
            ).scalar()
            == 1
        )
        assert s.execute(
            select(Exchange.id).where(Exchange.title_en == "Youth football week")
        ).scalar()
        anna = s.execute(select(Contact.id).where(Contact.name_en == "Anna Petrova")).scalar_one()
        links = ops.links_of(s, "contact", anna)
    assert links["pairings"] == [1]
    assert [e for e, _ in saved] == ["exchange", "programme", "contact"]  # each an undo step
    assert view.findChild(QPushButton, "attach") is not None  # a document, as before


def test_exchanges_tab_is_sorted_by_date_with_a_readable_title(qtbot, demo):
    from twindesk.ui.pairing_view import PairingView

    view = PairingView(demo, 3)  # Beijing–Moscow: four exchanges
    qtbot.addWidget(view)
    table = view.related["exchange"]
    view.show()
    view.tabs.setCurrentIndex(view.tabs.indexOf(table.parentWidget()))
    qtbot.waitUntil(table.isVisible)
    model = table.model()
    starts = [model.row(r).start for r in range(model.rowCount())]
    assert starts == sorted(starts, reverse=True) and len(starts) > 1
    header = table.horizontalHeader()
    widest = max(
        table.fontMetrics().horizontalAdvance(model.index(r, 0).data())
        for r in range(model.rowCount())
    )
    # titles readable (whole, or at least 160 px), not cut at a fixed 150 px; the date in view
    assert header.sectionSize(0) >= min(widest, 160)
    assert header.sectionViewportPosition(2) + header.sectionSize(2) <= table.viewport().width()


# -- 18.11: list columns --------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_list_columns_fit_content_and_keep_the_date_in_view(qtbot, demo, qt_settings, lang):
    from twindesk.ui.list_page import ListPage

    install_translations(QApplication.instance(), lang)
    try:
        page = ListPage(demo, "pairing", lang)
        qtbot.addWidget(page)
        page.resize(1280 - 200, 600)  # what the window at 1280 px leaves beside the sidebar
        page.show()
        qtbot.waitExposed(page)
        table, header = page.table, page.table.horizontalHeader()
        established = next(i for i, c in enumerate(page.model.columns) if c.key == "established")
        assert (
            header.sectionViewportPosition(established) + header.sectionSize(established)
            <= table.viewport().width()
        )
        assert header.visualIndex(0) == 0 and header.visualIndex(1) == 1  # the names first
        widths = [header.sectionSize(c) for c in range(page.model.columnCount())]
        assert len(set(widths[:-1])) > 3  # sized to content, not a fixed 150
        # a name column shows the whole name when there is room
        local = max(
            table.fontMetrics().horizontalAdvance(page.model.index(r, 0).data())
            for r in range(page.model.rowCount())
        )
        assert widths[0] >= min(local + 10, 180)
    finally:
        install_translations(QApplication.instance(), "en")


def test_picking_from_the_popup_with_the_keyboard(qtbot, register, monkeypatch):
    """Down to the gazetteer's line and Enter, as a clerk picks it."""
    form = RecordForm(register, "pairing")
    qtbot.addWidget(form)
    form.show()
    picker = form.widgets["place_b_id"]
    qtbot.keyClicks(picker.edit, "kobe")
    popup = picker.edit.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    assert picker.offers()[0].startswith("Kobe 神户 — Hyōgo, Japan")
    answer_questions(monkeypatch)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: picker.value() is not None)
    kobe = place_named(register, "Kobe")
    assert (kobe.name_zh, kobe.country_code, picker.edit.text()) == ("神户", "JP", "Kobe (JP)")
