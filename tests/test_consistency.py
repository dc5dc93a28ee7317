"""One event, one date. The claims register (data/claims.csv), the career rows (data/smilga_career.csv), the critical
notes (data/notes/*.yml) and the charts built from them must not give the same event two different dates, unless the
difference is recorded as a conflict between the sources.

How the four are linked:
- a claim names its career event in `event_id` (checked by edition_utils.career.load_claims);
- a note is linked to an event when one of its sentences names the event in words listed in EVENT_TERMS (notes have
  no event field, so this list is the link; extend it when a note restates an event's date in its own words);
- the charts are drawn from the career rows, so they are checked against the rows they were drawn from.

What may differ: a claim we assess as wrong or doubtful must differ from the career row (otherwise the assessment or
the row is wrong); a claim assessed 'unresolved' may differ if the row's note names the other date or a
sources-conflict note on the claim's passage says why; a sources-conflict note may cite any date."""

from __future__ import annotations

import calendar
import re
import pandas as pd
import pytest

from edition_utils import career_figures as cf
from edition_utils.dates import both_styles, interval
from edition_utils.edition import load_edition

DATED = {"day", "month", "year", "circa"}
AGREEING = {"confirmed", "probable"}
DISAGREEING = {"wrong", "doubtful"}
#: How a note's sentence names an event, by career event_id. Only events whose notes restate a date belong here.
EVENT_TERMS = {
    "caucasus-1920": r"Cauca\w*[- ](?:Front|front|Labour Army|labour army)|Kaukasus|kaukasisk",
    "khabarovsk-posting": r"Khabarovsk|Habarovsk",
    "yaroslavsky-station-1927": r"Yaroslavsk\w* station",
    "western-front-rvs-1920": r"Polish-Soviet war|Soviet-Polish war",
}
YEAR = re.compile(r"\b(18[89]\d|19[0-8]\d)\b")
#: "1919 to 1923", "1919-1923", "1919–23": a range covers the years between.
YEAR_RANGE = re.compile(r"\b(18[89]\d|19[0-8]\d)\s*(?:to|-|–)\s*(?:[A-Z][a-z]+ )?(\d{4}|\d{2})\b")
MONTHS = {m: i for i, m in enumerate(calendar.month_name) if m}


@pytest.fixture(scope="module")
def ed(root):
    return load_edition(root)


def _nominal(value: str, precision: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The span a value states, without the year's margin that 'circa' adds for drawing."""
    return interval(value, "year" if precision == "circa" else precision)


def _overlap(a, b) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _row_date(row: pd.Series, prop: str) -> tuple[str, str]:
    if prop.startswith("end") and row["end"]:
        return row["end"], row["end_precision"]
    return row["start"], row["start_precision"]


def claim_problems(claims: pd.DataFrame, career: pd.DataFrame, notes) -> list[str]:
    """Every dated claim against the date its career row gives (both as the sources state them, same style)."""
    rows = career.set_index("event_id")
    conflict_passages = {n.passage for n in notes if n.category == "sources-conflict"}
    problems = []
    for c in claims.itertuples():
        if not c.event_id or c.precision not in DATED:
            continue
        row = rows.loc[c.event_id]
        value, precision = _row_date(row, c.property)
        said, best = _nominal(c.value, c.precision), _nominal(value, precision)
        where = f"{c.claim_id} ({c.value}) vs {c.event_id} ({value})"
        if c.assessment in AGREEING and not _overlap(interval(c.value, c.precision), interval(value, precision)):
            problems.append(f"{where}: assessed {c.assessment} but the career row gives another date")
        elif c.assessment in DISAGREEING and _overlap(said, best):
            problems.append(f"{where}: assessed {c.assessment} but the career row gives the same date")
        elif c.assessment == "unresolved" and not _overlap(said, best):
            named = c.value[:4] in row["note"] or any(
                m in row["note"] for m, i in MONTHS.items() if len(c.value) >= 7 and int(c.value[5:7]) == i)
            if not (named or c.passage in conflict_passages):
                problems.append(f"{where}: unresolved, but neither the row's note nor a sources-conflict note says why")
    return problems


def note_problems(notes, career: pd.DataFrame) -> list[str]:
    """A note sentence that names an event and gives years must give one inside the career row's span."""
    rows = career.set_index("event_id")
    problems = []
    for note in notes:
        if note.category == "sources-conflict":
            continue
        for sentence in re.split(r"(?<=[.;])\s+", note.body):
            for event_id, terms in EVENT_TERMS.items():
                years = {int(y) for y in YEAR.findall(sentence)}
                for y0, y1 in YEAR_RANGE.findall(sentence):
                    end = int(y1) if len(y1) == 4 else int(y0[:2] + y1)
                    years |= set(range(int(y0), end + 1))
                if not years or not re.search(terms, sentence):
                    continue
                row = rows.loc[event_id]
                first = _nominal(row["start"], row["start_precision"])[0].year
                last = _nominal(row["end"], row["end_precision"])[1].year if row["end"] else \
                    _nominal(row["start"], row["start_precision"])[1].year
                if not any(first <= y <= last for y in years):
                    problems.append(f"{note.id} dates {event_id} to {sorted(years)}, the career row to "
                                    f"{first}-{last}: {sentence!r}")
    return problems


def chart_problems(career: pd.DataFrame, claims: pd.DataFrame) -> list[str]:
    """The timeline draws each row at its (Gregorian) date; the disagreement chart's 'best' is the row's date."""
    problems = []
    fig = cf.timeline(career, lambda p: f"#{p}")
    drawn = {}
    for trace in fig.data:
        for (event_id, _), base in zip(trace.customdata, trace.base):
            drawn[event_id] = str(base)[:10]
    for r in career[career["status"] != "rejected-claim"].itertuples():
        want = interval(r.start, r.start_precision, r.calendar)[0].strftime("%Y-%m-%d")
        if drawn.get(r.event_id) != want:
            problems.append(f"timeline draws {r.event_id} at {drawn.get(r.event_id)}, its row gives {want}")
    rows = career.set_index("event_id")
    contested = cf._contested(claims)
    labels = {y for t in cf.disagreements(claims, career, {}, lambda p: f"#{p}").data for y in t.y}
    for c in contested.itertuples():
        value, _ = _row_date(rows.loc[c.event_id], c.property)
        if not any(label.endswith(f"(best: {value})") and label.lower().startswith(c.property.lower())
                   for label in labels):
            problems.append(f"disagreement chart: {c.event_id} {c.property!r} is not drawn against {value}")
    return problems


def test_claims_and_career_rows_agree(ed):
    assert claim_problems(ed.claims, ed.career, ed.notes) == []


def test_notes_and_career_rows_agree(ed):
    assert note_problems(ed.notes, ed.career) == []


def test_charts_draw_the_career_rows_dates(ed):
    assert chart_problems(ed.career, ed.claims) == []


def test_the_checks_catch_planted_inconsistencies(ed):
    # The Caucasus Front error the review found: a note and the row a year apart, a claim agreeing with a wrong date.
    note = next(n for n in ed.notes if n.id == "smilga-bio-7-4")
    planted = note.model_copy(update={"body": "In January 1921 Smilga was sent to the Caucasus Front (line 252)."})
    assert note_problems([planted], ed.career)
    claims = ed.claims.copy()
    claims.loc[claims["claim_id"] == "smilga-17", "assessment"] = "confirmed"
    assert any("smilga-17" in p for p in claim_problems(claims, ed.career, ed.notes))
    claims = ed.claims.copy()
    claims.loc[claims["claim_id"] == "smilga-2", "assessment"] = "wrong"
    assert any("smilga-2" in p for p in claim_problems(claims, ed.career, ed.notes))
    # A sources-conflict note may give any date.
    assert note_problems([planted.model_copy(update={"category": "sources-conflict"})], ed.career) == []
    # An Old Style row drawn unconverted (13 days early) is caught.
    career = ed.career.copy()
    career.loc[career["event_id"] == "lenin-letter-1917", "calendar"] = ""
    drawn_wrong = cf.timeline(career, lambda p: p)
    base = {e: str(b)[:10] for t in drawn_wrong.data for (e, _), b in zip(t.customdata, t.base)}
    assert base["lenin-letter-1917"] == "1917-09-27"
    assert base != {e: str(b)[:10] for t in cf.timeline(ed.career, lambda p: p).data
                    for (e, _), b in zip(t.customdata, t.base)}


def test_old_style_rows_are_converted_and_shown_in_both_styles(ed):
    rows = ed.career.set_index("event_id")
    letter = rows.loc["lenin-letter-1917"]
    assert letter["calendar"] == "OS"
    assert interval(letter["start"], letter["start_precision"], "OS")[0] == pd.Timestamp("1917-10-10")
    assert letter["both_styles"] == "27 Sep 1917 OS = 10 Oct 1917 NS"
    assert rows.loc["born", "both_styles"] == "2 Dec 1892 NS = 20 Nov 1892 OS"
    # After 31 January 1918 OS there is nothing to convert, whatever the row's calendar.
    assert both_styles("1918-04", "OS") == "" and both_styles("1920-01", "NS") == ""
    for r in ed.career.itertuples():
        if r.calendar in ("NS", "OS") and r.start < "1918":
            assert r.both_styles, f"{r.event_id}: pre-1918 date without its other style"
