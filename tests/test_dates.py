"""Partial dates as clerks write them."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from twindesk.core.dates import (
    DateParseError,
    first_day,
    format_partial,
    from_excel_serial,
    guess_dayfirst,
    is_partial,
    last_day,
    parse_partial,
    precision,
)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("1979年3月14日", "1979-03-14"),
        ("1979年3月", "1979-03"),
        ("1995年", "1995"),
        ("１９７９年３月", "1979-03"),  # full-width digits
        ("1979.3", "1979-03"),
        ("1980-02", "1980-02"),
        ("March 1979", "1979-03"),
        ("Mar. 1979", "1979-03"),
        ("14 March 1979", "1979-03-14"),
        ("March 14, 1979", "1979-03-14"),
        ("14/09/2000", "2000-09-14"),
        ("09/14/2000", "2000-09-14"),
        ("1995", "1995"),
        (" 1973-06-24 ", "1973-06-24"),
        ("2023.9.18", "2023-09-18"),
        ("3/2000", "2000-03"),
        ("", ""),
        (None, ""),
        (1995, "1995"),
        (29025, "1979-06-19"),  # an Excel date serial
        (date(1979, 3, 14), "1979-03-14"),
        (datetime(1979, 3, 14, 0, 0), "1979-03-14"),
    ],
)
def test_reads_the_forms_clerks_write(text, expected):
    assert parse_partial(text) == expected


@pytest.mark.parametrize(
    "text", ["n/a", "1979-13", "31/02/2000", "未知", "March", "1979年13月", True]
)
def test_rejects_what_is_not_a_date(text):
    with pytest.raises(DateParseError):
        parse_partial(text)


def test_ambiguous_day_month_is_never_guessed_row_by_row():
    with pytest.raises(DateParseError) as info:
        parse_partial("03/04/2000")
    assert info.value.ambiguous
    assert parse_partial("03/04/2000", dayfirst=True) == "2000-04-03"
    assert parse_partial("03/04/2000", dayfirst=False) == "2000-03-04"


def test_day_month_order_is_decided_from_the_whole_column():
    assert guess_dayfirst(["03/04/2000", "14/09/2000", "1995"]) is True
    assert guess_dayfirst(["03/04/2000", "09/14/2000"]) is False
    assert guess_dayfirst(["03/04/2000", "05/06/2001"]) is None
    assert guess_dayfirst(["14/09/2000", "09/14/2000"]) is None  # contradictory: ask


def test_precision_and_bounds():
    assert [precision(p) for p in ("1995", "1979-03", "1979-03-14", "")] == [
        "year",
        "month",
        "day",
        "",
    ]
    assert (first_day("1979-02"), last_day("1979-02")) == (date(1979, 2, 1), date(1979, 2, 28))
    assert last_day("2000") == date(2000, 12, 31)
    assert from_excel_serial(1) == "1899-12-31"


def test_formatting_in_both_languages():
    assert format_partial("1979-03", "en") == "March 1979"
    assert format_partial("1979-03", "zh") == "1979年3月"
    assert format_partial("1979-03-14", "zh") == "1979年3月14日"
    assert format_partial("1995", "en") == "1995"


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=date(1000, 1, 1), max_value=date(2999, 12, 31)),
    st.sampled_from(["year", "month", "day"]),
)
def test_every_partial_date_survives_its_written_forms(d, prec):
    iso = {"year": f"{d.year:04d}", "month": f"{d.year:04d}-{d.month:02d}", "day": d.isoformat()}[
        prec
    ]
    assert is_partial(iso)
    assert parse_partial(iso) == iso
    forms = {
        "year": [f"{d.year}年", str(d.year)],
        "month": [f"{d.year}年{d.month}月", f"{d.year}.{d.month}", format_partial(iso, "en")],
        "day": [
            f"{d.year}年{d.month}月{d.day}日",
            format_partial(iso, "en"),
            f"{d.day:02d}/{d.month:02d}/{d.year}",
        ],
    }[prec]
    for form in forms:
        assert parse_partial(form, dayfirst=True) == iso, form
    assert first_day(iso) <= last_day(iso)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_text_is_a_date_or_a_clear_error(text):
    try:
        result = parse_partial(text)
    except DateParseError:
        return
    assert result == "" or is_partial(result)
