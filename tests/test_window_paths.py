"""Issue 18: what misled a clerk in the window, driven as a clerk drives it.

In force is one rule (the vocabulary says which statuses count), the quick search opens
the row shown, each page counts its own rows, a delete says at once what blocks it,
filters clear, counts read well in both languages, the Lists page asks for no code.
"""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QPushButton, QToolButton
from sqlalchemy import func, select, text

from tests import plain_sql
from tests.test_ui import answer_next_box
from twindesk.core import operations as ops
from twindesk.core.i18n import count, translate
from twindesk.core.models import Pairing, Place
from twindesk.core.operations import vocabularies
from twindesk.core.queries import Filter
from twindesk.core.queries import count as list_count
from twindesk.core.reports import data as report_data
from twindesk.core.statistics import overview

STATUSES = ("proposed", "negotiating", "approved", "established", "dormant", "suspended", "ended")


def sql(register, query: str):
    """An independent count, straight from the register (plain SQL, on either engine)."""
    return plain_sql.sql(register, query)[0][0]


def in_force_by_sql(register) -> int:
    return sql(
        register,
        "SELECT count(*) FROM pairing p JOIN pairing_status s ON s.code = p.status "
        "WHERE s.in_force",
    )


@pytest.fixture
def one_of_each_status(register):
    """Beijing paired with seven towns, one in each built-in status."""
    with register.write() as s:
        beijing = ops.create(
            s, "place", {"name_en": "Beijing", "name_zh": "北京", "country_code": "CN"}
        )
        for n, status in enumerate(STATUSES):
            town = ops.create(s, "place", {"name_en": f"Town {n}", "country_code": "FR"})
            ops.create(
                s,
                "pairing",
                {
                    "place_a_id": beijing.id,
                    "place_b_id": town.id,
                    "kind": "sister_city",
                    "status": status,
                    "established": "2001",
                    "ended": "2010" if status == "ended" else "",
                },
            )
    return register


# --------------------------------------------------------------------------- core rules
def figures(register) -> tuple[int, int, int]:
    """In force as the dashboard, the pairings list's filter and the annual report count it."""
    year = date.today().year
    with register.connect() as conn:
        return (
            overview(conn).totals["in_force"],
            list_count(conn, "pairing", Filter(in_force=True)),
            conn.execute(
                select(func.count()).select_from(Pairing).where(report_data.in_force(year))
            ).scalar_one(),
        )


def test_only_the_statuses_the_vocabulary_counts_are_in_force(one_of_each_status):
    register = one_of_each_status
    assert in_force_by_sql(register) == 1  # established only: no proposal, no dormant pairing
    assert figures(register) == (1, 1, 1)
    with register.write() as s:  # a clerk's office also counts suspended pairings
        vocabularies.set_in_force(s, "suspended", True)
    assert in_force_by_sql(register) == 2
    assert figures(register) == (2, 2, 2)


def test_in_force_at_the_end_of_a_past_year(one_of_each_status):
    """The pairing ended in 2010 was in force at the end of 2005, not at the end of 2010."""

    def at(year: int) -> int:
        with one_of_each_status.connect() as conn:
            return conn.execute(
                select(func.count()).select_from(Pairing).where(report_data.in_force(year))
            ).scalar_one()

    assert at(2000) == 0  # none established yet
    assert at(2005) == 2 and at(2010) == 1


def test_upgrade_says_which_statuses_are_in_force(tmp_path):
    """Migration 0005 on a register of the previous release: only established of the built-in
    statuses; a clerk's own current status keeps counting as it did."""
    from sqlalchemy import create_engine

    from twindesk.core import reference
    from twindesk.core.storage import migrations, open_register
    from twindesk.core.storage import sqlite as seam

    path = tmp_path / "old.sqlite3"
    engine = create_engine(seam.url_for(path))
    seam.configure_engine(engine)
    with seam.migration_connection(engine) as conn:
        seam.mark_as_register(conn)
        migrations.upgrade(conn, "0004")
        reference.load(conn)
        conn.execute(
            text(
                "INSERT INTO pairing_status (code, label_en, label_zh, sort_order, builtin, is_current)"
                " VALUES ('active', 'Active', '活跃', 45, 0, 1)"
            )
        )
    engine.dispose()
    open_register(path).close()
    con = sqlite3.connect(path)
    in_force = dict(con.execute("SELECT code, in_force FROM pairing_status"))
    con.close()
    assert in_force == {
        "proposed": 0,
        "negotiating": 0,
        "approved": 0,
        "established": 1,
        "active": 1,
        "dormant": 0,
        "suspended": 0,
        "ended": 0,
    }


def test_a_new_term_gets_its_code_from_its_name(register):
    with register.write() as s:
        water = vocabularies.add_term(
            s, "cooperation_field", label_en="Water management", label_zh="水务管理"
        )
        again = vocabularies.add_term(
            s, "cooperation_field", label_en="Water  Management!", label_zh=""
        )
        chinese = vocabularies.add_term(s, "exchange_type", label_en="", label_zh="博览会")
        accented = vocabularies.add_term(
            s, "exchange_type", label_en="Fête de la musique", label_zh=""
        )
    assert (water.code, again.code, chinese.code, accented.code) == (
        "water_management",
        "water_management_2",
        "bolanhui",
        "fete_de_la_musique",
    )


def test_counts_read_well_in_both_languages():
    assert count(1, "programme", "en") == "1 programme"
    assert count(2, "programme", "en") == "2 programmes"
    assert count(300000, "exchange", "en") == "300,000 exchanges"
    assert count(1, "pairing", "zh") == "1 个结好关系"
    assert count(300000, "exchange", "zh") == "300,000 项交流活动"
    assert count(6, "contact", "zh") == "6 位联系人"


def test_the_decade_figures_show_empty_decades(register):
    with register.write() as s:
        a = ops.create(s, "place", {"name_en": "Tianjin", "country_code": "CN"})
        for n, established in enumerate(("1973", "1995-05", "1999")):
            b = ops.create(s, "place", {"name_en": f"Partner {n}", "country_code": "JP"})
            ops.create(
                s,
                "pairing",
                {
                    "place_a_id": a.id,
                    "place_b_id": b.id,
                    "kind": "sister_city",
                    "established": established,
                },
            )
    with register.connect() as conn:
        assert overview(conn).by_decade == [("1970s", 1), ("1980s", 0), ("1990s", 2)]


def test_chart_ticks_are_round_numbers():
    from twindesk.ui.dashboard import nice_ticks

    assert nice_ticks(936) == (200, 5)  # 0, 200 … 1,000: not 0, 312, 624, 936
    assert nice_ticks(3) == (1, 3)
    assert nice_ticks(7) == (2, 4)
    assert nice_ticks(45) == (10, 5)
    assert nice_ticks(1) == (1, 1)


def test_the_import_messages_name_no_command_line_flag():
    for lang in ("en", "zh"):
        for code in ("import.local.missing", "import.local.missing_wizard"):
            assert "--" not in translate(code, lang)


# --------------------------------------------------------------------------- the window
def column(page, key: str) -> int:
    return [c.key for c in page.model.columns].index(key)


def shown(page, row: int, key: str) -> str:
    return page.model.data(page.model.index(row, column(page, key)))


def double_click(qtbot, widget, pos) -> None:
    """What the window system delivers for a double-click: press, release, double-click,
    release (QTest's mouseDClick alone sends only the double-click)."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=pos)


def opened_from(page) -> list[int]:
    opened: list[int] = []
    page.open_requested.connect(lambda _entity, record_id: opened.append(record_id))
    return opened


def close_forms(window) -> None:
    from twindesk.ui.forms import RecordForm

    for form in window.findChildren(RecordForm):
        form.close()


def moscow_id(register) -> int:
    with register.read() as s:
        return s.execute(
            select(Pairing.id)
            .join(Place, Place.id == Pairing.place_b_id)
            .where(Place.name_en == "Moscow")
        ).scalar_one()


@pytest.mark.parametrize("pause_ms", [0, 100, 250])
def test_double_click_right_after_typing_opens_the_row_shown(qtbot, window, demo, pause_ms):
    """Typed, then double-clicked within 300 ms: the row shown is the row opened."""
    page = window.show_section("pairing")
    page.table.sortByColumn(column(page, "established"), Qt.SortOrder.DescendingOrder)
    before = shown(page, 0, "partner")
    assert before != "Moscow"  # the first row before the search is another pairing
    opened = opened_from(page)
    qtbot.keyClicks(page.search, "moscow")
    qtbot.wait(pause_ms)
    double_click(
        qtbot, page.table.viewport(), page.table.visualRect(page.model.index(0, 0)).center()
    )
    assert shown(page, 0, "partner") == "Moscow" and page.model.rowCount() == 1
    assert opened == [moscow_id(demo)]
    close_forms(window)


def test_enter_after_typing_opens_the_row_shown(qtbot, window, demo):
    page = window.show_section("pairing")
    opened = opened_from(page)
    qtbot.keyClicks(page.search, "moscow")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)  # the results at once, the first one chosen
    assert page.table.hasFocus() and shown(page, 0, "partner") == "Moscow"
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened == [moscow_id(demo)]
    close_forms(window)


def test_a_superseded_search_is_never_shown(qtbot, window):
    page = window.show_section("pairing")
    for typed in ("bj", "mos", "moscow"):
        page.search.blockSignals(True)
        page.search.setText(typed)
        page.search.blockSignals(False)
        page.apply_filter()  # three queries on their way, the last one wins
    QThreadPool.globalInstance().waitForDone()
    qtbot.waitUntil(lambda: page.model.filter.text == "moscow")
    qtbot.wait(50)  # any late result of an older query has arrived by now and was dropped
    assert page.model.filter.text == "moscow" and page.model.rowCount() == 1


@pytest.mark.parametrize(
    "lang, pairings, programmes",
    [("en", "1 pairing", "1 programme"), ("zh", "1 个结好关系", "1 个合作项目")],
)
def test_the_status_bar_counts_the_page_on_screen(
    qtbot, open_window, demo, lang, pairings, programmes
):
    window = open_window(demo, lang)
    page = window.show_section("pairing")
    qtbot.keyClicks(page.search, "moscow")
    qtbot.waitUntil(lambda: window.count_label.text() == pairings)
    window.show_section("programme")
    assert window.count_label.text() == programmes
    window.page("pairing").search.setText("b")  # another page's list changes meanwhile
    window.refresh()
    qtbot.wait(100)
    assert window.count_label.text() == programmes
    assert "(s)" not in window.count_label.text()


@pytest.mark.parametrize(
    "lang, says, listed",
    [
        (
            "en",
            "Place Madrid (ES) cannot be deleted: it is used by 1 pairing (Beijing – Madrid).",
            "Beijing – Madrid",
        ),
        ("zh", "无法删除地点马德里 (ES)：仍有 1 个结好关系使用它（北京—马德里）。", "北京—马德里"),
    ],
)
def test_delete_of_a_place_in_use_says_at_once_what_blocks_it(
    qtbot, open_window, demo, monkeypatch, lang, says, listed
):
    window = open_window(demo, lang)
    asked = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text()))
    page = window.show_section("place")
    qtbot.keyClicks(page.search, "madrid")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    from twindesk.ui.main_window import BlockedDialog

    dialog = window.findChild(BlockedDialog)
    assert asked == []  # nothing asked first, to be refused after
    assert says in dialog.findChild(QLabel).text()
    assert [dialog.records.item(i).text() for i in range(dialog.records.count())] == [listed]
    qtbot.mouseClick(dialog.findChild(QPushButton, "openBlocking"), Qt.MouseButton.LeftButton)
    from twindesk.ui.pairing_view import PairingView

    view = window.findChild(PairingView)
    assert view is not None and view.record_id == sql(
        demo,
        "SELECT p.id FROM pairing p JOIN place b ON b.id = p.place_b_id WHERE b.name_en = 'Madrid'",
    )
    view.close()
    assert sql(demo, "SELECT count(*) FROM place WHERE name_en = 'Madrid'") == 1


def test_delete_of_a_pairing_offers_to_end_it_instead(qtbot, window, demo):
    page = window.show_section("pairing")
    qtbot.keyClicks(page.search, "moscow")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    asked = answer_next_box("End the pairing instead…")
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert asked[0].startswith("Delete pairing Beijing – Moscow?")
    from twindesk.ui.pairing_view import PairingView

    view = window.findChild(PairingView)
    assert (
        view.widgets["status"].currentData() == "ended"
        and view.focusWidget() is view.widgets["ended"]
    )
    answer_next_box("Discard")  # the clerk changes their mind: nothing is saved
    view.close()
    assert sql(demo, "SELECT count(*) FROM pairing") == 29


def test_ctrl_y_redoes_and_undo_names_the_record(qtbot, open_window, demo):
    from twindesk.ui.pairing_view import PairingView

    window = open_window(demo, "zh")
    assert QKeySequence("Ctrl+Y") in window.redo_action.shortcuts()
    pairing = moscow_id(demo)
    before = sql(demo, f"SELECT notes FROM pairing WHERE id = {pairing}")
    view = PairingView(demo, pairing, lang="zh", parent=window)
    view.saved.connect(window._saved)
    view.widgets["notes"].setPlainText("第三届论坛")
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert window.undo_action.text().endswith("编辑结好关系 北京—莫斯科")
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert sql(demo, f"SELECT notes FROM pairing WHERE id = {pairing}") == before
    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert sql(demo, f"SELECT notes FROM pairing WHERE id = {pairing}") == "第三届论坛"


def test_each_filter_clears_and_all_clear_at_once(qtbot, window):
    page = window.show_section("pairing")
    box = page.filters["countries"]
    clear_country = page.findChild(QToolButton, "clear_countries")
    assert not clear_country.isVisible()
    box.setCurrentIndex(box.findData("RU"))
    assert page.model.rowCount() == 3 and clear_country.isVisible()
    qtbot.mouseClick(clear_country, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 29 and box.currentIndex() == 0
    # The years: typed, then emptied as a clerk empties a field, and nothing is put back.
    qtbot.keyClicks(page.year_from, "1990")
    qtbot.waitUntil(lambda: page.model.filter.year_from == 1990)
    narrowed = page.model.rowCount()
    assert narrowed < 29
    page.year_from.selectAll()
    qtbot.keyClick(page.year_from, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: page.model.rowCount() == 29)
    assert page.year_from.text() == "" and page.model.filter.year_from is None
    # Clear all: the search, the filters and the years, from the button and from the menu.
    qtbot.keyClicks(page.search, "bj")
    page.filters["kinds"].setCurrentIndex(page.filters["kinds"].findData("friendship_agreement"))
    qtbot.keyClicks(page.year_to, "2000")
    for clear in (
        lambda: qtbot.mouseClick(page.clear_all_button, Qt.MouseButton.LeftButton),
        window.clear_filters_action.trigger,
    ):
        clear()
        assert page.model.rowCount() == 29 and page.current_filter() == Filter()
        assert not page.clear_all_button.isEnabled()
        page.filters["statuses"].setCurrentIndex(page.filters["statuses"].findData("ended"))


def test_the_in_force_filter_follows_the_lists_page(qtbot, window, demo):
    page = window.show_section("pairing")
    statuses = page.filters["statuses"]
    statuses.setCurrentIndex(statuses.findData("*in_force"))
    assert page.model.rowCount() == in_force_by_sql(demo) == 29
    lists = window.vocabularies
    lists.choice.setCurrentIndex(lists.choice.findData("pairing_status"))
    row = next(
        r for r in range(lists.table.rowCount()) if lists.table.item(r, 4).text() == "established"
    )
    box = lists.table.item(row, 3)
    assert box.checkState() == Qt.CheckState.Checked
    box.setCheckState(Qt.CheckState.Unchecked)  # what a click on the box does
    assert in_force_by_sql(demo) == 0
    assert page.model.rowCount() == 0
    qtbot.waitUntil(
        lambda: (
            window.dashboard.findChild(QLabel, "value") is not None
            and window.dashboard.findChild(QLabel, "value").text() == "0"
        )
    )


def test_country_filter_offers_the_registers_countries_first_and_takes_typing(qtbot, window, demo):
    page = window.show_section("pairing")
    box = page.filters["countries"]
    first = []
    for i in range(1, box.count()):
        if box.itemData(i) is None:  # the line after the register's own countries
            break
        first.append(box.itemData(i))
    assert sorted(first) == sorted(
        c for (c,) in sqlite3.connect(demo.path).execute("SELECT DISTINCT country_code FROM place")
    )
    assert "AQ" not in first and box.findData("AQ") > len(first)  # Antarctica only further down
    box.lineEdit().setFocus()
    qtbot.keyClicks(box.lineEdit(), "jap")
    completions = box.completer().completionModel()
    assert [completions.index(r, 0).data() for r in range(completions.rowCount())] == ["Japan"]
    box.lineEdit().setText("Japan")
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    assert box.currentData() == "JP"
    assert {shown(page, r, "country") for r in range(page.model.rowCount())} == {"Japan"}


def test_the_lists_page_asks_for_no_code(qtbot, window, demo):
    lists = window.vocabularies
    lists.choice.setCurrentIndex(lists.choice.findData("cooperation_field"))
    assert lists.findChild(QLabel, "code") is None and not hasattr(lists, "code")
    qtbot.keyClicks(lists.label_en, "Water management")
    qtbot.mouseClick(lists.findChild(QPushButton, "addTerm"), Qt.MouseButton.LeftButton)
    assert (
        sql(demo, "SELECT label_zh FROM cooperation_field WHERE code = 'water_management'")
        == "Water management"
    )


def test_file_dialogs_speak_chinese_in_the_chinese_interface(qtbot, open_window, demo, tmp_path):
    open_window(demo, "zh")
    (tmp_path / "folder").mkdir()
    dialog = QFileDialog(None, "打开登记册", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    labels = {label.objectName(): label.text() for label in dialog.findChildren(QLabel)}
    assert labels["lookInLabel"] == "查找范围(&L)：" and labels["fileTypeLabel"] == "文件类型(&T)："
    from PySide6.QtCore import QCoreApplication

    assert (
        QCoreApplication.translate("QAbstractFileIconProvider", "Folder", "All other platforms")
        == "文件夹"
    )
