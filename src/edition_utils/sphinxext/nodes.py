"""Docutils nodes of the edition and their HTML. Text stays in Text children, so Sphinx escapes it and indexes it
for search; only the wrappers are written here."""

from __future__ import annotations

from html import escape

from docutils import nodes


class passage(nodes.General, nodes.Element):
    """One passage: anchor = passage ID, a visible permalink with its number, the literal text."""


class note_span(nodes.Inline, nodes.TextElement):
    """The quoted span a critical note is anchored to."""


class note_ref(nodes.Inline, nodes.Element):
    """The marker after a noted span: a link to the note, with the note readable in place on hover or focus."""


class flag_badge(nodes.Inline, nodes.Element):
    """A source-reliability badge whose meaning shows on hover, focus or tap, linking to the scale's legend."""


def visit_passage(self, node):
    pid = escape(node["pid"])
    self.body.append(
        f'<div class="edition-passage{" " + " ".join(node["classes"]) if node["classes"] else ""}" '
        f'id="{pid}" data-passage="{pid}" data-source="{escape(node["source"])}">'
        f'<a class="edition-permalink" href="#{pid}" title="Permalink to passage {pid}" '
        f'aria-label="Passage {pid}, permalink">{pid}</a>'
        f'<p class="edition-text" lang="{escape(node["lang"])}">'
    )


def depart_passage(self, node):
    self.body.append("</p></div>\n")


def visit_note_span(self, node):
    self.body.append(f'<mark class="edition-noted" data-notes="{escape(" ".join(node["notes"]))}">')


def depart_note_span(self, node):
    self.body.append("</mark>")


def visit_note_ref(self, node):
    nid = escape(node["note_id"])
    self.body.append(
        f'<span class="edition-note-wrap"><a class="edition-note-ref edition-cat-{escape(node["category"])}" '
        f'href="{escape(node["href"])}" id="ref-note-{nid}" aria-describedby="pop-note-{nid}">'
        f'<sup>[{escape(node["label"])}]</sup></a>'
        f'<span class="edition-note-pop" role="tooltip" id="pop-note-{nid}">'
    )


def depart_note_ref(self, node):
    self.body.append("</span></span>")


def visit_flag_badge(self, node):
    flag, uid = escape(node["flag"]), escape(node["uid"])
    self.body.append(
        f'<span class="edition-flag-wrap"><button type="button" class="edition-flag edition-flag-{flag}" '
        f'aria-describedby="tip-{uid}" aria-expanded="false" data-tip="tip-{uid}">'
        f'Reliability {flag}</button>'
        f'<span class="edition-flag-tip" role="tooltip" id="tip-{uid}">'
    )


def depart_flag_badge(self, node):
    self.body.append(
        f' <a class="edition-flag-legend" href="{escape(node["legend"])}">What the flags mean</a></span></span>')


def skip(self, node):  # non-HTML builders: render children only
    pass


HTML_NODES = {
    passage: (visit_passage, depart_passage),
    note_span: (visit_note_span, depart_note_span),
    note_ref: (visit_note_ref, depart_note_ref),
    flag_badge: (visit_flag_badge, depart_flag_badge),
}
