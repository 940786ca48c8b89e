"""List exports: what a table shows, to .xlsx and .csv; safety; cancel; the export commands."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook
from sqlalchemy import select

from tests.test_import_commit import db_arg
from twindesk.cli import main
from twindesk.core import operations as ops
from twindesk.core import queries
from twindesk.core.errors import TwinDeskError
from twindesk.core.models import Contact, Country, Pairing, Place
from twindesk.core.queries import Filter
from twindesk.core.spreadsheets import ImportOptions, SpreadsheetImport
from twindesk.core.spreadsheets.export import ExportCancelled, export_list, sort_keys
from twindesk.core.storage import open_register

NASTY = [
    "=1+1",
    "+86 10 6519 2000",
    "-5",
    "@SUM(A1)",
    "\tindented",
    "\rcarriage",
    "a_x0041_b",
    "bell\x07here",
    "line one\r\nline two",
    '=HYPERLINK("http://x")',
]


def calamine_rows(path: Path, sheet: int | str = 0) -> list[list]:
    book = CalamineWorkbook.from_path(str(path))
    ws = book.get_sheet_by_index(sheet) if isinstance(sheet, int) else book.get_sheet_by_name(sheet)
    return ws.to_python()


def soffice_convert(path: Path, out_dir: Path, to: str) -> Path:
    """Have LibreOffice open ``path`` and save it as ``to`` (csv: UTF-8, first sheet). A
    .csv ``path`` is read as UTF-8 text with commas, as a clerk's import dialog sets it."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    profile = out_dir / "lo-profile"
    target = "csv:Text - txt - csv (StarCalc):44,34,76,1" if to == "csv" else to
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            *(["--infilter=CSV:44,34,76,1"] if path.suffix == ".csv" else []),
            "--convert-to",
            target,
            "--outdir",
            str(out_dir),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = out_dir / f"{path.stem}.{to}"
    assert converted.exists(), f"LibreOffice did not convert {path.name}"
    return converted


def expected_pairings(register, lang: str, f: Filter, order) -> list[list]:
    """What the table shows, computed from the register with plain SQL."""
    labels = {}
    with register.connect() as conn:
        from twindesk.core.models import PairingKind

        labels = {
            c: (en, zh)
            for c, en, zh in conn.execute(
                select(PairingKind.code, PairingKind.label_en, PairingKind.label_zh)
            )
        }
        rows = queries.page(conn, "pairing", f, limit=10_000, order_by=order)
    out = []
    for r in rows:
        partner = (r.b_name_zh or r.b_name_en) if lang == "zh" else (r.b_name_en or r.b_name_zh)
        established = (
            date.fromisoformat(r.established) if len(r.established) == 10 else r.established
        )
        out.append([partner, established, labels[r.kind][1 if lang == "zh" else 0]])
    return out


# --------------------------------------------------------------------------- what is exported
def test_list_export_writes_what_the_table_shows(demo, tmp_path):
    f = Filter(countries=["JP", "RU", "DE"])
    order = sort_keys("pairing", [("established", True)])
    result = export_list(
        demo,
        "pairing",
        tmp_path / "p.xlsx",
        filter=f,
        order_by=order,
        columns=["partner", "established", "kind"],
        lang="zh",
    )
    rows = calamine_rows(result.path)
    assert rows[0] == ["外方城市", "结好日期", "关系类型"]
    body = [[c if c != "" else "" for c in r] for r in rows[1:]]
    expected = expected_pairings(demo, "zh", f, order)
    assert len(expected) == result.rows > 3
    assert [[r[0], r[1] if r[1] != "" else "", r[2]] for r in body] == [
        [e[0], e[1] if e[1] else "", e[2]] for e in expected
    ]
    # Full dates are date cells, partial dates ISO text; the order is the table's.
    kinds = {type(r[1]) for r in body if r[1] != ""}
    assert date in kinds and str in kinds
    assert any(isinstance(r[1], str) and len(r[1]) in (4, 7) for r in body)


def test_search_text_and_english_labels(demo, tmp_path):
    result = export_list(
        demo, "place", tmp_path / "places.csv", filter=Filter(text="mos"), lang="en"
    )
    text = result.path.read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel shows the Chinese
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert rows[0] == [
        "English name",
        "Chinese name",
        "Native name",
        "Type",
        "Country",
        "Continent",
    ]
    assert ["Moscow", "莫斯科", "Москва", "City", "Russian Federation", "Europe"] in [
        r[:6] for r in rows
    ] or any(r[0] == "Moscow" and r[1] == "莫斯科" for r in rows)
    with demo.connect() as conn:
        assert result.rows == queries.count(conn, "place", Filter(text="mos")) == len(rows) - 1


def test_workbook_looks_finished(demo, tmp_path):
    result = export_list(demo, "pairing", tmp_path / "look.xlsx", lang="zh")
    ws = load_workbook(result.path)["结好关系"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:I{result.rows + 1}"
    assert all(cell.font.b for cell in ws[1])
    widths = {cell.value: ws.column_dimensions[cell.column_letter].width for cell in ws[1]}
    # Chinese names count double: the partner column fits "布宜诺斯艾利斯" (7 characters).
    assert widths["外方城市"] >= 14 and widths["大洲"] < widths["外方城市"]
    dated = [row[7] for row in ws.iter_rows(min_row=2) if row[7].value]
    full = [c for c in dated if c.is_date]
    partial = [c for c in dated if not c.is_date]
    assert full and all(c.number_format == "yyyy-mm-dd" for c in full)
    assert partial and all(c.data_type == "s" and len(c.value) in (4, 7) for c in partial)


@pytest.mark.sqlite_only("LibreOffice reading the file is tested, not the engine (6 s more)")
def test_dates_and_chinese_survive_libreoffice(demo, tmp_path):
    """LibreOffice opens the workbook and saves the same cells: the Chinese sheet name and
    text, full dates as dates, partial dates as ISO text."""
    result = export_list(demo, "pairing", tmp_path / "结好.xlsx", lang="zh")
    converted = soffice_convert(result.path, tmp_path / "lo", "xlsx")
    assert CalamineWorkbook.from_path(str(converted)).sheet_names == ["结好关系"]
    rows = calamine_rows(converted)
    assert rows == calamine_rows(result.path) and len(rows) == result.rows + 1
    dates = [r[7] for r in rows[1:] if r[7] != ""]
    assert any(isinstance(d, date) for d in dates)
    assert any(isinstance(d, str) and len(d) in (4, 7) for d in dates)
    assert "布宜诺斯艾利斯" in [r[1] for r in rows]


def test_partial_dates_and_labels_read_back_by_the_importer(demo, make_register, tmp_path):
    """A pairing list exported in Chinese imports into an empty register as the same pairings."""
    result = export_list(demo, "pairing", tmp_path / "roundtrip.xlsx", lang="zh")
    fresh = make_register()
    try:
        with SpreadsheetImport(fresh, result.path) as imp:
            plan = imp.validate(ImportOptions(on_duplicate="keep"))
            assert plan.target == "pairing" and plan.counts()["reject"] == 0
            assert sorted(plan.mapping.columns.values()) == sorted(  # every column understood
                [
                    "local",
                    "partner",
                    "country",
                    "ignore",
                    "kind",
                    "level",
                    "status",
                    "established",
                    "ended",
                ]
            )
            imp.commit(plan, operator="test")

        def facts(register):
            with register.connect() as conn:
                b = Place.__table__.alias("b")
                q = select(
                    b.c.name_zh,
                    Pairing.kind,
                    Pairing.level,
                    Pairing.status,
                    Pairing.established,
                    Pairing.ended,
                ).join(b, b.c.id == Pairing.place_b_id)
                return sorted(tuple(r) for r in conn.execute(q))

        assert facts(fresh) == facts(demo)
    finally:
        fresh.close()


def test_exported_a_page_at_a_time_from_one_snapshot(demo, tmp_path):
    """Pages of 7 rows; a record saved by someone else meanwhile does not slip in half-way."""
    progress = []

    def saved_meanwhile(done, total):
        progress.append((done, total))
        if len(progress) == 2:
            with demo.write() as s:
                ops.create(s, "place", {"name_en": "Aaaa", "country_code": "FR"})

    result = export_list(
        demo,
        "place",
        tmp_path / "paged.xlsx",
        page_size=7,
        order_by=[("name_en", False)],
        progress=saved_meanwhile,
    )
    assert progress == [
        (0, 43),
        (7, 43),
        (14, 43),
        (21, 43),
        (28, 43),
        (35, 43),
        (42, 43),
        (43, 43),
    ]
    rows = calamine_rows(result.path)
    assert len(rows) == 44 and "Aaaa" not in [r[0] for r in rows]
    with demo.connect() as conn:
        assert queries.count(conn, "place") == 44  # it was saved, after the export's snapshot


# --------------------------------------------------------------------------- safety
@pytest.fixture
def nasty(register):
    """Contacts whose text looks like formulas, escapes or holds control characters.

    Written with Core inserts: the forms strip leading tabs, but a register may hold
    text from anywhere (older imports, other tools), and an export must not choke on it.
    """
    with register.connect(write=True) as conn:
        conn.execute(
            Contact.__table__.insert(),
            [
                {
                    "name_en": f"Person {n:02d}",
                    "title": text,
                    "organisation": text,
                    "phone": text[:100],
                }
                for n, text in enumerate(NASTY)
            ],
        )
    return register


def test_formula_like_text_stays_text_in_xlsx(nasty, tmp_path):
    result = export_list(
        nasty,
        "contact",
        tmp_path / "nasty.xlsx",
        columns=["name", "title"],
        order_by=[("name_en", False)],
    )
    rows = calamine_rows(result.path)
    assert [r[1] for r in rows[1:]] == NASTY  # exactly the stored text, nothing evaluated
    ws = load_workbook(result.path).active
    cells = [row[1] for row in ws.iter_rows(min_row=2)]
    assert all(c.data_type == "s" for c in cells)
    assert all(c.quotePrefix for c in cells if c.value.startswith(("=", "+", "-", "@", "\t", "\r")))


@pytest.mark.sqlite_only("LibreOffice reading the file is tested, not the engine (6 s more)")
def test_formula_like_text_in_libreoffice(nasty, tmp_path):
    result = export_list(
        nasty,
        "contact",
        tmp_path / "nasty.xlsx",
        columns=["name", "title"],
        order_by=[("name_en", False)],
    )
    converted = soffice_convert(result.path, tmp_path / "lo", "csv")
    rows = list(csv.reader(io.StringIO(converted.read_text(encoding="utf-8"))))
    titles = [r[1] for r in rows[1:]]
    assert titles[0] == "=1+1" and titles[2] == "-5" and titles[3] == "@SUM(A1)"
    assert titles[1] == "+86 10 6519 2000" and titles[6] == "a_x0041_b"
    assert "2" not in titles


def test_csv_defuses_formulas_and_keeps_chinese(nasty, tmp_path):
    with nasty.write() as s:
        ops.create(s, "contact", {"name_en": "Person 99", "name_zh": "王芳", "title": "处长"})
    result = export_list(
        nasty,
        "contact",
        tmp_path / "nasty.csv",
        columns=["name", "title"],
        order_by=[("name_en", False)],
        lang="zh",
    )
    data = result.path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    titles = [r[1] for r in rows[1:]]
    assert titles[:4] == ["'=1+1", "'+86 10 6519 2000", "'-5", "'@SUM(A1)"]
    assert titles[4] == "'\tindented" and titles[5] == "'\rcarriage"
    assert titles[8] == "line one\r\nline two"  # quoted, kept whole
    assert rows[-1] == ["王芳", "处长"]
    converted = soffice_convert(result.path, tmp_path / "lo", "xlsx")
    values = [r[1] for r in calamine_rows(converted)[1:]]
    assert values[0] == "'=1+1" and 2 not in values and 2.0 not in values


# --------------------------------------------------------------------------- cancel, errors
def test_cancelled_export_leaves_nothing_and_keeps_the_old_file(demo, tmp_path, monkeypatch):
    temp = tmp_path.parent / f"{tmp_path.name}-temp"  # where xlsxwriter keeps its row data
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"the previous export")
    calls = []
    with pytest.raises(ExportCancelled):
        export_list(
            demo,
            "place",
            target,
            page_size=5,
            progress=lambda d, t: calls.append(d),
            cancelled=lambda: len(calls) >= 2,
        )
    assert target.read_bytes() == b"the previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "demo.sqlite3",
        "demo.sqlite3-shm",
        "demo.sqlite3-wal",
        "out.xlsx",
    ] or not any(p.name.endswith(".part") for p in tmp_path.iterdir())
    assert not any(p.suffix == ".part" for p in tmp_path.iterdir())
    assert not any(temp.iterdir())  # the temporary row data is gone too


def test_bad_requests_are_refused_in_the_clerks_language(demo, tmp_path):
    with pytest.raises(TwinDeskError) as err:
        export_list(demo, "pairing", tmp_path / "list.pdf")
    assert err.value.message("zh") == "list.pdf：文件名须以 .xlsx .csv 结尾。"
    with pytest.raises(TwinDeskError) as err:
        export_list(demo, "pairing", tmp_path / "list.xlsx", columns=["partner", "mayor"])
    assert "mayor" in err.value.message("en") and "partner" in err.value.message("en")
    assert not (tmp_path / "list.xlsx").exists()


# --------------------------------------------------------------------------- command line
def test_export_command_writes_a_filtered_sorted_list(demo, tmp_path, capsys):
    out = tmp_path / "jp.csv"
    code = main(
        [
            "--db",
            db_arg(demo),
            "--lang",
            "zh",
            "export",
            "pairings",
            "-o",
            str(out),
            "--country",
            "jp",
            "--sort",
            "established:desc",
            "--columns",
            "partner,established",
        ]
    )
    assert code == 0
    assert f"已导出 {out}" in capsys.readouterr().out
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    with demo.connect() as conn:
        expected = queries.page(
            conn, "pairing", Filter(countries=["JP"]), limit=100, order_by=[("established", True)]
        )
    assert rows[0] == ["外方城市", "结好日期"]
    assert rows[1:] == [[r.b_name_zh, r.established] for r in expected]


def test_export_command_refuses_filters_a_list_does_not_have(demo, tmp_path, capsys):
    code = main(
        [
            "--db",
            db_arg(demo),
            "export",
            "contacts",
            "-o",
            str(tmp_path / "c.xlsx"),
            "--kind",
            "sister_city",
        ]
    )
    assert code == 2
    assert "--kind does not apply to the contacts list." in capsys.readouterr().err
    code = main(
        [
            "--db",
            db_arg(demo),
            "export",
            "pairings",
            "-o",
            str(tmp_path / "c.xlsx"),
            "--status",
            "nonsense",
        ]
    )
    assert code == 2 and "--status nonsense: no such code" in capsys.readouterr().err
    assert not (tmp_path / "c.xlsx").exists()


def test_whole_register_export_and_restore_commands(demo, tmp_path, capsys):
    out = tmp_path / "all.xlsx"
    assert main(["--db", db_arg(demo), "export", "all", "-o", str(out)]) == 0
    assert "Wrote the whole register" in capsys.readouterr().out
    new = tmp_path / "new.sqlite3"
    assert main(["--db", str(new), "restore-export", str(out)]) == 0
    with open_register(new) as restored, restored.connect() as a, demo.connect() as b:
        for model in (Place, Pairing, Contact, Country):
            t = model.__table__
            assert (
                a.execute(select(t).order_by(*t.primary_key)).all()
                == b.execute(select(t).order_by(*t.primary_key)).all()
            )
    # A second restore into the same file is refused, and the file is left as it was.
    assert main(["--db", str(new), "--lang", "zh", "restore-export", str(out)]) == 2
    assert "中已有记录" in capsys.readouterr().err
    # A failed restore into a new file leaves no register behind.
    other = tmp_path / "other.sqlite3"
    assert main(["--db", str(other), "restore-export", str(tmp_path / "jp.xlsx")]) == 2
    assert not other.exists()


def test_template_command(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert (
        main(["--db", str(tmp_path / "none.sqlite3"), "--lang", "zh", "template", "contacts"]) == 0
    )
    written = tmp_path / "contacts-import-template-zh.xlsx"
    assert written.exists() and not (tmp_path / "none.sqlite3").exists()
    assert calamine_rows(written)[2][:2] == ["中文姓名", "英文姓名"]
    assert "已生成导入模板" in capsys.readouterr().out
