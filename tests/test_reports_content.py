"""The content offices report (issue 17, items 9-13 and 15): delegations by direction,
round anniversaries and their calendar, dormant pairings, the year's changes, the
narrative, country groups. Every count is checked against SQL written here, on the
register, independently of the report's queries; the reports are read back from the
PDF."""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from tests.plain_sql import sql
from tests.test_import_commit import db_arg
from twindesk.cli import main
from twindesk.core import groups, narrative
from twindesk.core import operations as ops
from twindesk.core.anniversaries import anniversaries, write_calendar
from twindesk.core.errors import ValidationError
from twindesk.core.models import PairingStatusChange
from twindesk.core.queries import Filter, count
from twindesk.core.reports import build_annual_report, content
from twindesk.core.storage import open_register

YEAR = 2023


def pdf_text(path) -> str:
    out = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return re.sub(r"\s+", "", out)


def squash(value: str) -> str:
    return re.sub(r"\s+", "", value)


@pytest.fixture
def office(demo):
    """The demo register and a year of an office's work: delegations each way with and
    without a number of people, with partners in several countries and fields, status
    changes, an ended pairing, new agreements, an Indian partner (SCO member from 2017)."""
    pid = dict(sql(demo, "SELECT name_en, id FROM place"))
    pairing = {
        b: p
        for p, b in sql(
            demo,
            "SELECT pairing.id, place.name_en FROM pairing JOIN place ON place.id = place_b_id",
        )
    }
    with demo.write(operator="test") as s:
        mumbai = ops.create(
            s, "place", {"name_en": "Mumbai", "name_zh": "孟买", "country_code": "IN"}
        ).id
        pairing["Mumbai"] = ops.create(
            s,
            "pairing",
            {
                "place_a_id": pid["Beijing"],
                "place_b_id": mumbai,
                "kind": "sister_city",
                "established": "2013-05-20",
            },
        ).id
        pairing["Lima"] = pairing["Lima"]
        ops.update(
            s,
            "pairing",
            pairing["Lima"],
            {
                "status": "ended",
                "ended": f"{YEAR}-04-02",
                "end_reason": "Merged into a provincial tie",
            },
            version=1,
        )
        ops.create(
            s,
            "pairing",
            {
                "place_a_id": pid["Beijing"],
                "place_b_id": pid["Minsk"],
                "kind": "memorandum",
                "established": f"{YEAR}-09",
            },
        )
        ops.create(
            s,
            "programme",
            {
                "pairing_id": pairing["Tokyo"],
                "title_en": "Tokyo plan",
                "title_zh": "东京计划",
                "start": f"{YEAR}-03",
                "end": f"{YEAR + 2}",
                "status": "active",
            },
        )
        made = [
            # (type, direction, start, participants, pairings, places, fields)
            ("delegation_in", "", f"{YEAR}-03-10", 12, ["Tokyo"], [], ["culture"]),
            (
                "forum",
                "incoming",
                f"{YEAR}-03-22",
                None,
                ["Moscow", "Rybinsk"],
                [],
                ["trade", "culture"],
            ),
            ("delegation_out", "", f"{YEAR}-05", 8, ["Mumbai"], [], []),
            ("forum", "outgoing", f"{YEAR}-10-01", 20, [], ["Berlin", "Paris"], ["education"]),
            ("video_conference", "", f"{YEAR}-11-11", None, ["Seoul"], [], []),
            ("forum", "local", f"{YEAR}", 300, ["Canberra"], ["Beijing"], []),
            ("cultural_event", "", f"{YEAR}-12-24", 40, [], [], []),
            ("forum", "incoming", f"{YEAR - 1}-06-01", 9, ["Tokyo"], [], []),
            ("forum", "outgoing", f"{YEAR - 3}-06-01", 5, ["Cairo"], [], []),
        ]
        for i, (kind, direction, start, people, pairings, places, fields) in enumerate(made):
            ops.create(
                s,
                "exchange",
                {
                    "title_en": f"Exchange {i}",
                    "exchange_type": kind,
                    "direction": direction,
                    "start": start,
                    "participants": people,
                    "pairings": [pairing[p] for p in pairings],
                    "places": [pid[p] for p in places],
                    "fields": fields,
                },
            )
    later = datetime.now(UTC) + timedelta(seconds=1)
    with demo.connect(write=True) as conn:  # dated status history, as a clerk enters it
        conn.execute(
            PairingStatusChange.__table__.insert(),
            [
                {
                    "pairing_id": pairing["Kyiv"],
                    "status": status,
                    "date": date,
                    "note": note,
                    "operator": "test",
                    "recorded_at": later,
                }
                for status, date, note in (
                    ("suspended", f"{YEAR}-02-24", "Paused by both sides"),
                    ("established", f"{YEAR}-11-30", "Resumed"),
                )
            ],
        )
    return demo


# --------------------------------------------------------------------------- 9. delegations
def test_exchanges_are_counted_by_direction_country_continent_field_and_month(office, tmp_path):
    in_year = "start >= ? AND start < ? AND start != ''"
    span = (f"{YEAR}", f"{YEAR + 1}")
    expected = {
        d: (n, p or 0)
        for d, n, p in sql(
            office,
            f"SELECT direction, count(*), sum(participants) FROM exchange WHERE {in_year} "
            "GROUP BY direction",
            *span,
        )
    }
    # The types that say it fill in the direction; the others keep the clerk's.
    assert expected["incoming"] == (2, 12) and expected["outgoing"] == (2, 28)
    assert (
        expected["online"] == (1, 0) and expected["local"] == (1, 300) and expected[""] == (1, 40)
    )
    with office.connect() as conn:
        got = content.year_tally(conn, YEAR)
        by_country = content.by_direction(conn, YEAR, content._pairs_by_country(YEAR))
        by_continent = content.by_direction(conn, YEAR, content._pairs_by_continent(YEAR))
        by_field = content.by_direction(conn, YEAR, content._pairs_by_field())
        by_month = content.by_direction(conn, YEAR)
    assert {d: (n, p or 0) for d, (n, p, _k) in got.items()} == expected

    # A partner country: the partner side of its pairings, or a place of it abroad.
    partner = """
        SELECT ep.exchange_id, b.country_code FROM exchange_pairing ep
          JOIN pairing p ON p.id = ep.pairing_id JOIN place b ON b.id = p.place_b_id
        UNION
        SELECT x.exchange_id, pl.country_code FROM exchange_place x JOIN place pl ON pl.id = x.place_id
         WHERE pl.country_code NOT IN (SELECT a.country_code FROM pairing p JOIN place a ON a.id = p.place_a_id)"""
    rows = sql(
        office,
        f"SELECT c.country_code, e.direction, count(*), sum(e.participants) FROM ({partner}) c "
        f"JOIN exchange e ON e.id = c.exchange_id WHERE {in_year} GROUP BY 1, 2",
        *span,
    )
    assert {(c, d): (n, p) for c, d, n, p in rows} == {
        (c, d): (n, p) for c, t in by_country.items() for d, (n, p, _k) in t.items()
    }
    assert by_country["RU"]["incoming"][:2] == (1, None) and by_country["IN"]["outgoing"][:2] == (
        1,
        8,
    )
    assert "CN" not in by_country  # the local side's country is no partner
    rows = sql(
        office,
        f"SELECT co.continent, e.direction, count(DISTINCT e.id) FROM ({partner}) c "
        "JOIN country co ON co.code = c.country_code JOIN exchange e ON e.id = c.exchange_id "
        f"WHERE {in_year} GROUP BY 1, 2",
        *span,
    )
    assert {(c, d): n for c, d, n in rows} == {
        (c, d): n for c, t in by_continent.items() for d, (n, _p, _k) in t.items()
    }
    assert by_continent["EU"]["outgoing"][0] == 1  # Berlin and Paris: one exchange in Europe
    rows = sql(
        office,
        "SELECT f.field_code, e.direction, count(*) FROM exchange_field f JOIN exchange e "
        f"ON e.id = f.exchange_id WHERE {in_year} GROUP BY 1, 2",
        *span,
    )
    assert {(f, d): n for f, d, n in rows} == {
        (f, d): n for f, t in by_field.items() for d, (n, _p, _k) in t.items()
    }
    rows = sql(
        office,
        f"SELECT substr(start, 6, 2), direction, count(*) FROM exchange WHERE {in_year} "
        "GROUP BY 1, 2",
        *span,
    )
    assert {(m, d): n for m, d, n in rows} == {
        (m, d): n for m, t in by_month.items() for d, (n, _p, _k) in t.items()
    }

    report = build_annual_report(office, year=YEAR, out=tmp_path / "en.pdf")
    body = pdf_text(report.path)
    part = body  # (the headings also run at the top of the pages)
    # Direction, last year, this year, change, people (unknown numbers marked *).
    assert squash("Incoming 1 2 +1 12 *") in part and squash("Outgoing 0 2 +2 28") in part
    assert squash("Russia 1 unknown 1 unknown 0") in part and squash("India 1 8 0 1 8") in part
    # The list of exchanges says which way each went.
    assert squash("10 Mar 2023 Exchange 0 Inbound delegation Incoming 12") in part
    assert squash("May 2023 Exchange 2 Outbound delegation Outgoing 8") in part
    zh = pdf_text(build_annual_report(office, year=YEAR, lang="zh", out=tmp_path / "zh.pdf").path)
    assert squash("来访 1 2 +1 12 *") in zh and squash("出访 0 2 +2 28") in zh


def test_delegations_by_the_leaders_level(office, tmp_path):
    """An exchange keeps its delegation leader's rank (国家级 … 县处级); the report counts
    batches and people each way by it, as plain SQL on the file does."""
    levels = {"Exchange 0": "ministerial", "Exchange 2": "bureau", "Exchange 3": "bureau"}
    with office.write(operator="test") as s:
        for title, level in levels.items():
            ((xid, version),) = sql(
                office, "SELECT id, version FROM exchange WHERE title_en = ?", title
            )
            ops.update(s, "exchange", xid, {"leader_level": level}, version=version)
    with pytest.raises(ValidationError), office.write(operator="test") as s:
        ops.update(
            s, "exchange", xid, {"leader_level": "mayor"}, version=version + 1
        )  # no such rank
    rows = sql(
        office,
        "SELECT leader_level, direction, count(*), sum(participants) FROM exchange "
        "WHERE start >= ? AND start < ? AND start != '' GROUP BY 1, 2",
        f"{YEAR}",
        f"{YEAR + 1}",
    )
    with office.connect() as conn:
        got = content.by_direction(conn, YEAR, key=content.Exchange.leader_level)
    assert {(lv, d): (n, p) for lv, d, n, p in rows} == {
        (lv, d): (n, p) for lv, t in got.items() for d, (n, p, _k) in t.items()
    }
    assert got["bureau"]["outgoing"][:2] == (2, 28) and got["ministerial"]["incoming"][:2] == (
        1,
        12,
    )
    body = pdf_text(build_annual_report(office, year=YEAR, out=tmp_path / "en.pdf").path)
    assert squash("By the leader's level") in body
    # Level, batches, people, in: batches, people, out: batches, people.
    assert squash("Bureau / prefectural 2 28 0 2 28") in body
    zh = pdf_text(build_annual_report(office, year=YEAR, lang="zh", out=tmp_path / "zh.pdf").path)
    assert squash("按团长级别统计") in zh and squash("省部级 1 12 1 12 0") in zh


def test_a_direction_must_be_one_of_the_four(office):
    with pytest.raises(ValidationError) as info:
        with office.write() as s:
            ops.create(
                s,
                "exchange",
                {"title_en": "Sideways", "exchange_type": "forum", "direction": "sideways"},
            )
    assert info.value.field == "direction"


# --------------------------------------------------------------------------- 10. anniversaries
def test_round_anniversaries_and_the_calendar(office, tmp_path):
    rows = sql(
        office,
        """
        SELECT p.id, ? - CAST(substr(p.established, 1, 4) AS INTEGER) FROM pairing p
         WHERE p.established != '' AND p.status IN (SELECT code FROM pairing_status WHERE in_force)
           AND (? - CAST(substr(p.established, 1, 4) AS INTEGER)) % 5 = 0
           AND ? > CAST(substr(p.established, 1, 4) AS INTEGER)""",
        2025,
        2025,
        2025,
    )
    with office.connect() as conn:
        found = anniversaries(conn, 2025)
        both = anniversaries(conn, 2025, 2026)
    assert sorted((a.pairing_id, a.years) for a in found) == sorted(rows)
    assert {a.years for a in found} == {30, 25}  # Moscow 1995-05, Canberra 2000-09-14
    assert [a.date for a in found] == ["2025-05", "2025-09-14"]  # as partial as the source
    assert (
        len(both)
        == len(found)
        + len(
            sql(
                office,
                """
        SELECT 1 FROM pairing WHERE established != '' AND status = 'established'
           AND (2026 - CAST(substr(established, 1, 4) AS INTEGER)) % 5 = 0""",
            )
        )
        == 5
    )

    out = tmp_path / "anniversaries.ics"
    assert (
        main(
            [
                "--db",
                db_arg(office),
                "--lang",
                "en",
                "export-calendar",
                str(out),
                "--year",
                "2025",
                "--years",
                "2",
            ]
        )
        == 0
    )
    raw = out.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # RFC 5545 3.1 folding
    unfolded = raw.decode("utf-8").replace("\r\n ", "").split("\r\n")
    events = [line for line in unfolded if line == "BEGIN:VEVENT"]
    programmes = sql(
        office,
        """SELECT count(*) FROM programme WHERE "end" >= '2025' AND "end" < '2027' """
        "AND status NOT IN ('completed', 'cancelled')",
    )[0][0]
    dated = [a for a in both if len(a.date) > 4]
    assert len(events) == len(dated) + programmes == 5 + 1
    assert "DTSTART;VALUE=DATE:20250914" in unfolded and "DTEND;VALUE=DATE:20250915" in unfolded
    assert "DTSTART;VALUE=DATE:20250501" in unfolded and "DTEND;VALUE=DATE:20250601" in unfolded
    assert "SUMMARY:30th anniversary: Beijing – Moscow" in unfolded
    assert "DTSTART;VALUE=DATE:20251231" in unfolded  # the Tokyo plan ends "2025"
    with office.connect() as conn:
        zh = write_calendar(conn, tmp_path / "zh.ics", first_year=2025, last_year=2025, lang="zh")
    assert "SUMMARY:北京—莫斯科结好30周年" in zh.path.read_bytes().decode().replace("\r\n ", "")

    report = pdf_text(build_annual_report(office, year=2025, out=tmp_path / "2025.pdf").path)
    part = report  # (the headings also run at the top of the pages)
    assert squash("May 2025 30th Beijing – Moscow Russia May 1995") in part
    assert squash("14 Sep 2025 25th Beijing – Canberra Australia 14 Sep 2000") in part


# --------------------------------------------------------------------------- 11. dormant
def test_dormant_pairings_have_no_exchange_in_four_years(office, tmp_path):
    rows = sql(
        office,
        """
        SELECT p.id FROM pairing p
         WHERE p.status IN (SELECT code FROM pairing_status WHERE in_force)
           AND (p.established = '' OR p.established < ?)
           AND NOT EXISTS (SELECT 1 FROM exchange_pairing ep JOIN exchange e ON e.id = ep.exchange_id
                            WHERE ep.pairing_id = p.id AND e.start >= ? AND e.start < ? AND e.start != '')""",
        str(YEAR + 1),
        str(YEAR - 3),
        str(YEAR + 1),
    )
    with office.connect() as conn:
        found = content.dormant(conn, YEAR)
    assert sorted(r.id for r in found) == sorted(r[0] for r in rows)
    names = {r.b_name_en for r in found}
    assert "Cairo" not in names  # an exchange in YEAR-3 still counts
    assert {"Tokyo", "Moscow", "Mumbai", "Lima"}.isdisjoint(names)  # active, or ended in YEAR
    report = pdf_text(build_annual_report(office, year=YEAR, out=tmp_path / "r.pdf").path)
    total = sql(office, "SELECT count(*) FROM pairing WHERE status = 'established'")[0][0]
    assert (
        squash(
            f"{len(rows)} of the {total} pairings in force at the end of {YEAR} have no "
            f"exchange recorded in {YEAR - 3}–{YEAR}."
        )
        in report
    )


# --------------------------------------------------------------------------- 12. changes
def test_changes_of_the_year_and_new_agreements(office, tmp_path):
    changes = sql(
        office,
        "SELECT date, status, note FROM pairing_status_change "
        "WHERE date >= ? AND date < ? ORDER BY date, id",
        str(YEAR),
        str(YEAR + 1),
    )
    with office.connect() as conn:
        found = content.status_changes(conn, YEAR)
        ended = content.ended_pairings(conn, YEAR)
        signed = content.signed_documents(conn, YEAR)
    assert [(r.date, r.status, r.note) for r in found] == changes
    assert [r.previous for r in found if r.note] == ["established", "suspended"]  # Kyiv and back
    assert [(r.ended, r.end_reason) for r in ended] == sql(
        office,
        "SELECT ended, end_reason FROM pairing WHERE ended >= ? AND ended < ?",
        str(YEAR),
        str(YEAR + 1),
    )
    new = sql(
        office,
        "SELECT count(*) FROM pairing WHERE established >= ? AND established < ?",
        str(YEAR),
        str(YEAR + 1),
    )[0][0]
    programmes = sql(
        office,
        "SELECT count(*) FROM programme WHERE start >= ? AND start < ?",
        str(YEAR),
        str(YEAR + 1),
    )[0][0]
    assert len(signed) == new + programmes == 2
    report = pdf_text(build_annual_report(office, year=YEAR, out=tmp_path / "r.pdf").path)
    part = report  # (the headings also run at the top of the pages)
    assert (
        squash("24 Feb 2023 Beijing – Kyiv Ukraine Established Suspended Paused by both sides")
        in part
    )
    assert squash("2 Apr 2023 Beijing – Lima Peru Ended Merged into a provincial tie") in part
    assert squash("Sep 2023 Memorandum of understanding Beijing – Minsk") in part
    assert squash("Cooperation programme 1 Memorandum of understanding 1 Total 2") in part


# --------------------------------------------------------------------------- 15. groups
def test_groups_count_each_years_members(office, tmp_path):
    def independent(year: int, group: str) -> int:
        return sql(
            office,
            """
            SELECT count(DISTINCT p.id) FROM pairing p JOIN place b ON b.id = p.place_b_id
              JOIN country_group_member m ON m.country_code = b.country_code AND m.group_code = ?
             WHERE (m.joined = '' OR m.joined < ?) AND (m."left" = '' OR m."left" >= ?)
               AND (p.established = '' OR p.established < ?)
               AND ((p.status IN (SELECT code FROM pairing_status WHERE in_force)
                     AND (p.ended = '' OR p.ended >= ?))
                    OR (p.status IN (SELECT code FROM pairing_status WHERE NOT is_current) AND p.ended >= ?))""",
            group,
            *[str(year + 1)] * 5,
        )[0][0]

    with office.connect() as conn:
        sco_2016 = content.pairings_by_group(conn, 2016)["sco"]
        sco_2017 = content.pairings_by_group(conn, 2017)["sco"]
        eu_2023 = content.pairings_by_group(conn, YEAR)["eu"]
    assert sco_2016 == (independent(2015, "sco"), independent(2016, "sco"))
    assert sco_2017 == (independent(2016, "sco"), independent(2017, "sco"))
    # Islamabad and Mumbai count once Pakistan and India have joined (9 June 2017).
    assert sco_2017[1] == sco_2016[1] + 2
    assert eu_2023 == (independent(YEAR - 1, "eu"), independent(YEAR, "eu"))

    with office.connect() as conn:
        ex = content.exchanges_by_group(conn, YEAR)
    brics = sql(
        office,
        """
        SELECT count(DISTINCT e.id) FROM exchange e WHERE e.start >= ? AND e.start < ? AND e.id IN (
          SELECT ep.exchange_id FROM exchange_pairing ep JOIN pairing p ON p.id = ep.pairing_id
            JOIN place b ON b.id = p.place_b_id JOIN country_group_member m ON m.country_code = b.country_code
           WHERE m.group_code = 'brics')""",
        str(YEAR),
        str(YEAR + 1),
    )[0][0]
    assert ex["brics"][2] == brics == 2  # Moscow and Rybinsk in one, Mumbai in another

    # The lists' group filter: partners that are members now.
    now = sql(
        office,
        """SELECT count(*) FROM pairing p JOIN place b ON b.id = p.place_b_id
                          WHERE b.country_code IN (SELECT country_code FROM country_group_member
                                                    WHERE group_code = 'sco' AND "left" = '')""",
    )[0][0]
    with office.connect() as conn:
        assert count(conn, "pairing", Filter(groups=["sco"])) == now
        assert (
            count(conn, "exchange", Filter(groups=["eu"]))
            == sql(
                office,
                """
            SELECT count(*) FROM (
              SELECT x.exchange_id FROM exchange_place x JOIN place pl ON pl.id = x.place_id
               WHERE pl.country_code IN (SELECT country_code FROM country_group_member
                                          WHERE group_code = 'eu' AND "left" = '')
              UNION
              SELECT ep.exchange_id FROM exchange_pairing ep JOIN pairing p ON p.id = ep.pairing_id
                JOIN place b ON b.id = p.place_b_id
               WHERE b.country_code IN (SELECT country_code FROM country_group_member
                                         WHERE group_code = 'eu' AND "left" = '')) AS u""",
            )[0][0]
            == 2
        )
    report = pdf_text(build_annual_report(office, year=2017, out=tmp_path / "2017.pdf").path)
    part = report  # (the headings also run at the top of the pages)
    assert squash(f"Shanghai Cooperation Organisation (SCO) {sco_2017[0]} {sco_2017[1]} +2") in part


def test_groups_are_seeded_once_and_edited(register):
    with register.connect() as conn:
        seeded = {g.code: g.members for g in groups.groups(conn)}
    assert seeded == {"sco": 10, "brics": 10, "asean": 11, "eu": 27, "bri": 142}  # GB left the EU
    with register.connect(write=True) as conn:
        groups.delete_group(conn, "bri")
        groups.save_group(
            conn,
            "sco",
            "SCO",
            "上合组织",
            [groups.Member("CN", "2001-06-15"), groups.Member("IR", "2023年7月4日")],
        )
        with pytest.raises(ValidationError):
            groups.save_group(conn, "sco", "SCO", "", [groups.Member("IN", "2017", "2010")])
    again = open_register(db_arg(register))  # reference.load runs again: bri stays gone
    with again.connect() as conn:
        assert "bri" not in {g.code for g in groups.groups(conn)}
        assert [tuple(m) for m in groups.members(conn, "sco")] == [
            ("CN", "China", "中国", "2001-06-15", ""),
            ("IR", "Iran", "伊朗", "2023-07-04", ""),
        ]
    again.close()


# --------------------------------------------------------------------------- 13. narrative
def test_the_narrative_is_kept_per_year_and_printed(office, tmp_path):
    with office.connect(write=True) as conn:
        narrative.write(
            conn,
            YEAR,
            {
                "foreword": ("A year of renewed exchanges.", "这是交流全面恢复的一年。"),
                "overview": (
                    "We received two delegations.\nWe sent two.",
                    "全年接待来访团组两批。\n派出出访团组两批。",
                ),
                "results": ("", "与明斯克签署合作备忘录。"),
                "problems": ("", ""),
                "next_steps": (
                    "Prepare the 30th anniversary with Moscow.",
                    "筹备与莫斯科结好30周年活动。",
                ),
            },
        )
    with office.connect() as conn:
        assert set(narrative.read(conn, YEAR)) == {"foreword", "overview", "results", "next_steps"}
        assert narrative.read(conn, YEAR - 1) == {}
    zh = pdf_text(build_annual_report(office, year=YEAR, lang="zh", out=tmp_path / "zh.pdf").path)
    for line in (
        "前言",
        "这是交流全面恢复的一年。",
        "一、年度工作总结",
        "（一）工作概述",
        "全年接待来访团组两批。",
        "派出出访团组两批。",
        "（二）主要成效",
        "与明斯克签署合作备忘录。",
        "（三）下一步工作",
    ):
        assert squash(line) in zh
    assert "存在问题" not in zh  # an empty section is left out
    en = pdf_text(build_annual_report(office, year=YEAR, out=tmp_path / "en.pdf").path)
    assert squash("1.1 Overview of the work We received two delegations.") in en
    assert (
        squash("1.2 Main results 与明斯克签署合作备忘录。") in en
    )  # the other language, not nothing
    assert squash("2 Summary figures") in en


@pytest.mark.sqlite_only("builds a schema-0006 file with SQLite's seam (a server's: test_postgres)")
def test_migration_0007_fills_directions_from_the_types(tmp_path):
    from sqlalchemy import create_engine

    from twindesk.core import reference
    from twindesk.core.storage import migrations
    from twindesk.core.storage import sqlite as seam

    path = tmp_path / "old.sqlite3"
    engine = create_engine(seam.url_for(path))
    seam.configure_engine(engine)
    with seam.migration_connection(engine) as conn:
        seam.mark_as_register(conn)
        migrations.upgrade(conn, "0006")
        reference.load(conn)  # no country groups yet at 0006: nothing to seed
        conn.execute(
            text(
                'INSERT INTO exchange (title_en, title_zh, exchange_type, start, "end", venue, outcome, '
                "notes, search_text, version, created_at, updated_at) VALUES "
                "('In', '', 'delegation_in', '2020', '', '', '', '', '', 1, '2020-01-01', '2020-01-01'), "
                "('Forum', '', 'forum', '2020', '', '', '', '', '', 1, '2020-01-01', '2020-01-01')"
            )
        )
    engine.dispose()
    with open_register(path) as register:  # upgrades, then loads the reference data
        assert sql(register, "SELECT title_en, direction FROM exchange ORDER BY id") == [
            ("In", "incoming"),
            ("Forum", ""),
        ]
        assert sql(register, "SELECT count(*) FROM country_group")[0][0] == 5
