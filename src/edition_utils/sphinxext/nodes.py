"""Docutils nodes of the edition and their HTML. Text stays in Text children, so Sphinx escapes it and indexes it
for search; only the wrappers are written here."""

from __future__ import annotations

import json
import os
from pathlib import Path

from docutils import nodes
from sphinx.util.osutil import relative_uri

from ..assets import LEAFLET_JS, PLOTLY_BASIC_JS, PLOTLY_BASIC_TYPES, PLOTLY_JS
from . import state

#: Where a chart's or a map's script is written, beside the pages (`_figures/<uid>.js`; the uid is a digest of the
#: figure, so a changed figure gets a new file and no reader's cache serves the old one).
FIGURES_DIR = "_figures"


class passage(nodes.General, nodes.Element):
    """One passage: anchor = passage ID, a visible permalink with its number, the literal text."""


class note_span(nodes.Inline, nodes.TextElement):
    """The quoted span a critical note is anchored to."""


class note_ref(nodes.Inline, nodes.Element):
    """The marker after a noted span: a link to the note, with the note readable in place on hover or focus."""


class flag_badge(nodes.Inline, nodes.TextElement):
    """A source-reliability badge whose meaning shows on hover, focus or tap, linking to the scale's legend."""


class seed_text(nodes.Inline, nodes.TextElement):
    """The passage's own words, exactly as in the seed (leading spaces kept by CSS pre-wrap)."""


class translation(nodes.General, nodes.Element):
    """Our English translation of a passage, shown beside the original."""


def _open(self, tag: str, node=None, **attrs) -> str:
    """A start tag by the translator's own starttag (attribute values escaped; a node's ids and classes added)."""
    return self.starttag({} if node is None else node, tag, "", **attrs)


def _element(self, tag: str, text: str, **attrs) -> str:
    """A whole element around plain text, the text escaped as Sphinx escapes any text."""
    return _open(self, tag, **attrs) + self.encode(text) + f"</{tag}>"


def cite_button(self, source: str, key: str, what: str) -> str:
    return _element(self, "button", "Cite", type="button", classes=["edition-cite"], **{
        "data-cite-source": source, "data-cite-key": key, "aria-haspopup": "dialog", "aria-label": f"Cite {what}"})


def visit_passage(self, node):
    """The passage's box (its id the passage ID) and a head with the visible permalink. Only what a reader without
    script needs is written per passage (a page holds hundreds): edition.js derives the rest from the id (the Cite
    button, which needs script anyway, with its name, source and key; the permalink's tooltip, name and printed
    address)."""
    pid = node["pid"]
    self.body.append(_open(self, "div", node, classes=["edition-passage"]))
    self.body.append(f'<div class="edition-passage-head"><a class="edition-permalink" href="#{self.attval(pid)}">'
                     f'{self.encode(pid)}</a></div>')


class cite(nodes.Inline, nodes.Element):
    """A Cite button (for a chapter or a note); the dialog's formats are loaded from edition/cite/SOURCE.json."""


def visit_cite(self, node):
    self.body.append(cite_button(self, node["source"], node["key"], node["what"]))
    raise nodes.SkipNode


def depart_passage(self, node):
    self.body.append("</div>\n")


def visit_seed_text(self, node):
    self.body.append(_open(self, "p", node, classes=["edition-text"], lang=node["lang"]))


def depart_seed_text(self, node):
    self.body.append("</p>")


def visit_translation(self, node):
    self.body.append(_open(self, "div", node, classes=["edition-translation"], lang="en"))
    self.body.append(_element(self, "p", "Our translation", classes=["edition-translation-label"]))


def depart_translation(self, node):
    self.body.append("</div>")


def visit_note_span(self, node):
    cat = [f"edition-cat-{node['category']}"] if node.get("category") else []
    self.body.append(_open(self, "mark", node, classes=["edition-noted", *cat], **{"data-notes": " ".join(node["notes"])}))


def depart_note_span(self, node):
    self.body.append("</mark>")


def visit_note_ref(self, node):
    """The marker: the note's number in a pill (unlike a source's own "[2]"), named for screen readers by its
    number and category; edition.js opens the whole note in a popover, and without script it leads to the note."""
    side = "en-" if node.get("side") == "translation" else ""
    href = node["href"]
    self.body.append(_open(self, "span", node, classes=["edition-note-wrap"]))
    self.body.append(_open(self, "a", classes=["edition-note-ref", f"edition-cat-{node['category']}"], href=href,
                           ids=[f"ref-{side}note-{node['note_id']}"],
                           **{"aria-haspopup": "dialog"}))  # the note is the one its href names (edition.js)
    self.body.append(_element(self, "sup", node["label"], classes=["edition-note-num"]))
    self.body.append(_element(self, "span", f": note, {node['category_label']}", classes=["visually-hidden"]))
    self.body.append("</a></span>")
    raise nodes.SkipNode


def visit_flag_badge(self, node):
    """The flag's button and its tip (the tip's text and the legend link are the node's children)."""
    flag, tip = node["flag"], f"tip-{node['uid']}"
    self.body.append(_open(self, "span", node, classes=["edition-flag-wrap"]))
    self.body.append(_element(self, "button", f"Reliability {flag}", type="button",
                              classes=["edition-flag", f"edition-flag-{flag}"],
                              **{"aria-describedby": tip, "aria-expanded": "false", "data-tip": tip}))
    self.body.append(_open(self, "span", classes=["edition-flag-tip"], role="tooltip", ids=[tip]))


def depart_flag_badge(self, node):
    self.body.append("</span></span>")  # the legend link inside is a reference of its own (domain.xref)


class plotly_chart(nodes.General, nodes.Element):
    """An interactive plotly figure, drawn by the page's one copy of plotly.js (served from _static)."""


class leaflet_map(nodes.General, nodes.Element):
    """A Leaflet map built by folium, drawn by the book's own Leaflet (served from _static)."""


def _script_json(value) -> str:
    # JSON inside <script>: "</" and U+2028/9 must not end or break the script.
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":"))
            .replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _figure(self, node, classes: list[str], inner: str, **attrs) -> str:
    """<figure> labelled by its caption: the drawing's element, then the caption (title and description)."""
    uid = node["uid"]
    title = _element(self, "strong", node["title"], classes=["edition-figure-title"]) + " " if node["title"] else ""
    caption = _open(self, "figcaption", ids=[f"{uid}-desc"]) + title + self.encode(node["description"])
    return (_open(self, "figure", classes=classes, **{"aria-labelledby": f"{uid}-desc"}, **attrs) + inner
            + caption + "</figcaption></figure>")


def _rows(figure: dict) -> int:
    """The rows of a chart's category axis, as plotly counts them: its category array, then values only in the data."""
    yaxis = figure.get("layout", {}).get("yaxis", {})
    rows = dict.fromkeys(yaxis.get("categoryarray", []) if yaxis.get("categoryorder") == "array" else [])
    for trace in figure.get("data", []):
        if trace.get("yaxis", "y") == "y" and isinstance(trace.get("y"), list):
            rows.update(dict.fromkeys(y for y in trace["y"] if isinstance(y, str)))
    return len(rows)


def _url(self, target: str) -> str:
    """`target` (a path under the site's root) relative to the page being written, as the builder names pages."""
    return relative_uri(self.builder.get_target_uri(self.builder.current_docname), target)


def _vendor(self, rel: str) -> str:
    """A vendor bundle's URL from this page, with its `?v=` (sphinxext.page_assets)."""
    return _url(self, f"_static/{rel}") + "?v=" + state.of(self.builder.app).extra["vendor_query"][rel]


def _figure_file(self, uid: str, script: str) -> str:
    """A figure's script as a file of its own (its URL from this page): the page stays light for its first paint
    (maps.html carried 174 KB of map script inline), and a chart's data is fetched only when the chart is drawn."""
    out = Path(self.builder.outdir) / FIGURES_DIR / f"{uid}.js"
    if not out.is_file() or out.read_text(encoding="utf-8") != script:  # unchanged: not rewritten
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(f".{out.name}.{os.getpid()}")  # parallel writers never see half a file
        tmp.write_text(script, encoding="utf-8")
        os.replace(tmp, out)
    return _url(self, f"{FIGURES_DIR}/{uid}.js")


def visit_plotly_chart(self, node):
    uid, figure = node["uid"], node["figure"]
    config = {"responsive": True, "displaylogo": False}
    # The chart's place is kept at its own height (plotly's default 450 px), on a phone at the height of its phone
    # layout (figures.js), so the text below does not move when the chart is drawn.
    height = figure.get("layout", {}).get("height") or 450
    phone = max(420, 58 * _rows(figure) + 260)  # a row's label above its bar (figures.js, on a phone)
    # figures.js draws the chart when it comes near the window (IntersectionObserver): it loads plotly.js (the
    # smallest bundle that draws every trace type here) and the chart's script, which queues the drawing for it with
    # the reader's layout (phone, dark) from the first draw, so the chart is drawn once. E adapts traces and layout.
    bundle = PLOTLY_BASIC_JS if set(node.get("trace_types", ["unknown"])) <= PLOTLY_BASIC_TYPES else PLOTLY_JS
    script = (f'(window.editionCharts=window.editionCharts||[]).push([{_script_json(uid)},function(E){{'
              f'return Plotly.newPlot({_script_json(uid)},{_script_json(figure.get("data", []))}.map(E.trace),'
              f'E.layout({_script_json(figure.get("layout", {}))}),{_script_json(config)}).then(E.drawn);}}]);\n')
    inner = _open(self, "div", ids=[uid], classes=["edition-plotly"], style=(
        f"--edition-chart-height:{height}px;--edition-chart-phone-height:{phone}px"), **{
            "data-edition-chart": _figure_file(self, uid, script), "data-phone-height": str(phone),
            "data-plotly": _vendor(self, bundle)}) + "</div>"
    self.body.append(_figure(self, node, ["edition-chart"], inner))
    raise nodes.SkipNode


def visit_leaflet_map(self, node):
    # folium's own markup, kept as folium writes it; its script in a file of its own, which figures.js runs after
    # Leaflet when the map comes near the window
    inner = _open(self, "div", classes=["edition-map-frame"]) + node["html"] + "</div>"
    self.body.append(_figure(self, node, ["edition-map"], inner, ids=[node["uid"]], **{
        "data-edition-map": _figure_file(self, node["uid"], node["script"] + "\n"),
        "data-leaflet": _vendor(self, LEAFLET_JS)}))
    raise nodes.SkipNode


def skip(self, node):  # non-HTML builders: render children only
    pass


HTML_NODES = {
    cite: (visit_cite, None),
    seed_text: (visit_seed_text, depart_seed_text),
    translation: (visit_translation, depart_translation),
    plotly_chart: (visit_plotly_chart, None),
    leaflet_map: (visit_leaflet_map, None),
    passage: (visit_passage, depart_passage),
    note_span: (visit_note_span, depart_note_span),
    note_ref: (visit_note_ref, None),
    flag_badge: (visit_flag_badge, depart_flag_badge),
}
