"""One record, whichever way it is written, gets the same search key (issue #14).

A clerk's form (``operations.create``/``update``), a spreadsheet import (its inserts and
its updates), the restore of a full export and the synthetic generator all write records;
the search key is made from each entity's declared search fields (and a place's aliases)
by the one bulk writer or the ORM path. Here the same record goes through every path,
into real registers (on each engine), and its ``search_text`` must come out the same.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select, update

from bench.generate import generate
from twindesk.core.models import Contact, Exchange, Place, PlaceAlias, Programme
from twindesk.core.operations import create
from twindesk.core.operations import update as update_record
from twindesk.core.operations.entities import ENTITIES
from twindesk.core.search import search_key
from twindesk.core.spreadsheets import ImportOptions, SpreadsheetImport
from twindesk.core.spreadsheets.full_export import export_register, restore_register
from twindesk.core.spreadsheets.mapping import Mapping
from twindesk.core.storage import open_register

LOCAL = {"name_en": "Harbin", "name_zh": "哈尔滨", "country_code": "CN"}
PARTNER = {
    "name_en": "Nowhereville",
    "name_zh": "无何有乡",
    "name_native": "Nirgendwo",
    "country_code": "DE",
}
PROGRAMME = {"title_en": "Winter sports programme", "title_zh": "冬季运动合作计划"}
EXCHANGE = {
    "title_en": "Ice and Snow Festival delegation",
    "title_zh": "冰雪节代表团",
    "venue": "会展中心 Expo Centre",
    "start": "2024-01-05",
}
CONTACT = {"name_en": "Li Hua", "name_zh": "李华", "organisation": "无何有乡市政府 City Hall"}
NEW_VENUE = "太阳岛 Sun Island"
MODELS = {"place": Place, "programme": Programme, "exchange": Exchange, "contact": Contact}


def xlsx(path: Path, rows: list[list]) -> Path:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def run_import(register, path: Path, mapping: Mapping, **options) -> None:
    with SpreadsheetImport(register, path) as imp:
        plan = imp.validate(ImportOptions(mapping=mapping, **options))
        assert not plan.questions, plan.questions
        counts = plan.counts()
        assert counts["insert"] + counts["update"] == 1, counts
        imp.commit(plan, operator="tester")


def stored(register, entity: str, **where) -> tuple[dict, str]:
    """The search fields (and aliases) of the one record matching ``where``, and its key."""
    spec, t = ENTITIES[entity], MODELS[entity].__table__
    with register.connect() as conn:
        row = conn.execute(select(t).where(*(t.c[k] == v for k, v in where.items()))).one()._mapping
        values = {f: row[f] for f in spec.search_fields}
        if entity == "place":
            a = PlaceAlias.__table__
            values["aliases"] = list(
                conn.execute(
                    select(a.c.alias).where(a.c.place_id == row["id"]).order_by(a.c.id)
                ).scalars()
            )
    return values, row["search_text"]


@pytest.fixture
def by_form(register):
    """The records saved as a clerk's forms save them; the exchange then edited."""
    with register.write(operator="tester") as s:
        local = create(s, "place", {**LOCAL, "place_type": "city"})
        partner = create(s, "place", {**PARTNER, "place_type": "city"})
        pairing = create(
            s,
            "pairing",
            {"place_a_id": local.id, "place_b_id": partner.id, "kind": "sister_city"},
        )
        create(s, "programme", {**PROGRAMME, "pairing_id": pairing.id})
        exchange = create(s, "exchange", {**EXCHANGE, "exchange_type": "other"})
        create(s, "contact", CONTACT)
    keys = {
        "place": stored(register, "place", name_en=PARTNER["name_en"])[1],
        "programme": stored(register, "programme", title_en=PROGRAMME["title_en"])[1],
        "exchange": stored(register, "exchange", title_en=EXCHANGE["title_en"])[1],
        "contact": stored(register, "contact", name_en=CONTACT["name_en"])[1],
    }
    with register.write(operator="tester") as s:
        update_record(s, "exchange", exchange.id, {"venue": NEW_VENUE}, version=None)
    keys["exchange updated"] = stored(register, "exchange", title_en=EXCHANGE["title_en"])[1]
    return register, keys


def test_form_keys_are_the_search_key_of_the_declared_fields(by_form):
    _register, keys = by_form
    assert keys["place"] == search_key(
        [PARTNER["name_en"], PARTNER["name_zh"], PARTNER["name_native"]]
    )
    assert "|wuheyouxiang|whyx|" in keys["place"]  # the pinyin is in it
    assert keys["exchange"] == search_key(
        [EXCHANGE["title_en"], EXCHANGE["title_zh"], EXCHANGE["venue"]]
    )
    assert keys["exchange updated"] == search_key(
        [EXCHANGE["title_en"], EXCHANGE["title_zh"], NEW_VENUE]
    )
    assert keys["contact"] == search_key(
        [CONTACT["name_en"], CONTACT["name_zh"], CONTACT["organisation"]]
    )


def test_import_inserts_and_updates_give_the_forms_keys(by_form, make_register, tmp_path):
    _form, keys = by_form
    register = make_register()
    try:
        names = [PARTNER[k] for k in ("name_en", "name_zh", "name_native", "country_code")]
        run_import(
            register,
            xlsx(
                tmp_path / "pairings.xlsx",
                [["partner_en", "partner_zh", "partner_native", "country"], names],
            ),
            Mapping(
                "pairing", {0: "partner_en", 1: "partner_zh", 2: "partner_native", 3: "country"}
            ),
            local=LOCAL["name_zh"],
            create_local=True,
        )
        values, text = stored(register, "place", name_en=PARTNER["name_en"])
        assert values == {**{k: PARTNER[k] for k in values if k != "aliases"}, "aliases": []}
        assert text == keys["place"]
        run_import(
            register,
            xlsx(
                tmp_path / "programmes.xlsx",
                [
                    ["title_en", "title_zh", "partner"],
                    [PROGRAMME["title_en"], PROGRAMME["title_zh"], PARTNER["name_en"]],
                ],
            ),
            Mapping("programme", {0: "title_en", 1: "title_zh", 2: "partner"}),
            local=LOCAL["name_zh"],
        )
        assert stored(register, "programme", title_en=PROGRAMME["title_en"])[1] == keys["programme"]
        exchange = [EXCHANGE[k] for k in ("title_en", "title_zh", "venue", "start")]
        columns = {0: "title_en", 1: "title_zh", 2: "venue", 3: "start"}
        header = ["title_en", "title_zh", "venue", "start"]
        run_import(
            register,
            xlsx(tmp_path / "exchanges.xlsx", [header, exchange]),
            Mapping("exchange", columns),
        )
        assert stored(register, "exchange", title_en=EXCHANGE["title_en"])[1] == keys["exchange"]
        run_import(
            register,
            xlsx(tmp_path / "exchanges-2.xlsx", [header, [*exchange[:2], NEW_VENUE, exchange[3]]]),
            Mapping("exchange", columns),
            on_duplicate="update",
        )
        values, text = stored(register, "exchange", title_en=EXCHANGE["title_en"])
        assert values["venue"] == NEW_VENUE and text == keys["exchange updated"]
        run_import(
            register,
            xlsx(
                tmp_path / "contacts.xlsx",
                [["name_en", "name_zh", "organisation"], list(CONTACT.values())],
            ),
            Mapping("contact", {0: "name_en", 1: "name_zh", 2: "organisation"}),
        )
        assert stored(register, "contact", name_en=CONTACT["name_en"])[1] == keys["contact"]
    finally:
        register.close()


def test_restore_makes_the_keys_again_as_the_form_did(by_form, make_register, tmp_path):
    form, keys = by_form
    with form.write(operator="tester") as s:
        place = s.execute(select(Place).where(Place.name_en == PARTNER["name_en"])).scalar_one()
        create_alias = {**PARTNER, "aliases": ["Nulleville", "乌有之乡"]}
        update_record(s, "place", place.id, create_alias, version=None)
    with_aliases = stored(form, "place", name_en=PARTNER["name_en"])[1]
    assert with_aliases == search_key([*PARTNER.values()][:3] + ["Nulleville", "乌有之乡"])
    # A workbook whose keys were lost (or edited): the restore does not copy them, it
    # makes them from the names (and a place's aliases, on a sheet of their own).
    with form.connect(write=True) as conn:
        for model in MODELS.values():
            conn.execute(update(model.__table__).values(search_text=""))
    out = tmp_path / "whole.xlsx"
    export_register(form, out)
    restored = make_register()
    try:
        restore_register(restored, out)
        assert stored(restored, "place", name_en=PARTNER["name_en"])[1] == with_aliases
        assert stored(restored, "programme", title_en=PROGRAMME["title_en"])[1] == keys["programme"]
        assert (
            stored(restored, "exchange", title_en=EXCHANGE["title_en"])[1]
            == keys["exchange updated"]
        )
        assert stored(restored, "contact", name_en=CONTACT["name_en"])[1] == keys["contact"]
    finally:
        restored.close()


def test_generated_records_have_the_keys_a_form_gives_them(by_form, tmp_path):
    form, _keys = by_form
    path = tmp_path / "generated.sqlite3"
    generate(path, 100, seed=2)
    generated = open_register(path, read_only=True)
    with form.connect() as conn:
        pairing_id = conn.execute(select(Programme.__table__.c.pairing_id)).scalar_one()
    required = {
        "place": {"country_code": "DE", "place_type": "city"},
        "programme": {"pairing_id": pairing_id},
        "exchange": {"exchange_type": "other"},
        "contact": {},
    }
    try:
        with generated.connect() as conn:
            a = PlaceAlias.__table__
            aliased = conn.execute(select(a.c.place_id).order_by(a.c.id).limit(1)).scalar_one()
            x = Exchange.__table__
            with_zh = select(x.c.id).where(x.c.title_zh != "").order_by(x.c.id).limit(1)
            samples = {
                "place": {"id": aliased},  # Chinese names and an old spelling
                "programme": {"id": 1},
                "exchange": {"id": conn.execute(with_zh).scalar_one()},
                "contact": {"id": 1},
            }
        for entity, where in samples.items():
            values, text = stored(generated, entity, **where)
            assert text, entity
            with form.write(operator="tester") as s:
                again = create(s, entity, {**values, **required[entity]})
                assert again.search_text == text, (entity, values)
    finally:
        generated.close()
