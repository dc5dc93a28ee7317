"""Partial ISO dates (YYYY, YYYY-MM, YYYY-MM-DD) with a precision, turned into the interval they denote.

A date may be stated in the Julian calendar (Old Style, "OS"), which Russia used until 31 January 1918 OS; the next
day was 14 February 1918 NS. Intervals are always returned in the Gregorian calendar (New Style), so that dates of
both styles can share one axis; the conversion is convertdate's, not hand-written day counting."""

from __future__ import annotations

import calendar as _gregorian_calendar
from datetime import date
from typing import TYPE_CHECKING

from convertdate import julian

from .scales import CALENDARS, PRECISIONS  # noqa: F401  (re-exported)

if TYPE_CHECKING:  # pandas is imported where Timestamps are made: validating the data needs only datetime
    import pandas as pd

#: The last day Russia counted in the Julian calendar (OS); an "OS" date after it is read as already New Style.
LAST_JULIAN_DAY = (1918, 1, 31)
#: The first day Russia counted in the Gregorian calendar.
FIRST_GREGORIAN_DAY = date(1918, 2, 14)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _parts(value: str) -> tuple[int, ...]:
    if len(value) not in (4, 7, 10):
        raise ValueError(f"{value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    try:
        return tuple(int(p) for p in value.split("-"))
    except ValueError:
        raise ValueError(f"{value!r} is not YYYY, YYYY-MM or YYYY-MM-DD") from None


def _span(value: str, julian_style: bool) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """First and last day (year, month, day) the value can denote, counted in its own calendar."""
    parts = _parts(value)
    month_length = julian.month_length if julian_style else (lambda y, m: _gregorian_calendar.monthrange(y, m)[1])
    if len(parts) == 3:
        if not 1 <= parts[2] <= month_length(parts[0], parts[1]):
            raise ValueError(f"{value!r} is not a day of that month")
        return parts, parts
    if len(parts) == 2:
        y, m = parts
        if not 1 <= m <= 12:
            raise ValueError(f"{value!r} has no month {m}")
        return (y, m, 1), (y, m, month_length(y, m))
    return (parts[0], 1, 1), (parts[0], 12, 31)


def is_julian(day: tuple[int, int, int], calendar: str) -> bool:
    """Is this day, stated in `calendar`, a Julian (Old Style) date that needs converting?"""
    return calendar == "OS" and tuple(day) <= LAST_JULIAN_DAY


def _gregorian(day: tuple[int, int, int], calendar: str) -> date:
    if is_julian(day, calendar):
        return date(*julian.to_gregorian(*day))
    return date(*day)


def _years_later(day: date, years: int) -> date:
    """The same day `years` later (or earlier), 29 February becoming the 28th, as pandas' DateOffset does."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def days(value: str, precision: str, calendar: str = "") -> tuple[date, date]:
    """interval() as datetime dates (what validating the data compares, without importing pandas)."""
    first, last = _span(value, julian_style=calendar == "OS")
    start, end = _gregorian(first, calendar), _gregorian(last, calendar)
    if precision == "circa":
        start, end = _years_later(start, -1), _years_later(end, 1)
    return start, end


def interval(value: str, precision: str, calendar: str = "") -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last Gregorian day the value can denote at its precision ('circa' widens by a year either side).
    With calendar 'OS', days up to 31 January 1918 are read as Julian and converted."""
    import pandas as pd

    start, end = days(value, precision, calendar)
    return pd.Timestamp(start), pd.Timestamp(end)


def midpoint(value: str, precision: str, calendar: str = "") -> pd.Timestamp:
    a, b = interval(value, precision, calendar)
    return a + (b - a) / 2


def _show(day: tuple[int, int, int]) -> str:
    return f"{day[2]} {_MONTHS[day[1] - 1]} {day[0]}"


def _span_text(first: tuple[int, int, int], last: tuple[int, int, int]) -> str:
    return _show(first) if first == last else f"{_show(first)} to {_show(last)}"


def both_styles(value: str, calendar: str) -> str:
    """A pre-1918 Russian date in both calendars, e.g. '27 Sep 1917 OS = 10 Oct 1917 NS'; '' where the row states
    no calendar or the date is after the change (nothing to convert). Partial dates give the span they cover."""
    if not value or calendar not in ("NS", "OS"):
        return ""
    first, last = _span(value, julian_style=calendar == "OS")
    if calendar == "OS":
        if not is_julian(first, "OS"):
            return ""
        last = min(last, LAST_JULIAN_DAY)
        ns = tuple(julian.to_gregorian(*first)), tuple(julian.to_gregorian(*last))
        return f"{_span_text(first, last)} OS = {_span_text(*ns)} NS"
    if date(*first) >= FIRST_GREGORIAN_DAY:
        return ""
    last = min(last, (1918, 2, 13))
    os_ = tuple(julian.from_gregorian(*first)), tuple(julian.from_gregorian(*last))
    return f"{_span_text(first, last)} NS = {_span_text(*os_)} OS"
