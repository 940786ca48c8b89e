"""Spreadsheet import: validate, commit (all or nothing), duplicates, undo, presets, rejected rows."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import Workbook
from python_calamine import CalamineWorkbook
from sqlalchemy import func, select

from twindesk.cli import main
from twindesk.core.models import (
    AuditEntry,
    Contact,
    ContactPairing,
    Exchange,
    ExchangePairing,
    ImportBatch,
    Pairing,
    Place,
)
from twindesk.core.operations import create, update
from twindesk.core.spreadsheets import (
    ImportCancelled,
    ImportOptions,
    SpreadsheetImport,
    UndoError,
    list_imports,
    list_presets,
    save_preset,
    save_rejected,
    undo_import,
)

# Files written by LibreOffice, with the quirks clerks' files have (their README lists them).
SAMPLES = Path(__file__).parent / "data" / "samples"


def sample(name: str) -> Path:
    return SAMPLES / name


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


def db_arg(register) -> str:
    """``--db`` for the register: its file, or its server URL (trusted logins in tests)."""
    return str(register.path or register.name)


def snapshot(register) -> dict:
    """Every row of the tables an import touches, to compare before and after."""
    out = {}
    with register.connect() as conn:
        for model in (Place, Pairing, Contact, Exchange, ImportBatch, AuditEntry, ContactPairing):
            t = model.__table__
            out[t.name] = [
                tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))
            ]
    return out


def run(register, path, **options):
    with SpreadsheetImport(register, path) as imp:
        plan = imp.validate(ImportOptions(**options))
        return plan, imp.commit(plan, operator="tester")


def pairings(register) -> list[tuple]:
    with register.connect() as conn:
        p, a, b = Pairing.__table__, Place.__table__.alias("a"), Place.__table__.alias("b")
        q = (
            select(
                a.c.name_zh,
                a.c.name_en,
                b.c.name_zh,
                b.c.name_en,
                b.c.country_code,
                p.c.kind,
                p.c.established,
            )
            .join(a, a.c.id == p.c.place_a_id)
            .join(b, b.c.id == p.c.place_b_id)
            .order_by(p.c.id)
        )
        return [tuple(r) for r in conn.execute(q)]


# --------------------------------------------------------------------------- samples
def test_shanghai_sample_with_local_side(register):
    plan, result = run(
        register, sample("shanghai-friendship-cities.xlsx"), local="上海", create_local=True
    )
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
    plan2, _ = run(
        register,
        sample("shanghai-friendship-cities.xlsx"),
        sheet="友好交流城市",
        local="上海",
        create_local=True,
    )
    # 2006.7 is a warning; 2004年, a year alone, is not (issue 18.17).
    assert plan2.counts() == {
        "insert": 3,
        "update": 0,
        "unchanged": 0,
        "skip": 0,
        "reject": 0,
        "warning": 1,
        "places": 3,
    }
    assert {r[5] for r in pairings(register)[-3:]} == {"friendly_exchange"}


def test_hubei_and_gbk_samples(register):
    plan, _ = run(register, sample("hubei-partners.xls"))
    assert plan.counts()["reject"] == 0 and plan.counts()["insert"] == 10
    rows = pairings(register)
    # 俄亥俄州 and 湖北省 are the gazetteer's ("Hubei Province" found without its suffix):
    # a new place gets the name the file did not give.
    assert ("湖北省", "Hubei Province", "俄亥俄州", "Ohio", "US", "sister_city", "1979") in rows
    volgograd = next(r for r in rows if r[3] == "Volgograd")
    # A present-day city is never filed under a state that no longer exists: Volgograd is
    # in Russia, and the USSR is kept on the pairing as the country at signing.
    assert volgograd[4] == "RU" and volgograd[6] == ""  # n/a: left empty, with a warning
    with register.connect() as conn:
        t = Pairing.__table__
        notes = conn.execute(select(t.c.notes).order_by(t.c.id)).scalars().all()
    assert sum("Country at signing: Soviet Union (苏联)" in n for n in notes) >= 1
    with register.connect() as conn:
        contact = conn.execute(select(Contact.__table__.c.name_en, Contact.__table__.c.title)).one()
    assert tuple(contact) == ("M. Dupont", "Relations internationales")
    plan, _ = run(register, sample("pairings-gbk.csv"))
    assert plan.counts()["insert"] == 4
    rows = pairings(register)
    assert ("天津", "Tianjin", "神户", "Kobe", "JP", "sister_city", "1973-06-24") in rows
    assert ("天津", "Tianjin", "贝尔格莱德", "Belgrade", "RS", "sister_city", "1981") in rows


def test_exchanges_sample_links_existing_pairings(register):
    with register.write() as s:
        wuhan = create(s, "place", {"name_en": "Wuhan", "name_zh": "武汉", "country_code": "CN"})
        bordeaux = create(
            s, "place", {"name_en": "Bordeaux", "name_zh": "波尔多", "country_code": "FR"}
        )
        pairing = create(
            s, "pairing", {"place_a_id": wuhan.id, "place_b_id": bordeaux.id, "kind": "sister_city"}
        )
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


def test_an_exchange_with_several_partners_belongs_to_each_pairing(register, tmp_path):
    """Beijing's music week of September 1997 (seed 002: musicians "from Berlin, Paris,
    Moscow, Hanoi, Brussels and other cities") is one exchange of five pairings. The log
    is typed as an office types it and saved by LibreOffice."""
    from tests.test_export import soffice_convert

    names = {
        "Berlin": "柏林",
        "Paris": "巴黎",
        "Moscow": "莫斯科",
        "Hanoi": "河内",
        "Brussels": "布鲁塞尔",
    }
    countries = {"Berlin": "DE", "Paris": "FR", "Moscow": "RU", "Hanoi": "VN", "Brussels": "BE"}
    with register.write() as s:
        beijing = create(
            s, "place", {"name_en": "Beijing", "name_zh": "北京", "country_code": "CN"}
        )
        rome = create(s, "place", {"name_en": "Rome", "name_zh": "罗马", "country_code": "IT"})
        pairing_of = {}
        for en, zh in names.items():
            place = create(
                s, "place", {"name_en": en, "name_zh": zh, "country_code": countries[en]}
            )
            pairing_of[en] = create(
                s,
                "pairing",
                {"place_a_id": beijing.id, "place_b_id": place.id, "kind": "sister_city"},
            ).id
    typed = tmp_path / "log.csv"
    typed.write_text(
        "日期,交流活动,类型,对方城市,我方城市,备注\n"
        "1997年9月,友好城市音乐周,文化活动,柏林、巴黎、莫斯科、河内、布鲁塞尔等,北京,50多位音乐家\n"
        "1998年4月,北京市代表团出访巴黎、罗马,出访,巴黎、罗马,北京,\n"
        "1998年12月,友好城市年度工作会议,会议,多城市,北京,\n"
        "1999年5月,东城区代表团出访巴黎、罗马,出访,巴黎、罗马,北京市东城区,\n",
        encoding="utf-8",
    )
    plan, result = run(register, soffice_convert(typed, tmp_path, "ods"))
    assert plan.target == "exchange" and result.inserted == 4
    week, visit, meeting, district = plan.rows
    assert set(week.links["pairings"]) == set(pairing_of.values())
    assert [p.code for p in week.problems if p.code != "import.value.partial_date"] == [
        "import.value.more_partners"  # "…布鲁塞尔等": five named, and others
    ]
    # Rome is no pairing of Beijing's: Paris's is linked, and Rome's absence said.
    assert visit.links["pairings"] == [pairing_of["Paris"]]
    assert rome.id in visit.links["places"]
    assert "import.value.pairing_not_found" in [p.code for p in visit.problems]
    assert meeting.links["pairings"] == [] and meeting.extra.get("many")
    # A local side the register lacks: said once; the partners are still linked as places.
    assert [p.code for p in district.problems if p.severity == "warning"].count(
        "import.value.place_not_found"
    ) == 1
    assert district.links["pairings"] == [] and rome.id in district.links["places"]
    with register.connect() as conn:
        link = ExchangePairing.__table__
        linked = conn.execute(
            select(link.c.pairing_id).where(link.c.exchange_id == week.extra["id"])
        ).scalars()
        assert set(linked) == set(pairing_of.values())


# --------------------------------------------------------------------------- all or nothing
def test_failure_mid_commit_leaves_register_unchanged(register, tmp_path):
    rows = [["本方城市", "外方城市", "国家", "结好日期"]]
    rows += [["天津", f"城市{i}", "日本", "1990"] for i in range(5000)]
    path = xlsx(tmp_path / "big.xlsx", rows)
    before = snapshot(register)
    with SpreadsheetImport(register, path) as imp:
        plan = imp.validate(ImportOptions())

        def fail_part_way(done: int, _total: int) -> None:  # a crash after 3,000 rows are written
            if done >= 3000:
                raise RuntimeError("disk gone")

        with pytest.raises(RuntimeError, match="disk gone"):
            imp.commit(plan, progress=fail_part_way)
        assert snapshot(register) == before
        calls = []
        with pytest.raises(ImportCancelled):
            imp.commit(
                plan, cancelled=lambda: len(calls) > 2, progress=lambda d, t: calls.append(d)
            )
        assert snapshot(register) == before
        result = imp.commit(plan, progress=lambda d, t: calls.append((d, t)))
    with register.connect() as conn:
        written = conn.execute(select(func.count()).select_from(Pairing.__table__)).scalar()
    assert result.inserted == 5000 and written == 5000


def test_a_place_deleted_between_check_and_commit_refuses_the_whole_import(register, tmp_path):
    """A place the checked plan refers to, deleted by another window before the commit:
    nothing is written. (Its id would otherwise go to a place the import creates, and
    the rows meant for it would point at that one.)"""
    from twindesk.core.errors import TwinDeskError
    from twindesk.core.operations import delete

    with register.write() as s:
        osaka_id = create(
            s, "place", {"name_en": "Osaka", "name_zh": "大阪", "country_code": "JP"}
        ).id
    path = xlsx(
        tmp_path / "list.xlsx",
        [["本方城市", "外方城市", "国家", "结好日期"]]
        + [["上海", "大阪", "日本", "1974"]]
        + [["上海", f"城市{i}", "日本", "1990"] for i in range(300)],
    )
    with SpreadsheetImport(register, path) as imp:
        plan = imp.validate(ImportOptions(create_places=True))
        assert plan.counts()["insert"] == 301
        assert plan.rows[0].values["place_b_id"] == osaka_id
        with register.write() as s:  # as another window would, before the commit
            delete(s, "place", osaka_id)
        before = snapshot(register)
        with pytest.raises(TwinDeskError) as e:
            imp.commit(plan, operator="tester")
    assert e.value.code == "import.references_gone"
    assert f"#{osaka_id}" in e.value.message("en") and "地点" in e.value.message("zh")
    assert snapshot(register) == before  # nothing half-written


def test_bulk_write_checks_references_once_at_the_end(register):
    """The bulk write's seam: rows go in without a check per row (on SQLite; a server
    checks each row), and a row that refers to a missing record refuses the whole load
    before it commits."""
    from twindesk.core.errors import StorageError

    before = snapshot(register)
    pairing = Pairing.__table__
    with pytest.raises(StorageError) as e:
        with register.bulk_write([pairing.name]) as conn:
            if register.is_sqlite:
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 0
            conn.execute(
                Place.__table__.insert(),
                [
                    {
                        "id": 1,
                        "name_en": "A",
                        "name_zh": "",
                        "name_native": "",
                        "country_code": "JP",
                        "place_type": "city",
                        "notes": "",
                        "search_text": "a",
                    }
                ],
            )
            conn.execute(
                pairing.insert(),
                [
                    {
                        "place_a_id": 1,
                        "place_b_id": 99,
                        "kind": "sister_city",
                        "level": "city",
                        "status": "established",
                        "established": "",
                        "ended": "",
                        "source_checked": "",
                        "end_reason": "",
                        "signed_at_place": "",
                        "signed_at_event": "",
                        "signatories": "",
                        "agreement_ref": "",
                        "source": "",
                        "source_url": "",
                        "notes": "",
                    }
                ],
            )
    assert e.value.code == "storage.broken_reference" and "pairing" in e.value.message("en")
    assert snapshot(register) == before
    if register.is_sqlite:
        with register.connect() as conn:  # the connection is back to checking every row
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_validate_progress_and_cancel(register, tmp_path):
    rows = [["Partner", "Country"]] + [[f"Town {i}", "FR"] for i in range(2000)]
    path = xlsx(tmp_path / "p.xlsx", rows)
    seen = []
    with SpreadsheetImport(register, path) as imp:
        imp.validate(
            ImportOptions(local="Tianjin", create_local=True),
            progress=lambda d, t: seen.append((d, t)),
        )
        assert seen[-1] == (2000, 2000)
        with pytest.raises(ImportCancelled):
            imp.validate(ImportOptions(local="Tianjin", create_local=True), cancelled=lambda: True)


# --------------------------------------------------------------------------- duplicates
def _setup_existing(register):
    with register.write() as s:
        tj = create(s, "place", {"name_en": "Tianjin", "name_zh": "天津", "country_code": "CN"})
        kobe = create(s, "place", {"name_en": "Kobe", "name_zh": "神户", "country_code": "JP"})
        p = create(
            s,
            "pairing",
            {
                "place_a_id": tj.id,
                "place_b_id": kobe.id,
                "kind": "sister_city",
                "established": "1973",
                "notes": "keep me",
                "source": "archive",
            },
        )
    return p


@pytest.mark.parametrize("choice", ["skip", "update", "keep"])
def test_duplicates_against_register(register, tmp_path, choice):
    existing = _setup_existing(register)
    # Reversed order (神户, 天津) is still the same pairing; the source cell is empty.
    path = xlsx(
        tmp_path / "d.xlsx",
        [
            ["外方城市", "本方城市", "国家", "结好日期", "来源", "类型"],
            ["天津", "神户", "日本", "1973-06-24", None, "友好城市"],
        ],
    )
    with SpreadsheetImport(register, path) as imp:
        plan = imp.validate(ImportOptions(on_duplicate=choice))
        # The file names 天津 as the partner; its country 日本 does not fit 天津 (CN).
        assert plan.rows[0].status == "warning" or plan.rows[0].duplicate_of is None
    path = xlsx(
        tmp_path / "d2.xlsx",
        [
            ["本方城市", "外方城市", "国家", "结好日期", "来源", "类型"],
            ["神户", "天津", "", "1973-06-24", None, "友好城市"],
        ],
    )
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
    path = xlsx(
        tmp_path / "d.xlsx",
        [
            ["本方城市", "外方城市", "国家", "结好日期"],
            ["天津", "神户", "日本", "1973"],
            ["天津", "神户", "日本", "1973-06-24"],
            ["天津", "大阪", "日本", "1980"],
            ["天津", "大阪", "JP", "1980"],
        ],
    )
    plan, _ = run(register, path, on_duplicate="skip", row_actions={5: "keep"})
    assert [r.action for r in plan.rows] == ["insert", "skip", "insert", "insert"]
    assert plan.rows[1].duplicate_of == ("row", 2)
    plan, _ = run(register, path, on_duplicate="update")
    # Now every row duplicates the register; the second 神户 row folds into the first.
    assert [r.action for r in plan.rows][:2] == ["update", "skip"]


# --------------------------------------------------------------------------- dates per column
def test_dayfirst_is_decided_per_column_or_asked(register, tmp_path):
    settled = xlsx(
        tmp_path / "a.xlsx",
        [
            ["Partner", "Country", "Date"],
            ["Lyon", "France", "03/04/2000"],
            ["Nice", "France", "14/09/2001"],
        ],
    )
    with SpreadsheetImport(register, settled) as imp:
        plan = imp.validate(ImportOptions(local="天津", create_local=True))
    assert plan.rows[0].values["established"] == "2000-04-03" and not plan.questions
    unsettled = xlsx(
        tmp_path / "b.xlsx",
        [
            ["Partner", "Country", "Date"],
            ["Lyon", "France", "03/04/2000"],
            ["Nice", "France", "05/06/2001"],
        ],
    )
    with SpreadsheetImport(register, unsettled) as imp:
        plan = imp.validate(ImportOptions(local="天津", create_local=True))
        assert [q.key for q in plan.questions] == ["established"]
        assert plan.questions[0].rows == [2, 3]
        assert all(r.action == "reject" for r in plan.rows)
        assert "day/month" in plan.rows[0].problems[0].message("en")
        plan = imp.validate(
            ImportOptions(local="天津", create_local=True, dayfirst={"established": False})
        )
    assert plan.rows[0].values["established"] == "2000-03-04" and not plan.questions


# --------------------------------------------------------------------------- places
def test_ambiguous_place_is_asked_not_guessed(register, tmp_path):
    with register.write() as s:
        a = create(
            s, "place", {"name_en": "Springfield", "country_code": "US", "place_type": "city"}
        )
        b = create(
            s, "place", {"name_en": "SPRINGFIELD", "country_code": "US", "place_type": "county"}
        )
    path = xlsx(tmp_path / "s.xlsx", [["Partner", "Country"], ["springfield", "USA"]])
    with SpreadsheetImport(register, path) as imp:
        plan = imp.validate(ImportOptions(local="天津", create_local=True))
        assert plan.rows[0].action == "reject"
        q = next(q for q in plan.questions if q.kind == "place")
        assert {c for c, _ in q.choices} == {a.id, b.id, "new"}
        plan = imp.validate(
            ImportOptions(local="天津", create_local=True, place_choices={q.key: b.id})
        )
    assert plan.rows[0].action == "insert" and plan.rows[0].values["place_b_id"] == b.id


def test_existing_place_matched_by_alias_ignoring_width(register, tmp_path):
    with register.write() as s:
        kyiv = create(
            s,
            "place",
            {"name_en": "Kyiv", "name_zh": "基辅", "country_code": "UA", "aliases": ["Kiev"]},
        )
    path = xlsx(tmp_path / "k.xlsx", [["Partner", "Country"], ["ＫＩＥＶ ", "Ukraine"]])
    plan, _ = run(register, path, local="Wuhan", create_local=True)
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


@pytest.mark.sqlite_only("PostgreSQL counterpart in progress: backups of a server register")
def test_import_and_its_undo_are_preceded_by_a_backup(register, tmp_path):
    from twindesk.core import backups

    book = xlsx(
        tmp_path / "p.xlsx", [["中方城市", "外方城市", "国家"], ["武汉", "Bordeaux", "法国"]]
    )
    _, result = run(register, book)
    made = backups.list_backups(register.path)
    assert [b.reason for b in made] == ["before-import"]
    with (
        backups.opened_copy(made[0].path) as plain,
        backups.open_register(plain, read_only=True) as before,
    ):
        assert snapshot(before)["pairing"] == []  # the moment before the import
    undo_import(register, result.batch_id)
    assert [b.reason for b in backups.list_backups(register.path)] == [
        "before-undo-import",
        "before-import",
    ]


def test_undo_refused_when_records_changed_since(register, tmp_path):
    path = xlsx(tmp_path / "u.xlsx", [["Partner", "Country"], ["Lyon", "France"]])
    _, result = run(register, path, local="天津", create_local=True)
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
    with register.write() as s:
        create(s, "place", {"name_en": "Tianjin", "name_zh": "天津", "country_code": "CN"})
    rows = [
        ["城市名", "国别", "年份", "负责处室", "Extra"],
        ["里昂", "法国", "1988", "欧洲处", "x"],
    ]
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
    path = xlsx(
        tmp_path / "r.xlsx",
        [
            ["外方城市", "国家", "结好日期", "备注"],
            ["里昂", "法国", "1988", None],
            ['=HYPERLINK("http://x")', "Atlantis", "sometime", "@SUM(A1)"],
            ["马赛", "法国", "31/02/1999", "-1"],
        ],
    )
    with SpreadsheetImport(register, path) as imp:
        plan = imp.validate(ImportOptions(local="天津", create_local=True))
    assert [r.action for r in plan.rows] == ["insert", "reject", "reject"]
    msg = plan.rows[1].problems[0].message("zh")
    assert "工作表" in msg and "第 3 行" in msg and "Atlantis" in msg
    out = tmp_path / "rejected.xlsx"
    assert save_rejected(plan, out, lang="zh") == 2
    data = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert data[0] == ["外方城市", "国家", "结好日期", "备注", "Reason / 原因"]
    assert data[1][:4] == ['=HYPERLINK("http://x")', "Atlantis", "sometime", "@SUM(A1)"]
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
    plan, _ = run(register, out, local="天津", create_local=True)
    assert plan.counts()["insert"] == 2 and plan.counts()["reject"] == 0
    assert "Reason / 原因" in plan.rows[0].values["notes"]  # unmapped column kept in notes


# --------------------------------------------------------------------------- LibreOffice files
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
@pytest.mark.parametrize("fmt", ["xls", "ods", "csv"])
def test_import_files_saved_by_libreoffice(register, tmp_path, fmt):
    src = xlsx(
        tmp_path / "lo.xlsx",
        [
            ["友好城市名单"],
            [],
            ["序号", "外方城市", "所在国家", "结好时间"],
            [1, "里昂", "法国", "1988年6月"],
            [2, "神户", "日本", "1973"],
            ["合计：2个"],
        ],
    )
    # CSV: comma, double quote, UTF-8 (LibreOffice's charset 76), as "Save as CSV" offers.
    target = "csv:Text - txt - csv (StarCalc):44,34,76" if fmt == "csv" else fmt
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(tmp_path / "o"),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    plan, _ = run(register, tmp_path / "o" / f"lo.{fmt}", local="天津", create_local=True)
    assert plan.counts()["insert"] == 2 and plan.counts()["reject"] == 0
    assert plan.rows[0].values["established"] == "1988-06"


# --------------------------------------------------------------------------- command line
def test_cli_import(tmp_path, capsys):
    db = tmp_path / "r.sqlite3"
    path = xlsx(tmp_path / "c.xlsx", [["外方城市", "国家"], ["里昂", "法国"], ["X", "Atlantis"]])
    code = main(
        [
            "--db",
            str(db),
            "--lang",
            "zh",
            "import",
            str(path),
            "--local",
            "天津",
            "--create-local",
            "--dry-run",
            "--rejected",
            str(tmp_path / "rej.xlsx"),
        ]
    )
    out = capsys.readouterr().out
    assert code == 1 and "拒绝 1 条" in out and "试运行" in out
    assert (tmp_path / "rej.xlsx").exists()
    code = main(
        [
            "--db",
            str(db),
            "import",
            str(path),
            "--local",
            "天津",
            "--create-local",
            "--save-preset",
            "p1",
        ]
    )
    out = capsys.readouterr().out
    assert code == 1 and "Imported as import #1" in out
    ok = xlsx(tmp_path / "ok.xlsx", [["外方城市", "国家"], ["马赛", "法国"]])
    assert main(["--db", str(db), "import", str(ok), "--mapping", "p1"]) == 0
    assert main(["--db", str(db), "import", str(ok), "--mapping", "nope"]) == 2
    (tmp_path / "bad.xlsx").write_text("hello")
    assert main(["--db", str(db), "import", str(tmp_path / "bad.xlsx")]) == 2
    assert "plain text" in capsys.readouterr().err


# --------------------------------------------------------------------------- no silent data
def places(register) -> set[tuple[str, str, str]]:
    with register.connect() as conn:
        t = Place.__table__
        return {tuple(r) for r in conn.execute(select(t.c.name_en, t.c.name_zh, t.c.country_code))}


def csv_file(path: Path, rows: list[list]) -> Path:
    import csv

    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_unknown_country_is_an_error_never_a_default(register, tmp_path):
    path = xlsx(
        tmp_path / "c.xlsx",
        [
            ["本方城市", "本方国家", "外方城市", "外方国家"],
            ["Tianjin", "Atlantis", "Lyon", "France"],
            ["Tianjin", "", "Kobe", "Grece"],
            ["Tianjin", "", "Tver", "Kazakhstah"],
            ["Tianjin", "", "Nice", "France"],
        ],
    )
    plan, _ = run(register, path)
    assert [r.action for r in plan.rows] == ["reject", "reject", "reject", "insert"]
    for row, value in ((0, "Atlantis"), (1, "Grece"), (2, "Kazakhstah")):
        assert [p.code for p in plan.rows[row].problems] == ["import.value.unknown_country"]
        assert value in plan.rows[row].problems[0].message("en")
    # Only the row that names no local country takes the office's own (CN) for it.
    assert places(register) == {("Tianjin", "天津", "CN"), ("Nice", "尼斯", "FR")}


PAIR_CELLS = [  # (cell, country, (local, partner, partner's country)): dashes of all widths
    ("天津—神户", "日本", ("天津", "神户", "JP")),
    ("北京－莫斯科", "俄罗斯", ("北京", "莫斯科", "RU")),
    ("上海-大阪", "日本", ("上海", "大阪", "JP")),
    ("北京 — 堪培拉", "澳大利亚", ("北京", "堪培拉", "AU")),
    ("Wuhan / Bordeaux", "法国", ("Wuhan", "Bordeaux", "FR")),
    ("广州―Lyon", "法国", ("广州", "Lyon", "FR")),
    ("Xi'an – Saint-Étienne", "法国", ("Xi'an", "Saint-Étienne", "FR")),
]


def test_a_cell_naming_both_places_is_split_when_nothing_else_names_the_local_side(
    register, tmp_path
):
    path = xlsx(
        tmp_path / "p.xlsx",
        [["外方城市", "国家"]] + [[cell, country] for cell, country, _ in PAIR_CELLS],
    )
    plan, _ = run(register, path)
    assert plan.counts()["insert"] == len(PAIR_CELLS) and plan.counts()["reject"] == 0
    landed = [
        ({a_zh, a_en}, {b_zh, b_en}, country)
        for a_zh, a_en, b_zh, b_en, country, *_ in pairings(register)
    ]
    for _, _, (local, partner, country) in PAIR_CELLS:  # as the file wrote them, or both names
        assert any(local in a and partner in b and country == c for a, b, c in landed), partner
    assert len(landed) == len(PAIR_CELLS)
    assert not any("—" in n or "/" in n or "－" in n for p in places(register) for n in p[:2])
    assert all(
        country == "CN"
        for en, zh, country in places(register)
        if (zh or en) in ("天津", "北京", "上海", "Wuhan", "广州", "Xi'an")
    )


def test_with_a_local_side_a_two_place_cell_must_name_it(register, tmp_path):
    with register.write() as s:
        create(s, "place", {"name_en": "Tianjin", "name_zh": "天津", "country_code": "CN"})
    names = [
        "Stratford-upon-Avon",
        "Saint-Étienne",
        "Baden-Baden",
        "Mülheim an der Ruhr",
        "Kuala Lumpur",
        "Jeju-si",
    ]
    countries = ["英国", "法国", "德国", "德国", "马来西亚", "韩国"]
    path = xlsx(
        tmp_path / "l.xlsx",
        [
            ["外方城市", "国家"],
            ["天津市—神户", "日本"],
            ["大阪 - 天津", "日本"],
            ["北京－莫斯科", "俄罗斯"],
            ["东京、大阪、神户", "日本"],
        ]
        + [[n, c] for n, c in zip(names, countries, strict=True)],
    )
    plan, _ = run(register, path, local="天津")
    assert [r.action for r in plan.rows] == ["insert", "insert", "reject", "reject"] + [
        "insert"
    ] * 6
    assert "neither is the local place Tianjin" in plan.rows[2].problems[0].message("en")
    assert "3 places" in plan.rows[3].problems[0].message("en")
    wanted = {"神户", "大阪", *names}
    got = sorted(
        b_zh if b_zh in wanted else b_en for _a_zh, _a_en, b_zh, b_en, *_ in pairings(register)
    )
    assert got == sorted(wanted)  # hyphenated names are one place each
    assert {(zh if zh in wanted | {"天津"} else en) for en, zh, _ in places(register)} == wanted | {
        "天津"
    }


def test_place_names_with_control_characters_or_too_long_are_rejected(register, tmp_path):
    path = csv_file(
        tmp_path / "c.csv",
        [
            ["Partner", "Country", "Memo"],
            ["Li\x1b[31mlle", "France", ""],
            ["Nice", "France", "bell\x07"],
            ["Lyon\tMétropole", "France", ""],
            ["X" * 301, "France", ""],
            ["Brest", "France", "line\nbreak"],
        ],
    )
    with register.write() as s:
        create(s, "place", {"name_en": "Tianjin", "name_zh": "天津", "country_code": "CN"})
    plan, _ = run(register, path, local="Tianjin")
    assert [r.action for r in plan.rows] == ["reject", "reject", "insert", "reject", "insert"]
    first = plan.rows[0].problems[0]
    assert first.code == "import.value.control_chars" and "Li\\x1b[31mlle" in first.message("en")
    assert "\x1b" not in first.message("en")  # shown, not sent to the terminal
    assert plan.rows[1].problems[0].code == "import.value.control_chars"  # in the notes too
    assert plan.rows[3].problems[0].code == "import.value.too_long"
    assert {en for en, _, _ in places(register)} == {"Tianjin", "Lyon Métropole", "Brest"}


def test_an_update_that_changes_nothing_is_counted_as_unchanged(register, tmp_path, capsys):
    _setup_existing(register)
    same = xlsx(
        tmp_path / "same.xlsx",
        [["本方城市", "外方城市", "国家", "结好日期"], ["天津", "神户", "日本", "1973"]],
    )
    plan, result = run(register, same, on_duplicate="update")
    assert plan.counts()["update"] == 0 and plan.counts()["unchanged"] == 1
    assert (result.updated, result.unchanged, result.batch_id) == (0, 1, None)
    assert any("nothing differs" in p.message("en") for p in plan.rows[0].problems)
    assert main(["--db", db_arg(register), "import", str(same), "--on-duplicate", "update"]) == 0
    out = capsys.readouterr().out
    assert "0 to update, 1 unchanged" in out and "Nothing to write" in out
    both = xlsx(
        tmp_path / "both.xlsx",
        [
            ["本方城市", "外方城市", "国家", "结好日期"],
            ["天津", "神户", "日本", "1973"],
            ["天津", "大阪", "日本", "1980"],
        ],
    )
    run(register, both)
    changed = xlsx(
        tmp_path / "changed.xlsx",
        [
            ["本方城市", "外方城市", "国家", "结好日期"],
            ["天津", "神户", "日本", "1973-06-24"],
            ["天津", "大阪", "日本", "1980"],
        ],
    )
    plan, result = run(register, changed, on_duplicate="update")
    assert (plan.counts()["update"], plan.counts()["unchanged"]) == (1, 1)
    assert (result.updated, result.unchanged) == (1, 1)
    assert list_imports(register)[0]["updated"] == 1


COUNTRY_VALUES = {  # as the world list of twin towns writes them -> the code recorded
    "England, United Kingdom": "GB",
    "Scotland, United Kingdom": "GB",
    "Wales, United Kingdom": "GB",
    "Northern Ireland, United Kingdom": "GB",
    "Ohio, United States": "US",
    "Bavaria, Germany": "DE",
    "Republic of Ireland": "IE",
    "Kosovo": "XK",
    "Northern Cyprus": "CY",
    "Réunion, France": "RE",
    "Åland Islands, Finland": "AX",
    "Georgia (country)": "GE",
    "Georgia, United States": "US",
    "Bosnia and Hercegovina": "BA",
    "West Bank": "PS",
    "Falkland Islands": "FK",
}


def test_region_and_other_country_forms_resolve(register, tmp_path):
    with register.write() as s:
        create(s, "place", {"name_en": "Tianjin", "name_zh": "天津", "country_code": "CN"})
    rows = [["Partner", "Country"]] + [
        [f"Town {i}", value] for i, value in enumerate(COUNTRY_VALUES)
    ]
    rows += [["Town X", "France, Germany"], ["Town Y", "Island"]]
    plan, _ = run(register, csv_file(tmp_path / "w.csv", rows), local="Tianjin")
    assert [r.action for r in plan.rows] == ["insert"] * len(COUNTRY_VALUES) + ["reject", "reject"]
    assert plan.rows[-2].problems[0].code == "import.value.country_ambiguous"
    got = {en: code for en, _, code in places(register)}
    assert [got[f"Town {i}"] for i in range(len(COUNTRY_VALUES))] == list(COUNTRY_VALUES.values())
    cyprus = plan.rows[list(COUNTRY_VALUES).index("Northern Cyprus")].problems
    assert [p.code for p in cyprus] == ["import.value.country_not_a_state"]
    assert "recorded as Cyprus (CY)" in cyprus[0].message("en")


def test_kosovo_in_a_register_made_before_it_was_a_country(register, tmp_path):
    from twindesk.core.models import Country

    with register.connect(write=True) as conn:
        conn.execute(Country.__table__.delete().where(Country.__table__.c.code == "XK"))
    with register.write() as s:
        create(s, "place", {"name_en": "Tianjin", "name_zh": "天津", "country_code": "CN"})
    path = csv_file(tmp_path / "k.csv", [["Partner", "Country"], ["Pristina", "Kosovo"]])
    plan, _ = run(register, path, local="Tianjin")
    assert plan.counts()["insert"] == 1
    assert ("Pristina", "普里什蒂纳", "XK") in places(register)


def test_old_country_name_said_once_per_value(register, tmp_path, capsys):
    with register.write() as s:
        create(s, "place", {"name_en": "Tianjin", "name_zh": "天津", "country_code": "CN"})
    rows = [
        ["外方城市", "国家"],
        ["列宁格勒", "苏联"],
        ["基辅", "苏联"],
        ["明斯克", "苏联"],
        ["贝尔格莱德", "南斯拉夫"],
        ["里昂", "法国"],
    ]
    path = xlsx(tmp_path / "o.xlsx", rows)
    with SpreadsheetImport(register, path) as imp:
        plan = imp.validate(ImportOptions(local="天津"))
    assert (
        sum(p.code == "import.value.old_country_name" for p in plan.problems) == 4
    )  # rows keep it
    grouped = plan.grouped_warnings()
    assert [(p.value, rows) for p, rows in grouped] == [("苏联", [2, 3, 4]), ("南斯拉夫", [5])]
    assert main(["--db", db_arg(register), "import", str(path), "--local", "天津"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if "old name" in line]
    assert (
        len(lines) == 2 and "“苏联” is an old name" in lines[0] and "(3 rows: 2, 3, 4)" in lines[0]
    )


def test_local_side_not_in_the_register_is_refused_before_any_row(register, tmp_path):
    from twindesk.core.spreadsheets.importing import LocalPlaceError

    with register.write() as s:
        create(s, "place", {"name_en": "Beijing", "name_zh": "北京", "country_code": "CN"})
    path = xlsx(tmp_path / "l.xlsx", [["外方城市", "国家"], ["里昂", "法国"]])
    before = snapshot(register)
    with SpreadsheetImport(register, path) as imp:
        with pytest.raises(LocalPlaceError) as err:
            imp.validate(ImportOptions(local="Pekin"))
        assert "Did you mean: Beijing 北京?" in err.value.message("en")
        assert "是否指：Beijing 北京？" in err.value.message("zh")
        with pytest.raises(LocalPlaceError, match="#99999"):
            imp.validate(ImportOptions(local=99999))
        plan = imp.validate(ImportOptions(local="北京"))
        assert plan.counts()["insert"] == 1 and plan.counts()["places"] == 1  # 里昂 only
    assert snapshot(register) == before
    plan, _ = run(register, path, local="Pekin", create_local=True)
    assert ("Pekin", "", "CN") in places(register)


# --------------------------------------------------------------------------- undo in any order
def _two_imports(register, tmp_path):
    """A creates 天津 and 神户 (and a pairing); B reuses both and adds 大阪."""
    a = xlsx(tmp_path / "a.xlsx", [["外方城市", "国家", "结好日期"], ["神户", "日本", "1973"]])
    b = xlsx(
        tmp_path / "b.xlsx",
        [
            ["外方城市", "国家", "结好日期"],
            ["大阪", "日本", "1980"],
            ["神户", "日本", "1973-06-24"],
        ],
    )
    _, first = run(register, a, local="天津", create_local=True)
    plan, second = run(register, b, local="天津", on_duplicate="update")
    assert [r.action for r in plan.rows] == ["insert", "update"]  # B changes A's pairing
    return first.batch_id, second.batch_id


@pytest.mark.parametrize("order", ["later first", "earlier first"])
def test_imports_undone_in_any_order(register, tmp_path, order):
    before = snapshot(register)
    a, b = _two_imports(register, tmp_path)
    if order == "earlier first":
        # A's pairing was changed by B, which stands: A says so and changes nothing...
        with pytest.raises(UndoError, match=f"import #{b}"):
            undo_import(register, a)
        # ...until B is gone; its place 天津 (and 神户) are then freed by B's undo.
        undo_import(register, b)
        undo_import(register, a)
    else:
        undo_import(register, b)
        undo_import(register, a)  # today: "changed after the import"
    after = snapshot(register)
    for table in ("place", "pairing"):
        assert after[table] == before[table]


def test_a_place_another_import_uses_is_kept_until_that_import_is_undone(register, tmp_path):
    before = snapshot(register)
    a = xlsx(tmp_path / "a.xlsx", [["外方城市", "国家"], ["神户", "日本"]])
    b = xlsx(tmp_path / "b.xlsx", [["外方城市", "国家"], ["大阪", "日本"]])
    _, first = run(register, a, local="天津", create_local=True)
    _, second = run(register, b, local="天津")  # 天津 was created by A
    done = undo_import(register, first.batch_id)  # earlier first: today "place in use"
    assert done.kept_places == 1 and "kept_places" not in done  # 天津: B's pairing uses it
    assert {zh for _, zh, _ in places(register)} == {"天津", "大阪"}
    undo_import(register, second.batch_id)
    after = snapshot(register)
    assert after["place"] == before["place"] and after["pairing"] == before["pairing"]
    with register.connect() as conn:
        t = AuditEntry.__table__
        deleted = (
            conn.execute(
                select(t.c.import_batch_id).where(t.c.entity == "place", t.c.action == "delete")
            )
            .scalars()
            .all()
        )
    assert sorted(deleted) == [first.batch_id, first.batch_id, second.batch_id]


@pytest.mark.sqlite_only("PostgreSQL counterpart in progress: backups of a server register")
def test_undo_refused_before_any_backup(register, tmp_path):
    from twindesk.core import backups

    path = xlsx(tmp_path / "u.xlsx", [["Partner", "Country"], ["Lyon", "France"]])
    _, result = run(register, path, local="天津", create_local=True)
    with register.read() as s:
        pid = s.execute(select(Pairing.__table__.c.id)).scalar()
    with register.write() as s:
        update(s, "pairing", pid, {"notes": "edited later"}, version=1)
    with pytest.raises(UndoError):
        undo_import(register, result.batch_id)
    assert [b.reason for b in backups.list_backups(register.path)] == ["before-import"]


def test_undo_refused_when_a_later_record_hangs_on_what_it_added(register, tmp_path):
    path = xlsx(tmp_path / "u.xlsx", [["Partner", "Country"], ["Lyon", "France"]])
    _, result = run(register, path, local="天津", create_local=True)
    with register.write() as s:
        pid = s.execute(select(Pairing.__table__.c.id)).scalar()
        create(s, "programme", {"pairing_id": pid, "title_en": "Schools"})
    before = snapshot(register)
    with pytest.raises(UndoError, match="Programme"):
        undo_import(register, result.batch_id)  # today: the programme went with the pairing
    assert snapshot(register) == before
