"""Smilga's career as plotly figures: plain functions from validated DataFrames to go.Figure (no Sphinx, no
browser), plus HTML tables that carry the same data for readers without JavaScript."""

from __future__ import annotations

import html
from typing import Callable

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from .career import CATEGORY_LABELS
from .dates import interval, midpoint

Link = Callable[[str], str]
COLOURS = {"party": "#b2182b", "military": "#2166ac", "state-economic": "#1b7837",
           "repression-exile": "#4d4d4d", "life": "#8c510a"}
ASSESSMENT_STYLE = {
    "confirmed": ("#1b7837", "circle", "Confirmed by the references we checked"),
    "probable": ("#5aae61", "circle-open", "Probable"),
    "unresolved": ("#e08214", "diamond", "Unresolved: sources we checked differ"),
    "doubtful": ("#e08214", "diamond-open", "Doubtful"),
    "unverified": ("#878787", "square-open", "Could not be verified"),
    "wrong": ("#b2182b", "x", "Wrong"),
}
MIN_DAYS = 40  # a point event or a day-precise span still needs a visible bar
LIFE_END = pd.Timestamp("1938-12-31")
# plotly_white's layout without its per-trace-type defaults for every chart type: same look, a much lighter page.
TEMPLATE = go.layout.Template(layout=pio.templates["plotly_white"].layout)
LABEL_WIDTH = 44   # characters per line of a row label
TICK_FONT = {"size": 12}  # no label smaller than 12 px
LEGEND_BELOW = {"orientation": "h", "x": 0, "xanchor": "left", "y": 0.005, "yanchor": "bottom", "yref": "container"}


def _t(text: str) -> str:
    """Text for plotly's pseudo-HTML (hover, ticks): escaped once, and only <, > and &. Plotly decodes &amp;, &lt;
    and &gt; (and numeric entities) but prints &quot; literally, which html.escape's default writes for every double quote."""
    return html.escape(str(text), quote=False)


def _a(url: str, text: str) -> str:
    return f'<a href="{html.escape(url)}">{_t(text)}</a>'


def _wrap(label: str, width: int = LABEL_WIDTH, lines: int = 2) -> str:
    """A long row label on up to two lines (<br>) instead of cut short; only a third line's worth is elided."""
    out, line = [], ""
    for word in label.split():
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    out.append(line)
    if len(out) > lines:
        out = out[:lines - 1] + [" ".join(out[lines - 1:])[:width - 1].rstrip() + "…"]
    return "<br>".join(_t(x) for x in out)


def _a_wrapped(url: str, label: str) -> str:
    return "<br>".join(f'<a href="{html.escape(url)}">{part}</a>' for part in _wrap(label).split("<br>"))


def _when(value: str, precision: str) -> str:
    return f"{value} ({precision})" if value else ""


def timeline(career: pd.DataFrame, link: Link) -> go.Figure:
    """Gantt-style career timeline, one trace per category (legend toggles them), chronological from the top.
    Tick labels link to the first passage that states the event; hover gives dates, precision and sources."""
    rows = career[career["status"] != "rejected-claim"].copy()
    # Old Style rows are drawn at their Gregorian dates (dates.interval converts them): the axis is New Style.
    rows["t0"] = [interval(s, p, c)[0] for s, p, c in zip(rows["start"], rows["start_precision"], rows["calendar"])]
    rows["t1"] = [interval(e, p, c)[1] if e else interval(s, sp, c)[1]
                  for e, p, s, sp, c in zip(rows["end"], rows["end_precision"], rows["start"],
                                            rows["start_precision"], rows["calendar"])]
    rows["t1"] = [max(t1, t0 + pd.Timedelta(days=MIN_DAYS)) for t0, t1 in zip(rows["t0"], rows["t1"])]
    rows = rows.sort_values(["t0", "event_id"]).reset_index(drop=True)
    ticks = [(_a_wrapped(link(p[0]), lab) if p else _wrap(lab)) for lab, p in zip(rows["label"], rows["passages"])]
    rows["y"] = [f"{i + 1:02d}. {lab}" for i, lab in enumerate(rows["label"])]  # the full name (hover on a label)
    fig = go.Figure()
    for cat, label in CATEGORY_LABELS.items():
        sub = rows[rows["category"] == cat]
        if sub.empty:
            continue
        hover = [
            f"<b>{_t(r.label)}</b><br>{_when(r.start, r.start_precision)}"
            + (f" to {_when(r.end, r.end_precision)}" if r.end else " (point event)")
            + (f"<br>Calendar: {r.calendar}" if r.calendar else "")
            + (f"<br>Julian/Gregorian: {r.both_styles}" if getattr(r, "both_styles", "") else "")
            + f"<br>Stated in: {', '.join(r.passages) or 'no presented passage'}"
            + ("<br><i>Not verified against a reference</i>" if r.status == "unverified" else
               f"<br>Checked against: {_t(r.references[0].split(' — ')[0])}"
               + (f" and {len(r.references) - 1} more" if len(r.references) > 1 else ""))
            for r in sub.itertuples()
        ]
        fig.add_trace(go.Bar(
            name=label, orientation="h", y=sub["y"], base=sub["t0"].dt.strftime("%Y-%m-%d"),
            x=[(b - a).total_seconds() * 1000 for a, b in zip(sub["t0"], sub["t1"])],
            marker={"color": COLOURS[cat], "pattern": {"shape": ["/" if s == "unverified" else "" for s in sub["status"]]}},
            customdata=list(zip(sub["event_id"], [";".join(p) for p in sub["passages"]])),
            hovertext=hover, hoverinfo="text",
        ))
    late = rows[rows["t0"] > LIFE_END]
    for r in late.itertuples():  # posthumous events (rehabilitation) would stretch the axis by fifty years
        fig.add_annotation(x=LIFE_END.strftime("%Y-%m-%d"), y=r.y, text=f"→ {r.start}", showarrow=False,
                           xanchor="right", font=TICK_FONT)
    fig.update_layout(
        barmode="overlay", height=max(500, 36 * len(rows) + 160), margin={"l": 10, "r": 10, "t": 60, "b": 150},
        xaxis={"type": "date", "title": "Date (Gregorian; hatched bars: not verified)",
               "range": ["1890-01-01", LIFE_END.strftime("%Y-%m-%d")]},
        yaxis={"autorange": "reversed", "categoryorder": "array", "categoryarray": list(rows["y"]),
               "tickmode": "array", "tickvals": list(rows["y"]), "ticktext": ticks,
               "automargin": True, "tickfont": TICK_FONT},
        legend={"title": {"text": "Category"}, **LEGEND_BELOW},
        template=TEMPLATE,
    )
    return fig


def _contested(claims: pd.DataFrame) -> pd.DataFrame:
    dated = claims[(claims["event_id"] != "") & claims["precision"].isin(["day", "month", "year", "circa"])]
    counts = dated.groupby(["event_id", "property"])["value"].nunique()
    keys = set(counts[counts > 1].index)
    return dated[[k in keys for k in zip(dated["event_id"], dated["property"])]]


def _best(events: pd.DataFrame, event_id: str, prop: str) -> tuple[str, str]:
    ev = events.loc[event_id]
    if prop.startswith("end") and ev["end"]:
        return ev["end"], ev["end_precision"]
    return ev["start"], ev["start_precision"]


def disagreements(claims: pd.DataFrame, career: pd.DataFrame, sources: dict[str, str], link: Link) -> go.Figure:
    """For each event whose date the texts disagree on, every source's claim is placed by its distance in years
    from the best-supported date (the zero line), styled by our assessment, with its precision as an error bar.
    A common calendar axis would hide a one-year error among fifty years; the offset makes it the point."""
    rows = _contested(claims).copy()
    events = career.set_index("event_id")
    best = {k: _best(events, *k) for k in set(zip(rows["event_id"], rows["property"]))}
    year = pd.Timedelta(days=365.25)

    def offset(ts, key):
        return (ts - midpoint(*best[key])) / year

    keys = list(zip(rows["event_id"], rows["property"]))
    rows["y"] = [f"{p[0].upper() + p[1:]} (best: {best[k][0]})" for k, p in zip(keys, rows["property"])]
    rows["x"] = [offset(midpoint(v, pr), k) for v, pr, k in zip(rows["value"], rows["precision"], keys)]
    rows["lo"] = [offset(interval(v, pr)[0], k) for v, pr, k in zip(rows["value"], rows["precision"], keys)]
    rows["hi"] = [offset(interval(v, pr)[1], k) for v, pr, k in zip(rows["value"], rows["precision"], keys)]
    order = (rows.assign(t=[midpoint(*best[k]) for k in keys]).groupby("y")["t"].min().sort_values().index.tolist())
    fig = go.Figure()
    fig.add_vline(x=0, line={"color": "#000000", "width": 2},
                  annotation_text="best-supported date", annotation_position="top")
    for assessment, (colour, symbol, label) in ASSESSMENT_STYLE.items():
        sub = rows[rows["assessment"] == assessment]
        if sub.empty:
            continue
        fig.add_trace(go.Scatter(
            name=label, mode="markers", y=sub["y"], x=sub["x"],
            marker={"color": colour, "symbol": symbol, "size": 12, "line": {"width": 2, "color": colour}},
            error_x={"type": "data", "symmetric": False, "color": colour, "thickness": 1.5,
                     "array": list(sub["hi"] - sub["x"]), "arrayminus": list(sub["x"] - sub["lo"])},
            customdata=list(zip(sub["claim_id"], sub["passage"], [link(p) for p in sub["passage"]])),
            hovertext=[f"<b>{_t(sources.get(s, s))}</b> ({p})<br>claims {_t(v)} ({pr})"
                       f"<br>Our assessment: {a}<br>{_t(r[:160])}"
                       for s, p, v, pr, a, r in zip(sub["source_id"], sub["passage"], sub["value"], sub["precision"],
                                                      sub["assessment"], sub["reason"])],
            hoverinfo="text",
        ))
    fig.update_layout(
        height=max(420, 48 * len(order) + 170), template=TEMPLATE, margin={"l": 10, "r": 10, "t": 70, "b": 150},
        xaxis={"title": "Years before (−) or after (+) the best-supported date; bars: span of the stated precision",
               "zeroline": False},
        yaxis={"categoryorder": "array", "categoryarray": order, "autorange": "reversed", "automargin": True,
               "tickfont": TICK_FONT},
        legend=LEGEND_BELOW,
    )
    return fig


FATE_STYLE = {"shot": ("#b2182b", "x"), "killed in prison": ("#762a83", "x-open"),
              "assassinated": ("#d6604d", "triangle-down"), "accident": ("#4d4d4d", "circle-open"),
              "survived": ("#1b7837", "circle")}


def fates(people: pd.DataFrame, link: Link) -> go.Figure:
    """Lifespans of the oppositionists the texts name beside Smilga, ending in the manner of their death, against
    the years of the Moscow trials and the Great Terror (1936-1938)."""
    rows = people.copy()
    rows["d"] = [midpoint(v, p) for v, p in zip(rows["died"], rows["died_precision"])]
    rows = rows.sort_values(["d", "name"]).reset_index(drop=True)
    fig = go.Figure()
    fig.add_vrect(x0="1936-08-19", x1="1938-11-17", fillcolor="#bbbbbb", opacity=0.25, line_width=0,
                  annotation_text="Moscow trials, Great Terror", annotation_position="top right")
    for r in rows.itertuples():
        if r.born:
            fig.add_trace(go.Scatter(x=[midpoint(r.born, r.born_precision or "year").strftime("%Y-%m-%d"),
                                        r.d.strftime("%Y-%m-%d")], y=[r.name, r.name], mode="lines",
                                     line={"color": "#9e9e9e", "width": 3}, showlegend=False, hoverinfo="skip"))
    for fate, (colour, symbol) in FATE_STYLE.items():
        sub = rows[rows["fate"] == fate]
        if sub.empty:
            continue
        fig.add_trace(go.Scatter(
            name=fate.capitalize(), mode="markers", x=sub["d"].dt.strftime("%Y-%m-%d"), y=sub["name"],
            marker={"color": colour, "symbol": symbol, "size": 13, "line": {"width": 2, "color": colour}},
            customdata=list(zip(sub["person_id"], [";".join(p) for p in sub["passages"]])),
            hovertext=[f"<b>{_t(n)}</b><br>born {b or 'not verified'}, died {d} ({dp})<br>{_t(f[:220])}"
                       for n, b, d, dp, f in zip(sub["name"], sub["born"], sub["died"], sub["died_precision"],
                                                 sub["fate_detail"])],
            hoverinfo="text"))
    ticks = [(_a(link(p[0]), n) if p else _t(n)) for n, p in zip(rows["name"], rows["passages"])]
    fig.update_layout(
        height=max(420, 34 * len(rows) + 150), template=TEMPLATE, margin={"l": 10, "r": 10, "t": 60, "b": 150},
        xaxis={"type": "date", "title": "Year", "range": ["1878-01-01", "1945-12-31"]},
        yaxis={"categoryorder": "array", "categoryarray": list(rows["name"]), "autorange": "reversed",
               "tickmode": "array", "tickvals": list(rows["name"]), "ticktext": ticks, "automargin": True,
               "tickfont": TICK_FONT},
        legend={"title": {"text": "Manner of death"}, **LEGEND_BELOW},
    )
    return fig


def html_table(df: pd.DataFrame, columns: dict[str, str], link: Link, passage_column: str = "passages",
               caption: str = "") -> str:
    """An accessible HTML table of the rows behind a figure; passage IDs become links."""
    head = "".join(f'<th scope="col">{html.escape(v)}</th>' for v in columns.values())
    body = []
    for _, row in df.iterrows():
        cells = []
        for col in columns:
            value = row[col]
            if col == passage_column:
                ids = value if isinstance(value, list) else [value]
                cells.append("<td>" + ", ".join(_a(link(p), p) for p in ids if p) + "</td>")
            elif isinstance(value, list):
                cells.append("<td>" + html.escape("; ".join(value)) + "</td>")
            else:
                cells.append(f"<td>{html.escape(str(value))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (f'<div class="edition-data-table"><table class="table">{cap}<thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')
