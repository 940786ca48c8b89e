"""The shortcuts the import takes for speed give the same results as the long way."""

from __future__ import annotations

import gc
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from pypinyin import Style, lazy_pinyin

from tests.test_import_commit import pairings, xlsx
from twindesk.core.search import pinyin_forms
from twindesk.core.spreadsheets import ImportCancelled, ImportOptions, SpreadsheetImport
from twindesk.core.spreadsheets.reading import open_workbook

HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.one_of(HAN, st.sampled_from("市省县 -1a·")), min_size=1, max_size=8))
def test_pinyin_forms_are_pypinyins_own(text):
    """One remembered segmentation gives what two plain pypinyin calls give."""
    syllables = lazy_pinyin(text, errors="ignore")
    initials = lazy_pinyin(text, style=Style.FIRST_LETTER, errors="ignore")
    assert pinyin_forms(text) == ("".join(syllables).lower(), "".join(initials).lower())


def test_sheet_starting_right_and_down_keeps_its_column_letters(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws["C3"], ws["D3"], ws["E3"] = "本方城市", "外方城市", "国家"
    ws["C4"], ws["D4"], ws["E4"] = "天津", "神户", "日本"
    ws["D6"] = "  "  # a row of nothing but spaces
    wb.save(tmp_path / "offset.xlsx")
    sheet = open_workbook(tmp_path / "offset.xlsx").sheet()
    assert sheet.rows[2] == [None, None, "本方城市", "外方城市", "国家"]
    assert sheet.rows[3][2:] == ["天津", "神户", "日本"]
    with SpreadsheetImport(None, tmp_path / "offset.xlsx") as imp:
        layout = imp.layout()
    assert layout.column_label(3) == "D 外方城市"
    assert [i for i, _ in layout.data_rows(sheet)] == [3]  # the blank row 6 is left out


def test_repeated_texts_are_one_object(tmp_path):
    path = xlsx(
        tmp_path / "r.xlsx", [["本方城市", "外方城市"]] + [["天津", f"城{i}"] for i in range(50)]
    )
    rows = open_workbook(path).sheet().rows[1:]
    assert len({id(r[0]) for r in rows}) == 1 and rows[0][0] == "天津"


def test_the_cycle_collector_is_back_after_an_import_and_after_a_cancel(register, tmp_path):
    path = xlsx(
        tmp_path / "p.xlsx",
        [["本方城市", "外方城市", "国家"], ["天津", "神户", "日本"], ["天津", "大阪", "日本"]],
    )
    with SpreadsheetImport(register, path) as imp:
        plan = imp.validate(ImportOptions())
        assert gc.isenabled()
        with pytest.raises(ImportCancelled):
            imp.commit(plan, cancelled=lambda: True)
        assert gc.isenabled() and pairings(register) == []
        imp.commit(plan)
    assert gc.isenabled() and len(pairings(register)) == 2
    gc.disable()  # and left off when it was off before
    try:
        with SpreadsheetImport(register, path) as imp:
            imp.validate(ImportOptions())
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.sqlite_only("the helper process's pinyin is tested, not the engine (4 s more)")
def test_pinyin_worked_out_in_a_helper_process_gives_the_same_search_keys(
    register, tmp_path, monkeypatch
):
    """The names' pinyin computed in a second process during validation (a large file on
    a machine with two cores) gives the search keys this process would have made."""
    from sqlalchemy import select

    from twindesk.core import search
    from twindesk.core.models import Place

    monkeypatch.setattr(search.PinyinPrefetch, "MIN_NAMES", 20)
    monkeypatch.setattr(search.os, "cpu_count", lambda: 2)
    names = [f"{a}{b}堡" for a in "阿巴卡达埃法" for b in "尔伦安恩因翁"]  # 36 new places
    rows = [["本方城市", "外方城市", "国家"]] + [["天津", f" {n} ", "德国"] for n in names]
    with SpreadsheetImport(register, xlsx(tmp_path / "many.xlsx", rows)) as imp:
        plan = imp.validate(ImportOptions(create_local=True))
        imp._pinyin.use()  # what commit does first: the helper's answers, for every name
        assert set(search._PREFETCHED) == set(names) | {"天津"}
        imp.commit(plan)
        assert not search._PREFETCHED  # its answers are let go after the commit
    t = Place.__table__
    with register.connect() as conn:
        stored = {
            r.name_zh: r
            for r in conn.execute(
                select(t.c.name_en, t.c.name_zh, t.c.name_native, t.c.search_text)
            )
        }
    for name in names:  # worked out again here, in this process
        r = stored[name]
        assert r.search_text == search.search_key([r.name_en, r.name_zh, r.name_native])
        assert search._pinyin_forms(name)[0] in r.search_text


def test_a_failing_pinyin_helper_leaves_the_work_to_this_process(monkeypatch):
    from twindesk.core import search

    monkeypatch.setattr(search.PinyinPrefetch, "MIN_NAMES", 1)
    monkeypatch.setattr(search.os, "cpu_count", lambda: 2)
    with search.PinyinPrefetch(["北京", "上海"], prepare=int) as prefetch:  # int("北京") fails
        prefetch.use()
        assert not search._PREFETCHED
        assert search.pinyin_forms("北京") == ("beijing", "bj")


HOLDS_A_PREFETCH = """
import sys, time
from twindesk.core.search import PinyinPrefetch

if __name__ == "__main__":  # the helper process imports this script again
    prefetch = PinyinPrefetch([f"城市{i}号" for i in range(20000)])
    print("started", flush=True)
    time.sleep(120)
"""


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2,
    reason="reads /proc; the helper runs only with two cores or more",
)
def test_the_pinyin_helper_lets_go_of_the_callers_output_and_ends_with_its_parent(tmp_path):
    """A script reading ``twindesk import``'s output must not wait for the helper process,
    and a helper whose importer was killed must not live on (it did, stuck handing its
    answers to no one, keeping the caller's pipe open)."""
    script = tmp_path / "prefetch.py"
    script.write_text(HOLDS_A_PREFETCH, "utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(script)],
        stdout=subprocess.PIPE,
        cwd=Path(__file__).resolve().parents[1],
    )
    try:
        assert proc.stdout.readline().strip() == b"started"
        deadline = time.monotonic() + 30
        helpers = []
        while not helpers and time.monotonic() < deadline:
            helpers = _children(proc.pid)
            time.sleep(0.1)
        assert helpers, "no helper process was started"
        proc.kill()
        proc.wait()
        deadline, eof = time.monotonic() + 10, False  # EOF once no process holds the pipe
        while not eof and time.monotonic() < deadline:
            ready, _, _ = select.select([proc.stdout], [], [], 0.5)
            eof = bool(ready) and os.read(proc.stdout.fileno(), 4096) == b""
        assert eof, "a helper still holds the killed importer's output"
        deadline = time.monotonic() + 10
        while (
            any(Path(f"/proc/{pid}").exists() and "Z" not in _state(pid) for pid in helpers)
            and time.monotonic() < deadline
        ):
            time.sleep(0.2)
        assert not [
            pid for pid in helpers if Path(f"/proc/{pid}").exists() and "Z" not in _state(pid)
        ]
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"
