"""Partial ISO dates (YYYY, YYYY-MM, YYYY-MM-DD) with a precision, turned into the interval they denote."""

from __future__ import annotations

import pandas as pd

PRECISIONS = ("day", "month", "year", "circa")


def parse_partial(value: str) -> pd.Timestamp:
    """'1917' -> 1917-01-01, '1917-04' -> 1917-04-01; raises ValueError on anything else."""
    if len(value) not in (4, 7, 10):
        raise ValueError(f"{value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    fmt = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}[len(value)]
    return pd.to_datetime(value, format=fmt)


def interval(value: str, precision: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day the value can denote at its precision ('circa' widens by a year either side)."""
    start = parse_partial(value)
    if len(value) == 10:
        end = start
    elif len(value) == 7:
        end = start + pd.offsets.MonthEnd(0)
    else:
        end = start + pd.offsets.YearEnd(0)
    if precision == "circa":
        start, end = start - pd.DateOffset(years=1), end + pd.DateOffset(years=1)
    return start, end


def midpoint(value: str, precision: str) -> pd.Timestamp:
    a, b = interval(value, precision)
    return a + (b - a) / 2
