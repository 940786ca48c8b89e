"""Spreadsheet import: validate, commit (all or nothing), duplicates, undo, presets, rejected rows."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import Workbook
from python_calamine import CalamineWorkbook
from sqlalchemy import select

from twindesk.cli import main
from twindesk.core.models import (
    AuditEntry, Contact, ContactPairing, Exchange, ImportBatch, Pairing, Place,
)
from twindesk.core.operations import create, update
from twindesk.core.spreadsheets import (
    ImportCancelled, ImportOptions, SpreadsheetImport, UndoError, list_imports, list_presets,
    save_preset, save_rejected, undo_import,
)
from twindesk.core.spreadsheets.importer import count_records

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"


def sample(name: str) -> Path:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"sample {name} not present")
    return path


def xlsx(path: Path, rows: list[list], title: str = "Sheet1") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type == "f":  # text that looks like a formula stays text
                cell.data_type = "s"
    wb.save(path)
    return path


def snapshot(register) -> dict:
    """Every row of the tables an import touches, to compare before and after."""
    out = {}
    with register.connect() as conn:
        for model in (Place, Pairing, Contact, Exchange, ImportBatch, AuditEntry, ContactPairing):
            t = model.__table__
            out[t.name] = [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
    return out


def run(register, path, **options):
    with SpreadsheetImport(register, path) as imp:
        plan = imp.validate(ImportOptions(**options))
        return plan, imp.commit(plan, operator="tester")


def pairings(register) -> list[tuple]:
    with register.connect() as conn:
        p, a, b = Pairing.__table__, Place.__table__.alias("a"), Place.__table__.alias("b")
        q = select(a.c.name_zh, a.c.name_en, b.c.name_zh, b.c.name_en, b.c.country_code,
                   p.c.kind, p.c.established).join(a, a.c.id == p.c.place_a_id).join(
            b, b.c.id == p.c.place_b_id).order_by(p.c.id)
        return [tuple(r) for r in conn.execute(q)]


# --------------------------------------------------------------------------- samples
def test_shanghai_sample_with_local_side(register):
    plan, result = run(register, sample("shanghai-friendship-cities.xlsx"), local="上海")
    assert plan.counts()["insert"] == 12 and plan.counts()["skip"] == 1  # 大阪 twice
    statuses = {r.row: r.status for r in plan.rows}
    assert statuses[4] == "ok" and statuses[5] == "warning"  # 1974.4 is a partial date
    rows = pairings(register)
    assert len(rows) == 12 and all(r[0] == "上海" and r[1] == "Shanghai" for r in rows)
    assert ("上海", "Shanghai", "圣彼得堡", "Saint Petersburg", "RU", "sister_city", "1988") in rows
    hamburg = next(r for r in rows if r[3] == "Hamburg")
    assert hamburg[4] == "DE"
    warn = [p for r in plan.rows if r.row == 13 for p in r.problems]
    assert any(p.code == "import.value.old_country_name" for p in warn)
    # The second sheet reuses 上海, created by the first import.
    plan2, _ = run(register, sample("shanghai-friendship-cities.xlsx"), sheet="友好交流城市",
                   local="上海")
    assert plan2.counts() == {"insert": 3, "update": 0, "skip": 0, "reject": 0, "warning": 2,
                              "places": 3}
    assert {r[5] for r in pairings(register)[-3:]} == {"friendly_exchange"}


def test_hubei_and_gbk_samples(register):
    plan, _ = run(register, sample("hubei-partners.xls"))
    assert plan.counts()["reject"] == 0 and plan.counts()["insert"] == 10
    rows = pairings(register)
    assert ("", "Hubei Province", "", "Ohio", "US", "sister_city", "1979") in rows
    volgograd = next(r for r in rows if r[3] == "Volgograd")
    assert volgograd[4] == "SUHH" and volgograd[6] == ""  # n/a: left empty, with a warning
    with register.connect() as conn:
        contact = conn.execute(select(Contact.__table__.c.name_en, Contact.__table__.c.title)).one()
    assert tuple(contact) == ("M. Dupont", "Relations internationales")
    plan, _ = run(register, sample("pairings-gbk.csv"))
    assert plan.counts()["insert"] == 4
    rows = pairings(register)
    assert ("天津", "Tianjin", "神户", "", "JP", "sister_city", "1973-06-24") in rows
    assert ("天津", "Tianjin", "贝尔格莱德", "", "YUCS", "sister_city", "1981") in rows


def test_exchanges_sample_links_existing_pairings(register):
    with register.write() as s:
        wuhan = create(s, "place", {"name_en": "Wuhan", "name_zh": "武汉", "country_code": "CN"})
        bordeaux = create(s, "place", {"name_en": "Bordeaux", "name_zh": "波尔多", "country_code": "FR"})
        pairing = create(s, "pairing", {"place_a_id": wuhan.id, "place_b_id": bordeaux.id,
                                        "kind": "sister_city"})
    plan, result = run(register, sample("exchanges-2023.ods"))
    assert plan.target == "exchange" and plan.counts()["insert"] == 5
    first = plan.rows[0]
    assert (first.values["start"], first.values["end"]) == ("2023-05-10", "2023-05-14")
    assert first.links["pairings"] == [pairing.id] and first.links["fields"] == ["trade", "culture"]
    assert plan.rows[2].values["end"] == "2023-09-22"
    assert plan.rows[3].values["participants"] == 40  # "40" stored as text
    assert "青少年交流" in plan.rows[3].values["notes"]  # unknown type kept in the notes
    with register.connect() as conn:
        assert conn.execute(select(Exchange.__table__.c.search_text)).scalars().first()


# --------------------------------------------------------------------------- all or nothing
def test_failure_mid_commit_leaves_register_unchanged(register, tmp_path):
    rows = [["本方城市", "外方城市", "国家", "结好日期"]]
    rows += [["天津", f"城市{i}", "日本", "1990"] for i in range(5000)]
    path = xlsx(tmp_path / "big.xlsx", rows)
    before = snapshot(register)
    with SpreadsheetImport(register, path) as imp:
        plan = imp.validate(ImportOptions())
        with pytest.raises(RuntimeError):
            imp.commit(plan, _fail_after=3000)
        assert snapshot(register) == before
        calls = []
        with pytest.raises(ImportCancelled):
            imp.commit(plan, cancelled=lambda: len(calls) > 2, progress=lambda d, t: calls.append(d))
        assert snapshot(register) == before
        result = imp.commit(plan, progress=lambda d, t: calls.append((d, t)))
    assert result.inserted == 5000 and count_records(register)["pairing"] == 5000


def test_validate_progress_and_cancel(register, tmp_path):
    rows = [["Partner", "Country"]] + [[f"Town {i}", "FR"] for i in range(2000)]
    path = xlsx(tmp_path / "p.xlsx", rows)
    seen = []
    with SpreadsheetImport(register, path) as imp:
        imp.validate(ImportOptions(local="Tianjin"), progress=lambda d, t: seen.append((d, t)))
        assert seen[-1] == (2000, 2000)
        with pytest.raises(ImportCancelled):
            imp.validate(ImportOptions(local="Tianjin"), cancelled=lambda: True)


# --------------------------------------------------------------------------- duplicates
def _setup_existing(register):
    with register.write() as s:
        tj = create(s, "place", {"name_en": "Tianjin", "name_zh": "天津", "country_code": "CN"})
        kobe = create(s, "place", {"name_en": "Kobe", "name_zh": "神户", "country_code": "JP"})
        p = create(s, "pairing", {"place_a_id": tj.id, "place_b_id": kobe.id, "kind": "sister_city",
                                  "established": "1973", "notes": "keep me", "source": "archive"})
    return p


@pytest.mark.parametrize("choice", ["skip", "update", "keep"])
def test_duplicates_against_register(register, tmp_path, choice):
    existing = _setup_existing(register)
    # Reversed order (神户, 天津) is still the same pairing; the source cell is empty.
    path = xlsx(tmp_path / "d.xlsx", [["外方城市", "本方城市", "国家", "结好日期", "来源", "类型"],
                                      ["天津", "神户", "日本", "1973-06-24", None, "友好城市"]])
    with SpreadsheetImport(register, path) as imp:
        plan = imp.validate(ImportOptions(on_duplicate=choice))
        # The file names 天津 as the partner; its country 日本 does not fit 天津 (CN).
        assert plan.rows[0].status == "warning" or plan.rows[0].duplicate_of is None
    path = xlsx(tmp_path / "d2.xlsx", [["本方城市", "外方城市", "国家", "结好日期", "来源", "类型"],
                                       ["神户", "天津", "", "1973-06-24", None, "友好城市"]])
    plan, result = run(register, path, on_duplicate=choice, local_country="JP")
    row = plan.rows[0]
    assert row.duplicate_of == ("register", existing.id)
    with register.connect() as conn:
        rows = conn.execute(select(Pairing.__table__)).fetchall()
    if choice == "skip":
        assert row.action == "skip" and len(rows) == 1 and rows[0].established == "1973"
    elif choice == "update":
        assert row.action == "update" and len(rows) == 1
        assert rows[0].established == "1973-06-24"
        assert rows[0].source == "archive" and rows[0].notes == "keep me"  # blanks never wipe
        assert row.changes == {"established": ("1973", "1973-06-24")}
        undo_import(register, result.batch_id)
        with register.connect() as conn:
            back = conn.execute(select(Pairing.__table__)).one()
        assert back.established == "1973"
    else:
        assert row.action == "insert" and len(rows) == 2


def test_per_row_duplicate_choice_and_duplicates_within_file(register, tmp_path):
    path = xlsx(tmp_path / "d.xlsx", [
        ["本方城市", "外方城市", "国家", "结好日期"],
        ["天津", "神户", "日本", "1973"],
        ["天津", "神户", "日本", "1973-06-24"],
        ["天津", "大阪", "日本", "1980"],
        ["天津", "大阪", "JP", "1980"],
    ])
    plan, _ = run(register, path, on_duplicate="skip", row_actions={5: "keep"})
    assert [r.action for r in plan.rows] == ["insert", "skip", "insert", "insert"]
    assert plan.rows[1].duplicate_of == ("row", 2)
    plan, _ = run(register, path, on_duplicate="update")
    # Now every row duplicates the register; the second 神户 row folds into the first.
    assert [r.action for r in plan.rows][:2] == ["update", "skip"]


# --------------------------------------------------------------------------- dates per column
def test_dayfirst_is_decided_per_column_or_asked(register, tmp_path):
    settled = xlsx(tmp_path / "a.xlsx", [["Partner", "Country", "Date"],
                                         ["Lyon", "France", "03/04/2000"],
                                         ["Nice", "France", "14/09/2001"]])
    with SpreadsheetImport(register, settled) as imp:
        plan = imp.validate(ImportOptions(local="天津"))
    assert plan.rows[0].values["established"] == "2000-04-03" and not plan.questions
    unsettled = xlsx(tmp_path / "b.xlsx", [["Partner", "Country", "Date"],
                                           ["Lyon", "France", "03/04/2000"],
                                           ["Nice", "France", "05/06/2001"]])
    with SpreadsheetImport(register, unsettled) as imp:
        plan = imp.validate(ImportOptions(local="天津"))
        assert [q.key for q in plan.questions] == ["established"]
        assert plan.questions[0].rows == [2, 3]
        assert all(r.action == "reject" for r in plan.rows)
        assert "day/month" in plan.rows[0].problems[0].message("en")
        plan = imp.validate(ImportOptions(local="天津", dayfirst={"established": False}))
    assert plan.rows[0].values["established"] == "2000-03-04" and not plan.questions


# --------------------------------------------------------------------------- places
def test_ambiguous_place_is_asked_not_guessed(register, tmp_path):
    with register.write() as s:
        a = create(s, "place", {"name_en": "Springfield", "country_code": "US", "place_type": "city"})
        b = create(s, "place", {"name_en": "SPRINGFIELD", "country_code": "US", "place_type": "county"})
    path = xlsx(tmp_path / "s.xlsx", [["Partner", "Country"], ["springfield", "USA"]])
    with SpreadsheetImport(register, path) as imp:
        plan = imp.validate(ImportOptions(local="天津"))
        assert plan.rows[0].action == "reject"
        q = next(q for q in plan.questions if q.kind == "place")
        assert {c for c, _ in q.choices} == {a.id, b.id, "new"}
        plan = imp.validate(ImportOptions(local="天津", place_choices={q.key: b.id}))
    assert plan.rows[0].action == "insert" and plan.rows[0].values["place_b_id"] == b.id


def test_existing_place_matched_by_alias_ignoring_width(register, tmp_path):
    with register.write() as s:
        kyiv = create(s, "place", {"name_en": "Kyiv", "name_zh": "基辅", "country_code": "UA",
                                   "aliases": ["Kiev"]})
    path = xlsx(tmp_path / "k.xlsx", [["Partner", "Country"], ["ＫＩＥＶ ", "Ukraine"]])
    plan, _ = run(register, path, local="Wuhan")
    assert plan.rows[0].values["place_b_id"] == kyiv.id and plan.counts()["places"] == 1


# --------------------------------------------------------------------------- undo
def test_undo_removes_exactly_what_the_import_did(register):
    before = snapshot(register)
    _, result = run(register, sample("hubei-partners.xls"))
    assert list_imports(register)[0]["inserted"] == 10
    batch = list_imports(register)[0]
    assert batch["sha256"] and batch["operator"] == "tester"
    undo_import(register, result.batch_id)
    after = snapshot(register)
    for table in ("place", "pairing", "contact", "contact_pairing"):
        assert after[table] == before[table]
    with pytest.raises(UndoError):
        undo_import(register, result.batch_id)


def test_import_and_its_undo_are_preceded_by_a_backup(register, tmp_path):
    from twindesk.core import backups

    book = xlsx(tmp_path / "p.xlsx", [["中方城市", "外方城市", "国家"], ["武汉", "Bordeaux", "法国"]])
    _, result = run(register, book)
    made = backups.list_backups(register.path)
    assert [b.reason for b in made] == ["before-import"]
    with backups.opened_copy(made[0].path) as plain, backups.open_register(plain, read_only=True) as before:
        assert snapshot(before)["pairing"] == []  # the moment before the import
    undo_import(register, result.batch_id)
    assert [b.reason for b in backups.list_backups(register.path)] == ["before-undo-import",
                                                                       "before-import"]


def test_undo_refused_when_records_changed_since(register, tmp_path):
    path = xlsx(tmp_path / "u.xlsx", [["Partner", "Country"], ["Lyon", "France"]])
    _, result = run(register, path, local="天津")
    with register.read() as s:
        pid = s.execute(select(Pairing.__table__.c.id)).scalar()
    with register.write() as s:
        update(s, "pairing", pid, {"notes": "edited later"}, version=1)
    before = snapshot(register)
    with pytest.raises(UndoError):
        undo_import(register, result.batch_id)
    assert snapshot(register) == before


# --------------------------------------------------------------------------- presets, notes
def test_presets_round_trip_and_unmapped_columns(register, tmp_path):
    rows = [["城市名", "国别", "年份", "负责处室", "Extra"], ["里昂", "法国", "1988", "欧洲处", "x"]]
    path = xlsx(tmp_path / "p.xlsx", rows)
    with SpreadsheetImport(register, path) as imp:
        layout = imp.layout()
        mapping = imp.suggest_mapping(layout)
        mapping.columns[0] = "partner"  # the clerk maps what the synonyms missed
        with register.connect(write=True) as conn:
            save_preset(conn, "法国名单", layout.headers, mapping, {"local": "天津"})
        plan = imp.validate(ImportOptions(mapping=mapping, local="天津"))
        assert "负责处室: 欧洲处" in plan.rows[0].values["notes"]
        plan = imp.validate(ImportOptions(mapping=mapping, local="天津", unmapped="ignore"))
        assert plan.rows[0].values["notes"] == ""
    with register.connect() as conn:
        assert list_presets(conn) == ["法国名单"]
    other = xlsx(tmp_path / "next-year.xlsx", rows[:1] + [["波尔多", "法国", "1999", "", ""]])
    with SpreadsheetImport(register, other) as imp:
        assert imp.suggest_mapping(imp.layout()).columns[0] == "partner"  # offered again
        plan = imp.validate(ImportOptions(preset="法国名单"))  # local side from the preset
    assert plan.rows[0].status != "error" and plan.counts()["insert"] == 1


# --------------------------------------------------------------------------- rejected rows
def test_rejected_rows_saved_for_fixing(register, tmp_path):
    path = xlsx(tmp_path / "r.xlsx", [
        ["外方城市", "国家", "结好日期", "备注"],
        ["里昂", "法国", "1988", None],
        ["=HYPERLINK(\"http://x\")", "Atlantis", "sometime", "@SUM(A1)"],
        ["马赛", "法国", "31/02/1999", "-1"],
    ])
    with SpreadsheetImport(register, path) as imp:
        plan = imp.validate(ImportOptions(local="天津"))
    assert [r.action for r in plan.rows] == ["insert", "reject", "reject"]
    msg = plan.rows[1].problems[0].message("zh")
    assert "工作表" in msg and "第 3 行" in msg and "Atlantis" in msg
    out = tmp_path / "rejected.xlsx"
    assert save_rejected(plan, out, lang="zh") == 2
    data = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert data[0] == ["外方城市", "国家", "结好日期", "备注", "Reason / 原因"]
    assert data[1][:4] == ["=HYPERLINK(\"http://x\")", "Atlantis", "sometime", "@SUM(A1)"]
    assert "Atlantis" in data[1][4] and "第 3 行" in data[1][4]
    assert data[2][3] == "-1"
    import zipfile

    assert "<f>" not in zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
    # Fixed and imported again: the rejected file is itself importable.
    from openpyxl import load_workbook

    wb = load_workbook(out)
    ws = wb.active
    ws["A2"], ws["B2"], ws["C2"], ws["C3"] = "波尔多", "法国", "1999", "1999-02"
    wb.save(out)
    plan, _ = run(register, out, local="天津")
    assert plan.counts()["insert"] == 2 and plan.counts()["reject"] == 0
    assert "Reason / 原因" in plan.rows[0].values["notes"]  # unmapped column kept in notes


# --------------------------------------------------------------------------- LibreOffice files
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
@pytest.mark.parametrize("fmt", ["xls", "ods", "csv"])
def test_import_files_saved_by_libreoffice(register, tmp_path, fmt):
    src = xlsx(tmp_path / "lo.xlsx", [["友好城市名单"], [], ["序号", "外方城市", "所在国家", "结好时间"],
                                     [1, "里昂", "法国", "1988年6月"], [2, "神户", "日本", "1973"],
                                     ["合计：2个"]])
    # CSV: comma, double quote, UTF-8 (LibreOffice's charset 76), as "Save as CSV" offers.
    target = "csv:Text - txt - csv (StarCalc):44,34,76" if fmt == "csv" else fmt
    subprocess.run(["soffice", "--headless", "--convert-to", target, "--outdir", str(tmp_path / "o"),
                    str(src)], check=True, capture_output=True, timeout=180)
    plan, _ = run(register, tmp_path / "o" / f"lo.{fmt}", local="天津")
    assert plan.counts()["insert"] == 2 and plan.counts()["reject"] == 0
    assert plan.rows[0].values["established"] == "1988-06"


# --------------------------------------------------------------------------- command line
def test_cli_import(tmp_path, capsys):
    db = tmp_path / "r.sqlite3"
    path = xlsx(tmp_path / "c.xlsx", [["外方城市", "国家"], ["里昂", "法国"], ["X", "Atlantis"]])
    code = main(["--db", str(db), "--lang", "zh", "import", str(path), "--local", "天津",
                 "--dry-run", "--rejected", str(tmp_path / "rej.xlsx")])
    out = capsys.readouterr().out
    assert code == 1 and "拒绝 1 条" in out and "试运行" in out
    assert (tmp_path / "rej.xlsx").exists()
    code = main(["--db", str(db), "import", str(path), "--local", "天津", "--save-preset", "p1"])
    out = capsys.readouterr().out
    assert code == 1 and "Imported as import #1" in out
    ok = xlsx(tmp_path / "ok.xlsx", [["外方城市", "国家"], ["马赛", "法国"]])
    assert main(["--db", str(db), "import", str(ok), "--mapping", "p1"]) == 0
    assert main(["--db", str(db), "import", str(ok), "--mapping", "nope"]) == 2
    (tmp_path / "bad.xlsx").write_text("hello")
    assert main(["--db", str(db), "import", str(tmp_path / "bad.xlsx")]) == 2
    assert "plain text" in capsys.readouterr().err
