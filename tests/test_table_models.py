"""Every table model of the window passes Qt's own model checks (QAbstractItemModelTester,
through pytest-qt's qtmodeltester): row and column counts, parents, indexes, data of each
role and the signals of a reset or a change agree with each other, as the views rely on.
Qt's tester reports through Qt warnings, which fail the test (qt_log_level_fail); once
attached it keeps checking the model through every reset and change that follows."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import QModelIndex, Qt

from tests.test_import_commit import sample, xlsx
from tests.test_import_wizard import _kobe_and_osaka
from twindesk.core.columns import COLUMNS
from twindesk.core.queries import Filter
from twindesk.core.spreadsheets import ImportOptions, SpreadsheetImport
from twindesk.ui.import_wizard import DuplicatesModel, PlanModel, SheetRowsModel
from twindesk.ui.table_model import RECORD_ID_ROLE, RecordTableModel


@pytest.mark.parametrize("entity", sorted(COLUMNS))
def test_record_table_model(qtmodeltester, demo, entity):
    model = RecordTableModel(demo, entity)
    assert model.rowCount() > 0, entity  # the demo register has records of every list
    qtmodeltester.check(model)
    # Sorted, filtered to nothing and back: each is a reset the tester follows.
    model.sort(0, Qt.SortOrder.DescendingOrder)
    model.set_filter(Filter(text="no such name anywhere"))
    assert model.rowCount() == 0
    model.set_filter(Filter())
    model.set_language("zh")
    qtmodeltester.check(model)


def test_record_table_model_pages_past_the_cache(qtmodeltester, demo):
    """Rows beyond the pages held are fetched again, under the tester's eyes."""
    model = RecordTableModel(demo, "place")
    model.PAGE_SIZE, model.MAX_PAGES = 5, 2
    model.refresh()
    qtmodeltester.check(model)
    ids = [model.index(r, 0).data(RECORD_ID_ROLE) for r in range(model.rowCount())]
    assert len(set(ids)) == model.rowCount() and model.cached_pages() == 2


def test_a_long_list_shows_its_first_rows_then_its_whole_count(qtmodeltester, demo):
    """A list longer than FIRST_COUNT is installed with its first rows counted ("more
    than"), then its exact count adds the rows after them, under the tester's eyes."""
    model = RecordTableModel(demo, "place")
    every = model.rowCount()
    model.FIRST_COUNT = model.PAGE_SIZE = 5
    fetched = model.fetch(Filter(), [])
    assert not fetched.exact and fetched.count == 6  # "more than 5"
    model.install(fetched)
    qtmodeltester.check(model)
    assert (model.rowCount(), model.exact) == (6, False)
    first = model.index(0, 0).data(RECORD_ID_ROLE)
    inserted = []
    model.rowsInserted.connect(lambda _parent, a, b: inserted.append((a, b)))
    assert not model.extend(Filter(text="x"), every)  # another list's count: not taken
    assert model.extend(Filter(), model.count_all(Filter()))
    assert (model.rowCount(), model.exact, inserted) == (every, True, [(6, every - 1)])
    assert model.index(0, 0).data(RECORD_ID_ROLE) == first  # rows on screen stay
    # Rows deleted between the two counts: the list is read again, whole.
    model.install(model.fetch(Filter(), []))
    assert not model.exact and model.extend(Filter(), 3)
    assert (model.rowCount(), model.exact) == (every, True)
    # A search with few hits is exact at once; refresh() counts a long list to its end.
    model.set_filter(Filter(text="moscow"))
    assert model.exact and 0 < model.rowCount() <= 5
    model.set_filter(Filter())
    assert (model.rowCount(), model.exact) == (every, True)


def test_sheet_rows_model_with_ragged_rows(qtmodeltester):
    model = SheetRowsModel()
    qtmodeltester.check(model)  # empty, before a sheet is read
    model.set_rows([["友好城市", None], ["城市", "国家", "日期"], ["大阪", "日本"], []], [1])
    qtmodeltester.check(model)
    assert model.index(3, 2).data() == "" and model.index(0, 0).data() == "友好城市"
    assert model.headerData(2, Qt.Orientation.Horizontal) == "C"
    model.set_header_rows([0, 1])
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None


def test_plan_model_with_its_filters(qtmodeltester, register):
    model = PlanModel("en")
    qtmodeltester.check(model)  # no plan yet
    with SpreadsheetImport(register, sample("shanghai-friendship-cities.xlsx")) as imp:
        plan = imp.validate(ImportOptions(local="上海", create_local=True))
    model.set_plan(plan)
    qtmodeltester.check(model)
    assert model.rowCount() == len(plan.rows) and model.columnCount() == 3 + plan.layout.width + 1
    model.set_filter(status="warning")
    assert 0 < model.rowCount() < len(plan.rows)
    model.set_filter(status="", kind="date")
    qtmodeltester.check(model)
    model.set_plan(None)
    assert (model.rowCount(), model.columnCount()) == (0, 0)


def test_duplicates_model_and_its_editable_action(qtmodeltester, register, tmp_path):
    ids = _kobe_and_osaka(register)
    path = xlsx(
        tmp_path / "again.xlsx",
        [
            ["本方城市", "外方城市", "国家", "结好日期"],
            ["天津", "神户", "日本", "1973-06-24"],
            ["天津", "大阪", "日本", "1974-05-01"],
        ],
    )
    with SpreadsheetImport(register, path) as imp:
        plan = imp.validate(ImportOptions())
    wizard = SimpleNamespace(
        lang="en", plan=plan, row_actions={}, on_duplicate="skip", duplicates_dirty=False
    )
    model = DuplicatesModel(wizard)
    model.set_plan(plan)
    assert model.rowCount() == 2 and model.index(1, 1).data() == f"Pairing #{ids['大阪']}"
    qtmodeltester.check(model)
    action = model.index(1, DuplicatesModel.ACTION_COLUMN)
    assert model.flags(action) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(action, "explode") and model.setData(action, "update")
    assert action.data() == "Update" and wizard.duplicates_dirty
    model.set_all("keep")
    qtmodeltester.check(model)
    assert model.rowCount(QModelIndex()) == 2
