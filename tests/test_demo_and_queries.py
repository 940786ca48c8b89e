"""The demo register holds the world of the seed articles; lists find it by any name."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from twindesk.core import operations as ops
from twindesk.core import queries
from twindesk.core.check import check_register
from twindesk.core.models import (
    Document,
    Exchange,
    ExchangePairing,
    Pairing,
    Place,
    Programme,
    ProgrammeField,
)
from twindesk.core.queries import Filter


def pairing_names(demo, f: Filter, **kw) -> list[str]:
    with demo.connect() as conn:
        return [r.b_name_en for r in queries.page(conn, "pairing", f, limit=100, **kw)]


def find_pairing(s, a: str, b: str) -> Pairing:
    pa = s.execute(select(Place.id).where(Place.name_en == a)).scalar_one()
    pb = s.execute(select(Place.id).where(Place.name_en == b)).scalar_one()
    return s.execute(
        select(Pairing).where(Pairing.place_a_id == pa, Pairing.place_b_id == pb)
    ).scalar_one()


def test_demo_register_holds_the_seed_articles(demo):
    with demo.read() as s:
        assert find_pairing(s, "Tianjin", "Kobe").established == "1973"
        assert find_pairing(s, "Beijing", "Tokyo").established == "1979-03"
        assert find_pairing(s, "Beijing", "Canberra").established == "2000-09-14"
        moscow = find_pairing(s, "Beijing", "Moscow")
        assert moscow.established == "1995-05"
        programme = s.execute(
            select(Programme).where(Programme.pairing_id == moscow.id)
        ).scalar_one()
        assert (programme.start, programme.end) == ("2021", "2023")
        fields = set(
            s.execute(
                select(ProgrammeField.field_code).where(ProgrammeField.programme_id == programme.id)
            ).scalars()
        )
        assert {"trade", "education", "public_health", "tourism", "transport"} <= fields
        meeting = s.execute(
            select(Exchange).where(Exchange.title_en == "Third China–Russia Sister City Meeting")
        ).scalar_one()
        assert meeting.start == "2004-10-26" and meeting.venue == "Beijing"
        linked = (
            s.execute(
                select(ExchangePairing.pairing_id).where(ExchangePairing.exchange_id == meeting.id)
            )
            .scalars()
            .all()
        )
        assert linked == [moscow.id]
        wuxi = s.execute(select(Exchange).where(Exchange.venue == "Wuxi, Jiangsu")).scalar_one()
        assert wuxi.start.startswith("2003-11")
        sco = s.execute(select(Exchange).where(Exchange.start == "2021-06-02")).scalar_one()
        assert sco.participants == 150
        suifenhe = find_pairing(s, "Suifenhe", "Pogranichny District")
        assert (suifenhe.kind, suifenhe.signed_at_place) == ("friendship_agreement", "Wuhan")
        assert find_pairing(s, "Changning District", "Sovetsky District, Minsk").level == "district"
        music = s.execute(select(Exchange).where(Exchange.start == "1997-09")).scalar_one()
        assert music.exchange_type == "cultural_event"
        assert s.execute(select(Document.file_name)).scalar().startswith("Moscow-Beijing")
        # 1 + 7 (1980s) + 15 (1990s, Moscow counted above) + Canberra + Moscow = Beijing's 25
        beijing = s.execute(select(Place.id).where(Place.name_en == "Beijing")).scalar_one()
        assert len(s.execute(select(Pairing.id).where(Pairing.place_a_id == beijing)).all()) == 25
    assert check_register(demo) == []


@pytest.mark.parametrize("query", ["beijing", "bj", "北京", "BEIJING", "Ｂｅｉｊｉｎｇ", "peking"])
def test_quick_search_finds_beijing_by_any_name(demo, query):
    names = pairing_names(demo, Filter(text=query))
    assert len(names) == 25 and "Tokyo" in names


@pytest.mark.parametrize("query", ["kiev", "kyiv", "基辅", "jf"])
def test_old_names_and_pinyin_find_kyiv(demo, query):
    with demo.connect() as conn:
        rows = queries.page(conn, "place", Filter(text=query))
    assert "Kyiv" in [r.name_en for r in rows]


def test_search_is_safe_with_like_wildcards(demo):
    assert pairing_names(demo, Filter(text="%")) == []
    assert pairing_names(demo, Filter(text="bei%")) == []
    # punctuation alone folds to an empty query, which filters nothing
    assert len(pairing_names(demo, Filter(text=" _ "))) == 29


def test_filters(demo):
    assert sorted(pairing_names(demo, Filter(countries=["RU"]))) == [
        "Moscow",
        "Pogranichny District",
        "Rybinsk",
    ]
    assert sorted(pairing_names(demo, Filter(continents=["OC"]))) == ["Canberra"]
    assert pairing_names(demo, Filter(kinds=["friendship_agreement"])) == ["Pogranichny District"]
    assert sorted(pairing_names(demo, Filter(year_from=1970, year_to=1979))) == ["Kobe", "Tokyo"]
    assert sorted(pairing_names(demo, Filter(levels=["district"]))) == ["Sovetsky District, Minsk"]
    # fields come from a pairing's programmes and exchanges
    assert sorted(pairing_names(demo, Filter(fields=["public_health"]))) == ["Moscow"]
    assert "Tokyo" in pairing_names(demo, Filter(fields=["urban_planning"]))
    combined = pairing_names(demo, Filter(text="bj", continents=["EU"], year_from=1990))
    assert combined == ["Moscow"]


def test_paging_and_sorting_are_stable(demo):
    with demo.connect() as conn:
        total = queries.count(conn, "pairing")
        order = [("established", True)]
        pages = [
            queries.page(conn, "pairing", offset=o, limit=7, order_by=order)
            for o in range(0, total, 7)
        ]
        everything = queries.page(conn, "pairing", limit=1000, order_by=order)
    flat = [r.id for p in pages for r in p]
    assert flat == [r.id for r in everything] and len(set(flat)) == total == 29
    assert everything[0].established == "2021-06-02"


def test_other_lists(demo):
    with demo.connect() as conn:
        assert queries.count(conn, "exchange", Filter(types=["forum"])) == 6
        assert queries.count(conn, "exchange", Filter(year_from=2020, year_to=2021)) == 3
        assert queries.count(conn, "programme", Filter(text="莫斯科")) == 1
        assert queries.count(conn, "contact", Filter(text="chs")) == 1  # 陈昊苏 by initials
        with demo.read() as s:
            moscow = find_pairing(s, "Beijing", "Moscow").id
        assert queries.count(conn, "contact", Filter(pairing_id=moscow)) == 6
        assert queries.count(conn, "exchange", Filter(pairing_id=moscow)) == 4


def test_search_key_follows_edits(demo):
    with demo.read() as s:
        kobe = s.execute(select(Place).where(Place.name_en == "Kobe")).scalar_one()
    with demo.write() as s:
        ops.update(s, "place", kobe.id, {"aliases": ["Kōbe"]}, version=kobe.version)
    with demo.connect() as conn:
        assert [r.name_en for r in queries.page(conn, "place", Filter(text="kobe"))] == ["Kobe"]
        assert [r.name_en for r in queries.page(conn, "place", Filter(text="shenhu"))] == ["Kobe"]


def exchange_ids(conn, text: str) -> list[int]:
    return [r.id for r in queries.page(conn, "exchange", Filter(text=text), limit=1000)]


@pytest.mark.parametrize("text", ["forum", "Forum", "论坛", "友好城市", "video", "zz-none", "mu"])
def test_exchange_search_through_the_text_index_matches_a_plain_scan(demo, text):
    from twindesk.core.search import like_pattern

    with demo.connect() as conn:
        scanned = sorted(
            conn.execute(
                select(Exchange.id).where(
                    Exchange.search_text.like(like_pattern(text), escape="\\")
                )
            ).scalars()
        )
        assert sorted(exchange_ids(conn, text)) == scanned
        assert queries.count(conn, "exchange", Filter(text=text)) == len(scanned)


@pytest.mark.sqlite_only("SQLite's FTS5 index (a server has its trigram index: test_postgres)")
def test_exchange_text_index_uses_fts_and_follows_edits(demo):
    from sqlalchemy.dialects import sqlite

    from twindesk.core.search import TextContains

    sql = str(
        select(Exchange.id).where(TextContains(Exchange, "forum")).compile(dialect=sqlite.dialect())
    )
    assert "exchange_fts MATCH" in sql  # three characters or more: the trigram index
    short = str(
        select(Exchange.id).where(TextContains(Exchange, "mu")).compile(dialect=sqlite.dialect())
    )
    assert "LIKE" in short and "MATCH" not in short
    with demo.read() as s:
        first = s.execute(select(Exchange).order_by(Exchange.id)).scalars().first()
    with demo.write() as s:
        ops.update(s, "exchange", first.id, {"title_en": "Quasar symposium"}, version=first.version)
    with demo.connect() as conn:
        assert exchange_ids(conn, "quasar") == [first.id]
        assert first.id not in exchange_ids(conn, first.title_en[:12])
    with demo.write() as s:
        ops.delete(s, "exchange", first.id)
    with demo.connect() as conn:
        assert exchange_ids(conn, "quasar") == []


def test_vocabulary_terms_in_list_order_and_either_language(register):
    """The one query the forms, the list filters and the import wizard take terms from:
    the Lists page's order, each label in the language asked for, the other when empty."""
    from twindesk.core.operations.vocabularies import add_term

    with register.write() as s:
        add_term(s, "exchange_type", label_en="Tea ceremony", label_zh="")
    with register.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT code, label_en, label_zh FROM exchange_type ORDER BY sort_order, code"
        ).all()
        en = queries.vocabulary_terms(conn, "exchange_type", "en")
        zh = queries.vocabulary_terms(conn, "exchange_type", "zh")
    assert [c for c, _ in en] == [c for c, _, _ in rows] == [c for c, _ in zh]
    assert en == [(c, e or z) for c, e, z in rows] and zh == [(c, z or e) for c, e, z in rows]
    assert "Tea ceremony" in dict(zh).values() and "Tea ceremony" in dict(en).values()
