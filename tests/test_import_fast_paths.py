"""The shortcuts the import takes for speed give the same results as the long way."""
from __future__ import annotations

import gc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from pypinyin import Style, lazy_pinyin

from twindesk.core.search import pinyin_forms
from twindesk.core.spreadsheets import ImportCancelled, ImportOptions, SpreadsheetImport
from twindesk.core.spreadsheets.reading import open_workbook

from tests.test_import_commit import pairings, xlsx

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
    path = xlsx(tmp_path / "r.xlsx", [["本方城市", "外方城市"]] + [["天津", f"城{i}"] for i in range(50)])
    rows = open_workbook(path).sheet().rows[1:]
    assert len({id(r[0]) for r in rows}) == 1 and rows[0][0] == "天津"


def test_the_cycle_collector_is_back_after_an_import_and_after_a_cancel(register, tmp_path):
    path = xlsx(tmp_path / "p.xlsx", [["本方城市", "外方城市", "国家"], ["天津", "神户", "日本"],
                                      ["天津", "大阪", "日本"]])
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
