"""Countries over time: a pairing signed with a town of a state that no longer exists keeps
that state as its country at signing; the town is in its present country; reports count
by present country, and by the country at signing when asked."""

from __future__ import annotations

from sqlalchemy import select

from tests.test_import_commit import db_arg, run, sample
from tests.test_reports import text_of
from twindesk.cli import main
from twindesk.core.models import Pairing, Place


def test_old_country_names_are_kept_as_the_country_at_signing(register, tmp_path):
    run(register, sample("pairings-gbk.csv"))  # 苏联 and 南斯拉夫 in its country column
    with register.connect() as conn:
        p, b = Pairing.__table__, Place.__table__
        rows = {
            r.name_zh: (r.country_code, r.country_at_signing)
            for r in conn.execute(
                select(b.c.name_zh, b.c.country_code, p.c.country_at_signing).join(
                    b, b.c.id == p.c.place_b_id
                )
            )
        }
    assert rows["哈巴罗夫斯克"] == ("RU", "SUHH") and rows["贝尔格莱德"] == ("RS", "YUCS")
    assert rows["神户"] == ("JP", None)
    db = db_arg(register)
    plain, signing = tmp_path / "plain.pdf", tmp_path / "signing.pdf"
    assert (
        main(["report", "annual", "--year", "2000", "--db", db, "--lang", "en", "-o", str(plain)])
        == 0
    )
    assert (
        main(
            [
                "report",
                "annual",
                "--year",
                "2000",
                "--db",
                db,
                "--lang",
                "en",
                "-o",
                str(signing),
                "--by-signing-country",
            ]
        )
        == 0
    )
    text = text_of(plain)
    assert "SovietUnion" not in text and "Yugoslavia" not in text and "Russia" in text
    text = text_of(signing)
    assert "Pairingsinforcebycountryatsigning" in text
    tail = text.split("Pairingsinforcebycountryatsigning", 1)[1]
    assert "SovietUnion" in tail and "Yugoslavia" in tail and "Japan" in tail


def test_an_old_country_name_on_one_row_names_that_row(register):
    """The grouped warning says "(row 3)", not "(1 rows: 3)"."""
    plan, _ = run(register, sample("pairings-gbk.csv"))
    lines = [line for line in plan.problem_lines("en") if "Soviet" in line or "苏联" in line]
    assert len(lines) == 1 and lines[0].endswith(" (row 3)"), lines
    lines_zh = [line for line in plan.problem_lines("zh") if "苏联" in line]
    assert len(lines_zh) == 1 and lines_zh[0].endswith("（第 3 行）"), lines_zh


def test_a_remark_that_the_pairing_was_signed_under_a_former_state_is_read(register, tmp_path):
    """Two lists made by other offices wrote it so: 基辅 under 乌克兰, remarked 结好时属苏联.
    The Soviet Union becomes the country at signing, with a warning; a remark naming a
    state that still exists (联邦德国: Germany) or one the row's country never belonged
    to changes nothing."""
    from tests.test_import_commit import xlsx

    book = xlsx(
        tmp_path / "remarks.xlsx",
        [
            ["本方城市", "外方城市", "所在国家", "结好日期", "备注"],
            ["武汉", "基辅", "乌克兰", "1990", "结好时属苏联"],
            ["武汉", "杜伊斯堡", "德国", "1982", "结好时为联邦德国"],
            ["武汉", "大分", "日本", "1979", "结好时属苏联（误）"],
        ],
    )
    plan, _ = run(register, book, create_local=True)
    kyiv, duisburg, oita = plan.rows
    assert kyiv.values["country_at_signing"] == "SUHH"
    assert [p.code for p in kyiv.problems] == ["import.value.signed_in_notes"]
    assert "结好时属苏联" in kyiv.values["notes"]  # the remark itself is kept
    assert duisburg.values["country_at_signing"] is None and not duisburg.problems
    assert oita.values["country_at_signing"] is None
    assert "import.value.signed_in_notes" not in [p.code for p in oita.problems]
