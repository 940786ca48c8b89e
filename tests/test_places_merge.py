"""Places > Merge: two records of one place become one, every link moved, undone exactly;
`twindesk check` lists the likely duplicates first."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from twindesk.cli import main
from twindesk.core.check import check_register
from twindesk.core.errors import ConflictError
from twindesk.core.models import (
    AuditEntry,
    Contact,
    Exchange,
    ExchangePlace,
    Pairing,
    Place,
    PlaceAlias,
)
from twindesk.core.operations import create, update
from twindesk.core.operations.merge import MergeError, merge_places, unmerge
from twindesk.core.search import TextContains


def _dump(register) -> dict:
    """Every table a merge touches, as rows, to compare before and after an undo."""
    out = {}
    with register.connect() as conn:
        for model in (Place, PlaceAlias, Pairing, Exchange, ExchangePlace, Contact):
            t = model.__table__
            skip = (
                {"updated_at", "version", "id"}
                if model is PlaceAlias
                else {"updated_at", "version"}
            )
            cols = [c for c in t.columns if c.name not in skip]
            out[t.name] = sorted(tuple(r) for r in conn.execute(select(*cols)))
    return out


@pytest.fixture
def register(any_register):
    """Every test here runs on SQLite and on PostgreSQL, the window's merge too
    (conftest.any_register: window tests are otherwise on SQLite only)."""
    return any_register


@pytest.fixture
def hubei_twice(register):
    with register.write(operator="Li Hua") as s:
        hubei = create(
            s,
            "place",
            {"name_en": "Hubei", "name_zh": "湖北", "country_code": "CN", "place_type": "province"},
        )
        second = create(
            s,
            "place",
            {
                "name_en": "Hubei Province",
                "country_code": "CN",
                "place_type": "province",
                "latitude": 30.6,
                "longitude": 114.3,
            },
        )
        ohio = create(
            s,
            "place",
            {
                "name_en": "Ohio",
                "name_zh": "俄亥俄州",
                "country_code": "US",
                "place_type": "province",
            },
        )
        kobe = create(s, "place", {"name_en": "Kobe", "name_zh": "神户", "country_code": "JP"})
        wuhan = create(
            s,
            "place",
            {"name_en": "Wuhan", "name_zh": "武汉", "country_code": "CN", "parent_id": second.id},
        )
        pairing = create(
            s,
            "pairing",
            {
                "place_a_id": second.id,
                "place_b_id": ohio.id,
                "kind": "sister_city",
                "established": "1979",
            },
        )
        exchange = create(
            s,
            "exchange",
            {
                "title_en": "Ohio week",
                "start": "2019-05-01",
                "exchange_type": "delegation_in",
                "places": [second.id, ohio.id],
            },
        )
        contact = create(s, "contact", {"name_en": "J. Smith", "place_id": second.id})
        ids = {
            "hubei": hubei.id,
            "second": second.id,
            "ohio": ohio.id,
            "kobe": kobe.id,
            "wuhan": wuhan.id,
            "pairing": pairing.id,
            "exchange": exchange.id,
            "contact": contact.id,
        }
    return ids


def test_check_lists_the_likely_duplicate_and_not_the_towns_far_apart(
    register, hubei_twice, capsys
):
    with register.write() as s:  # two Springfields, 1,300 km apart: two towns
        create(
            s,
            "place",
            {"name_en": "Springfield", "country_code": "US", "latitude": 39.8, "longitude": -89.6},
        )
        create(
            s,
            "place",
            {"name_en": "Springfield", "country_code": "US", "latitude": 42.1, "longitude": -72.6},
        )
    found = [f for f in check_register(register) if f.code == "check.place_duplicate"]
    assert [(f.record_id, f.params["other_id"]) for f in found] == [
        (hubei_twice["second"], hubei_twice["hubei"])
    ]
    assert main(["check", "--db", str(register.path or register.name), "--lang", "en"]) != 0
    assert "may be the same place as Hubei / 湖北" in capsys.readouterr().out


def test_merge_moves_every_link_keeps_names_as_aliases_and_undoes(register, hubei_twice):
    ids = hubei_twice
    before = _dump(register)
    with register.write(operator="Li Hua") as s:
        done = merge_places(s, ids["hubei"], ids["second"])
    with register.connect() as conn:
        p, e, c, pl = (
            Pairing.__table__,
            ExchangePlace.__table__,
            Contact.__table__,
            Place.__table__,
        )
        assert (
            conn.execute(select(p.c.place_a_id).where(p.c.id == ids["pairing"])).scalar()
            == ids["hubei"]
        )
        assert set(
            conn.execute(select(e.c.place_id).where(e.c.exchange_id == ids["exchange"])).scalars()
        ) == {ids["hubei"], ids["ohio"]}
        assert (
            conn.execute(select(c.c.place_id).where(c.c.id == ids["contact"])).scalar()
            == ids["hubei"]
        )
        assert (
            conn.execute(select(pl.c.parent_id).where(pl.c.id == ids["wuhan"])).scalar()
            == ids["hubei"]
        )
        kept = conn.execute(select(pl).where(pl.c.id == ids["hubei"])).one()
        assert (kept.latitude, kept.longitude) == (30.6, 114.3)  # what only the other knew
        assert (
            conn.execute(
                select(func.count()).select_from(pl).where(pl.c.id == ids["second"])
            ).scalar()
            == 0
        )
        aliases = set(conn.execute(select(PlaceAlias.__table__.c.alias)).scalars())
        assert "Hubei Province" in aliases
        found = (
            conn.execute(select(pl.c.id).where(TextContains(Place, "hubei province")))
            .scalars()
            .all()
        )
        assert found == [ids["hubei"]]  # the old name still finds it
        audit = conn.execute(
            select(
                AuditEntry.__table__.c.entity,
                AuditEntry.__table__.c.record_id,
                AuditEntry.__table__.c.field,
                AuditEntry.__table__.c.operator,
            ).where(AuditEntry.__table__.c.field.in_(("place_a_id", "merged_into")))
        ).all()
        assert ("pairing", ids["pairing"], "place_a_id", "Li Hua") in audit
        assert ("place", ids["second"], "merged_into", "Li Hua") in audit
    with register.write(operator="Li Hua") as s:
        unmerge(s, done)
    assert _dump(register) == before


def test_merge_refuses_what_would_break_the_register(register, hubei_twice):
    ids = hubei_twice
    with register.write() as s:
        create(
            s,
            "pairing",
            {"place_a_id": ids["hubei"], "place_b_id": ids["ohio"], "kind": "sister_city"},
        )
    with pytest.raises(MergeError, match="twice") as err, register.write() as s:
        merge_places(s, ids["hubei"], ids["second"])
    assert "Ohio" in err.value.message("en")
    with register.write() as s:
        create(
            s,
            "pairing",
            {"place_a_id": ids["kobe"], "place_b_id": ids["wuhan"], "kind": "sister_city"},
        )
    with pytest.raises(MergeError, match="itself"), register.write() as s:
        merge_places(s, ids["kobe"], ids["wuhan"])


def test_undo_of_a_merge_is_refused_when_a_moved_record_changed_since(register, hubei_twice):
    ids = hubei_twice
    with register.write() as s:
        done = merge_places(s, ids["hubei"], ids["second"])
    with register.write() as s:
        pairing = s.get(Pairing, ids["pairing"])
        update(s, "pairing", ids["pairing"], {"notes": "changed later"}, version=pairing.version)
    with pytest.raises(ConflictError), register.write() as s:
        unmerge(s, done)
    with register.connect() as conn:  # nothing half-undone
        assert (
            conn.execute(
                select(func.count())
                .select_from(Place.__table__)
                .where(Place.__table__.c.id == ids["second"])
            ).scalar()
            == 0
        )


def test_merge_from_the_places_list_and_undo_with_ctrl_z(qtbot, open_window, register, hubei_twice):
    """The clerk selects the two records on the Places page, Edit > Merge places…, keeps
    Hubei 湖北, and Ctrl+Z puts Hubei Province back with its pairing."""
    from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
    from PySide6.QtWidgets import QApplication, QDialogButtonBox, QRadioButton

    ids = hubei_twice
    before = _dump(register)
    window = open_window(register)
    page = window.show_section("place")
    qtbot.waitUntil(lambda: page.model.rowCount() == 5, timeout=10_000)
    selection = page.table.selectionModel()
    for row in range(page.model.rowCount()):
        if page.model.record_id(row) in (ids["hubei"], ids["second"]):
            selection.select(
                page.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )
    seen = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, answer)
            return
        buttons = [dialog.findChild(QRadioButton, f"keep{i}") for i in (0, 1)]
        seen.extend(b.text() for b in buttons)
        next(b for b in buttons if "Hubei / 湖北" in b.text()).setChecked(True)
        box = dialog.findChild(QDialogButtonBox)
        qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)
    window.merge_action.trigger()
    assert any("pairings: 1" in text and "Hubei Province" in text for text in seen)
    with register.connect() as conn:
        t = Pairing.__table__
        assert (
            conn.execute(select(t.c.place_a_id).where(t.c.id == ids["pairing"])).scalar()
            == ids["hubei"]
        )
    assert "Merge places Hubei Province" in window.undo_stack.undoText()
    window.activateWindow()  # as it is again once the modal dialog has closed
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _dump(register) == before
