"""Docutils nodes of the edition and their HTML. Text stays in Text children, so Sphinx escapes it and indexes it
for search; only the wrappers are written here."""

from __future__ import annotations

import json
from html import escape

from docutils import nodes


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


def visit_passage(self, node):
    pid = escape(node["pid"])
    self.body.append(
        f'<div class="edition-passage{" " + " ".join(node["classes"]) if node["classes"] else ""}" '
        f'id="{pid}" data-passage="{pid}" data-source="{escape(node["source"])}">'
        f'<div class="edition-passage-head"><a class="edition-permalink" href="#{pid}" '
        f'title="Permalink to passage {pid}" aria-label="Passage {pid}, permalink">{pid}</a>'
        f'{cite_button(node["source"], node["pid"], "passage " + node["pid"])}</div>'
    )


def cite_button(source: str, key: str, what: str) -> str:
    return (f'<button type="button" class="edition-cite" data-cite-source="{escape(source)}" '
            f'data-cite-key="{escape(key)}" aria-haspopup="dialog" aria-label="Cite {escape(what)}">Cite</button>')


class cite(nodes.Inline, nodes.Element):
    """A Cite button (for a chapter or a note); the dialog's formats are loaded from edition/cite/SOURCE.json."""


def visit_cite(self, node):
    self.body.append(cite_button(node["source"], node["key"], node["what"]))
    raise nodes.SkipNode


def depart_passage(self, node):
    self.body.append("</div>\n")


def visit_seed_text(self, node):
    self.body.append(f'<p class="edition-text" lang="{escape(node["lang"])}">')


def depart_seed_text(self, node):
    self.body.append("</p>")


def visit_translation(self, node):
    self.body.append('<div class="edition-translation" lang="en">'
                     '<p class="edition-translation-label">Our translation</p>')


def depart_translation(self, node):
    self.body.append("</div>")


def visit_note_span(self, node):
    cat = f' edition-cat-{escape(node["category"])}' if node.get("category") else ""
    self.body.append(f'<mark class="edition-noted{cat}" data-notes="{escape(" ".join(node["notes"]))}">')


def depart_note_span(self, node):
    self.body.append("</mark>")


def visit_note_ref(self, node):
    """The marker: the note's number in a pill (unlike a source's own "[2]"), named for screen readers by its
    number and category; edition.js opens the whole note in a popover, and without script it leads to the note."""
    nid, href = escape(node["note_id"]), escape(node["href"])
    side = "en-" if node.get("side") == "translation" else ""
    self.body.append(
        f'<span class="edition-note-wrap"><a class="edition-note-ref edition-cat-{escape(node["category"])}" '
        f'href="{href}" id="ref-{side}note-{nid}" data-note="{href[1:]}" aria-haspopup="dialog">'
        f'<sup class="edition-note-num">{escape(node["label"])}</sup>'
        f'<span class="visually-hidden">: note, {escape(node["category_label"])}</span></a></span>')
    raise nodes.SkipNode


def visit_flag_badge(self, node):
    flag, uid = escape(node["flag"]), escape(node["uid"])
    self.body.append(
        f'<span class="edition-flag-wrap"><button type="button" class="edition-flag edition-flag-{flag}" '
        f'aria-describedby="tip-{uid}" aria-expanded="false" data-tip="tip-{uid}">'
        f'Reliability {flag}</button>'
        f'<span class="edition-flag-tip" role="tooltip" id="tip-{uid}">'
    )


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


def _caption(node) -> str:
    title = f'<strong class="edition-figure-title">{escape(node["title"])}</strong> ' if node["title"] else ""
    desc = escape(node["description"])
    return f'<figcaption id="{escape(node["uid"])}-desc">{title}{desc}</figcaption>'


def visit_plotly_chart(self, node):
    uid = escape(node["uid"])
    config = {"responsive": True, "displaylogo": False}
    self.body.append(
        f'<figure class="edition-chart" aria-labelledby="{uid}-desc">'
        f'<div id="{uid}" class="edition-plotly" data-edition-chart="1"></div>{_caption(node)}</figure>'
        # The script follows the figure: HTML lets a figcaption be only the first or last child of a figure.
        # Drawn as soon as the parser reaches it (plotly.js is a blocking script in <head>), not at
        # DOMContentLoaded, which waits for every deferred theme script (fontawesome.js alone is 1.5 MB).
        f'<script>(function(){{var draw=function(){{'
        f'Plotly.newPlot("{uid}",{_script_json(node["figure"].get("data", []))},'
        f'{_script_json(node["figure"].get("layout", {}))},{_script_json(config)});}};'
        f'if(window.Plotly){{draw();}}else{{window.addEventListener("DOMContentLoaded",draw);}}}})();</script>\n')
    raise nodes.SkipNode


def visit_leaflet_map(self, node):
    uid = escape(node["uid"])
    self.body.append(
        f'<figure class="edition-map" aria-labelledby="{uid}-desc" data-edition-map="1">'
        f'<div class="edition-map-frame">{node["html"]}</div>{_caption(node)}</figure>'
        f'<script>window.addEventListener("DOMContentLoaded",function(){{{node["script"]}}});</script>\n')
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
