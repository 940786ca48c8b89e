"""PDF reports, read back: names, figures, pages, contents, fonts, Chinese text."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from bench.generate import generate
from twindesk.core import operations as ops
from twindesk.core.errors import TwinDeskError
from twindesk.core.models import Pairing, Place
from twindesk.core.reports import (
    FontNotFoundError,
    ReportCancelled,
    build_annual_report,
    build_country_list,
    build_dossier,
    build_exchange_list,
    build_expiring_list,
    register_font,
)
from twindesk.core.storage import Register

ROOT = Path(__file__).resolve().parents[1]


def text_of(
    path: Path, first: int | None = None, last: int | None = None, *, raw: bool = True
) -> str:
    """The PDF's text with all white space removed, so lines wrapped in cells still match.

    ``raw`` keeps the order the text was drawn in: cell by cell, row by row."""
    options = [
        *(["-raw"] if raw else []),
        *(["-f", str(first)] if first else []),
        *(["-l", str(last)] if last else []),
    ]
    out = subprocess.run(
        ["pdftotext", *options, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return squash(out)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def assert_fonts_embedded(path: Path) -> None:
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    rows = out.splitlines()[2:]
    assert rows, "no fonts at all"
    for row in rows:
        assert "TrueType" in row and re.search(r"\byes\s+yes\s+yes\b", row), row
    assert "Helvetica" not in out


def pairing_with(register: Register, partner: str) -> int:
    with register.connect() as conn:
        return conn.execute(
            select(Pairing.id)
            .join(Place, Place.id == Pairing.place_b_id)
            .where(Place.name_en == partner)
        ).scalar_one()


# --------------------------------------------------------------------------- annual report
def test_annual_report_in_english(demo, tmp_path):
    out = tmp_path / "annual.pdf"
    result = build_annual_report(
        demo, year=2021, lang="en", office="Beijing Foreign Affairs Office", out=out
    )
    assert result.path == out and len(PdfReader(out).pages) == result.pages >= 8
    text = text_of(out)
    for expected in (
        "Beijing Foreign Affairs Office",
        "Annual Report on Friendship-City Work",
        "Contents",
        "1.1Keyfigures,2021comparedwith2020",
        "Appendix",
        "Moscow",
        "Tianjin",
        "Kobe",
        "Rybinsk",
        "Europe",
    ):
        assert squash(expected) in text, expected
    # 29 pairings in the demo, all in force in 2021; three were signed at the SCO forum.
    assert squash("Pairings in force at the end of the year 26 29 +3") in text
    assert squash("Pairings established during the year 0 3 +3") in text
    assert squash("Programme of cooperation between Moscow and Beijing for 2021–2023") in text
    # The contents give page numbers, and the appendix is where they say.
    contents = text_of(out, 2, 2, raw=False)
    appendix_page = int(re.search(r"Appendix:theregisterofpairings\.+(\d+)", contents)[1])
    assert "Appendix:theregisterofpairings" in text_of(out, appendix_page, appendix_page)
    assert "Page2" in text_of(out, 2, 2)
    assert_fonts_embedded(out)


def test_annual_report_in_chinese_keeps_english_names(demo, tmp_path):
    out = tmp_path / "annual-zh.pdf"
    result = build_annual_report(demo, year=2021, lang="zh", out=out)
    text = text_of(out)
    for expected in (
        "友好城市工作年度报告",
        "2021年度",
        "目录",
        "一、主要数据",
        "附录：友好城市关系一览表",
        "莫斯科",
        "天津",
        "神户",
        "年末存续的结好关系26 29 +3",
        "第 2 页",
        "Moscow",
        "Kobe",
        "Tianjin",
    ):
        assert squash(expected) in text, expected
    assert result.pages >= 8
    assert_fonts_embedded(out)


def test_long_tables_split_with_their_header_on_every_page(tmp_path):
    path = tmp_path / "generated.sqlite3"
    generate(path, 2_000, seed=1, pairings=400)
    from twindesk.core.storage import open_register

    with open_register(path, read_only=True) as register:
        result = build_annual_report(register, year=2024, lang="en", out=tmp_path / "big.pdf")
    assert result.pages > 15
    last = text_of(result.path, result.pages, result.pages)
    assert "Appendix:theregisterofpairings" in last  # the running header names the section
    assert squash("No. Country Partner place Local place Kind Level Status Established") in last
    assert text_of(result.path).count("400") >= 1
    assert_fonts_embedded(result.path)


# --------------------------------------------------------------------------- dossier
def test_dossier_of_beijing_moscow(demo, tmp_path):
    out = tmp_path / "dossier.pdf"
    build_dossier(demo, pairing_with(demo, "Moscow"), lang="en", out=out)
    text = text_of(out)
    for expected in (
        "Beijing – Moscow",
        "Pairing dossier",
        "May 1995",
        "China Daily",
        "Programme of cooperation between Moscow and Beijing for 2021–2023",
        "2021 – 2023",
        "Completed",
        "Trade",
        "Urban planning",
        "subway systems",
        "Third China–Russia Sister City Meeting",
        "26 Oct 2004",
        "Moscow-Beijing-25",
        "Music Week for Friendship Cities",
        "Sergei Sobyanin",
        "Mayor of Moscow",
        "Igor Rogachev",
        "Moscow-Beijing programme 2021-2023 (press summary).txt",
        "Москва",
        "Peking",
    ):
        assert squash(expected) in text, expected
    assert_fonts_embedded(out)


def test_dossier_in_chinese(demo, tmp_path):
    out = tmp_path / "dossier-zh.pdf"
    build_dossier(demo, pairing_with(demo, "Moscow"), lang="zh", out=out)
    text = text_of(out)
    for expected in (
        "北京—莫斯科",
        "结好关系档案",
        "1995年5月",
        "北京市与莫斯科市2021—2023年合作纲要",
        "第三届中俄友好城市会议",
        "索比亚宁",
        "M. Men",
        "贸易",
        "城市规划",
    ):
        assert squash(expected) in text, expected


def test_dossier_of_a_missing_pairing(demo, tmp_path):
    from twindesk.core.errors import NotFoundError

    folder = tmp_path / "out"
    with pytest.raises(NotFoundError):
        build_dossier(demo, 9999, out=folder / "none.pdf")
    assert not folder.exists() or not list(folder.iterdir())


# --------------------------------------------------------------------------- working lists
def test_expiring_programmes(demo, tmp_path):
    soon = date.today() + timedelta(days=60)
    with demo.write() as s:
        ops.create(
            s,
            "programme",
            {
                "pairing_id": pairing_with(demo, "Tokyo"),
                "title_en": "Beijing–Tokyo urban renewal exchange",
                "start": "2020",
                "end": soon.strftime("%Y-%m"),
                "status": "active",
            },
        )
        ops.create(
            s,
            "programme",
            {
                "pairing_id": pairing_with(demo, "Tokyo"),
                "title_en": "Programme for much later",
                "start": "2020",
                "end": str(date.today().year + 5),
            },
        )
    out = tmp_path / "expiring.pdf"
    build_expiring_list(demo, months=6, out=out)
    text = text_of(out)
    assert squash("Programmes ending in the next 6 months") in text
    assert squash("Beijing–Tokyo urban renewal exchange") in text
    assert "Programmeformuchlater" not in text
    assert "MoscowandBeijing" not in text  # completed in 2023


def test_exchanges_in_a_date_range(demo, tmp_path):
    out = tmp_path / "exchanges.pdf"
    build_exchange_list(demo, start=date(2020, 1, 1), end=date(2021, 12, 31), lang="en", out=out)
    text = text_of(out)
    assert squash("Moscow-Beijing-25: New Time") in text
    assert squash("SCO People-to-People Friendship Forum") in text
    assert squash("Suifenhe – Pogranichny District") in text
    assert "ThirdChina–Russia" not in text
    assert squash("3 exchanges.") in text
    backwards = tmp_path / "backwards.pdf"
    with pytest.raises(TwinDeskError, match="before it starts"):
        build_exchange_list(
            demo, start=date(2021, 12, 31), end=date(2020, 1, 1), lang="en", out=backwards
        )
    assert not backwards.exists()  # no empty list that looks like a quiet year


def test_pairings_by_country(demo, tmp_path):
    out = tmp_path / "countries.pdf"
    build_country_list(demo, countries=["ru"], lang="zh", out=out)
    text = text_of(out)
    assert "俄罗斯(3)" in text and "莫斯科" in text and "雷宾斯克" in text and "Rybinsk" in text
    assert "东京" not in text


# --------------------------------------------------------------------------- for a window
def test_progress_runs_to_the_end(demo, tmp_path):
    calls = []
    build_annual_report(
        demo,
        year=2021,
        out=tmp_path / "a.pdf",
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls[-1] == (1000, 1000)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


@pytest.mark.parametrize("after", [1, 12])  # while reading, and while laying out pages
def test_cancel_leaves_no_file(demo, tmp_path, after):
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) >= after

    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(ReportCancelled) as err:
        build_annual_report(demo, year=2021, out=folder / "cancelled.pdf", cancelled=cancelled)
    assert len(asked) == after
    assert list(folder.iterdir()) == []
    assert "取消" in err.value.message("zh") and "cancelled" in err.value.message("en")


def test_missing_font_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("TWINDESK_FONT", str(tmp_path / "no-such-font.ttf"))
    register_font.cache_clear()
    try:
        with pytest.raises(FontNotFoundError) as err:
            register_font()
    finally:
        monkeypatch.undo()
        register_font.cache_clear()
    assert "fonts-wqy-microhei" in err.value.message("en")
    assert "字体" in err.value.message("zh")
    assert register_font()


# --------------------------------------------------------------------------- command line
def run_cli(*args: str, cwd: Path, data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "TWINDESK_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "twindesk", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.sqlite_only("four program runs on the file, 15 s; the CLI on a server: test_postgres")
def test_report_command(demo_file, tmp_path):
    data_dir = tmp_path / "data"
    db = ["--db", str(demo_file)]
    done = run_cli(
        "report",
        "annual",
        "--year",
        "2021",
        "--lang",
        "zh",
        "-o",
        "report.pdf",
        *db,
        cwd=tmp_path,
        data_dir=data_dir,
    )
    assert done.returncode == 0, done.stderr
    assert "report.pdf" in done.stdout and "页" in done.stdout
    assert "莫斯科" in text_of(tmp_path / "report.pdf")

    from twindesk.core.storage import open_register

    with open_register(demo_file, read_only=True) as register:
        moscow = pairing_with(register, "Moscow")
    done = run_cli(
        "report",
        "dossier",
        str(moscow),
        *db,
        "--lang",
        "en",
        "--office",
        "Test Office",
        cwd=tmp_path,
        data_dir=data_dir,
    )
    assert done.returncode == 0, done.stderr
    dossier = tmp_path / f"dossier-{moscow}-en.pdf"
    assert "TestOffice" in text_of(dossier) and "Wrote" in done.stdout

    done = run_cli(
        "report", "expiring", "--months", "6", *db, "--lang", "en", cwd=tmp_path, data_dir=data_dir
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "expiring-6-months-en.pdf").exists()

    done = run_cli(
        "report", "dossier", "9999", *db, "--lang", "en", cwd=tmp_path, data_dir=data_dir
    )
    assert done.returncode == 2 and "#9999" in done.stderr
