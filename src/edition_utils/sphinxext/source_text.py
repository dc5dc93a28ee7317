"""A source on its chapter: the header card, the passages with their highlights, note markers, translations and
index entries; quotations of a passage elsewhere, and the ``{passage}`` role."""

from __future__ import annotations

import re

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

from ..anchoring import locate, segments
from ..scales import CATEGORIES, FLAGS
from . import nodes as en
from .critical_notes import note_labels, note_marker, notes_list
from .directives import KINDS, LANGUAGES, EditionDirective, _numbers, _ranges, note_data
from .domain import of as domain_of, site_file, xref
from .state import edition as edition_of

logger = logging.getLogger(__name__)

#: A source's own footnote or reference number, e.g. "[2]": styled unlike the edition's note markers.
SOURCE_NUMBER = re.compile(r"\[\d{1,3}\]")


def seed_inlines(text: str) -> list[nodes.Node]:
    """Seed text as Text nodes, with the source's own footnote numbers wrapped so they look like the source's,
    not the edition's (the characters are unchanged)."""
    out, pos = [], 0
    for m in SOURCE_NUMBER.finditer(text):
        if m.start() > pos:
            out.append(nodes.Text(text[pos:m.start()]))
        out.append(nodes.inline(m.group(), m.group(), classes=["edition-source-number"]))
        pos = m.end()
    if pos < len(text):
        out.append(nodes.Text(text[pos:]))
    return out


def badge(env, src) -> en.flag_badge:
    """The source's reliability flag; its meaning on hover, focus or tap, with a link to the legend."""
    name, meaning = FLAGS[src.reliability]
    node = en.flag_badge(flag=src.reliability, uid=f"{src.id}-{env.new_serialno('edition-flag')}")
    node += nodes.Text(f"{src.reliability}: {name}. {meaning} Our assessment: {src.reliability_rationale}")
    node += nodes.Text(" ")
    node += xref("flag", src.reliability, "What the flags mean", ["edition-flag-legend"])
    return node


def _meta_rows(src) -> list[tuple[str, str]]:
    return [
        ("Author(s)", ", ".join(src.authors) or "not named in the seed"),
        ("Published by", src.publisher or "not identified"),
        ("Date", f"{src.date} ({src.date_precision})" if src.date else "not known"),
        ("Original language", LANGUAGES.get(src.language, src.language)),
        ("Kind", KINDS[src.kind]),
        ("Quoted from", src.original_work),
        ("Seed", f"{src.seed_file}, lines {_ranges(src.seed_lines)}"),
        ("Provenance", src.provenance),
        ("Rights", src.rights),
        ("Source ID", src.id),
    ]


def _tei_download(src) -> nodes.definition_list_item:
    """The source's own files: its TEI P5 document (written by the exports at the end of the build)."""
    item = nodes.definition_list_item()
    item += nodes.term(text="Download")
    para = nodes.paragraph()
    para += site_file("TEI P5 (XML)", f"edition/tei/{src.id}.xml", ["edition-download-tei"])
    para += nodes.Text(", with the critical notes, registers and (for texts not in English) our translation")
    item += nodes.definition("", para)
    return item


def header(env, src) -> nodes.container:
    """The source card: title, flag, Cite button and what we know of the source."""
    card = nodes.container(classes=["edition-source-card"], ids=[f"source-{src.id}"])
    domain_of(env).note_object("source", src.id, f"source-{src.id}")
    title = nodes.paragraph(classes=["edition-source-title"])
    title += nodes.strong(text=src.title)
    title += nodes.Text("  ")
    title += badge(env, src)
    title += nodes.Text(" ")
    title += en.cite(source=src.id, key="chapter", what=f"this edition of {src.title}")
    card += title
    dl = nodes.definition_list(classes=["edition-source-meta"])
    for term, value in _meta_rows(src):
        if value:
            item = nodes.definition_list_item()
            item += nodes.term(text=term)
            item += nodes.definition("", nodes.paragraph(text=value))
            dl += item
    dl += _tei_download(src)
    card += dl
    return card


def highlight_legend(ed, src) -> list[nodes.Node]:
    """What each highlight means (colour and underline per category, only those used here), and a button that
    turns highlights off (edition.js; remembered on the reader's device)."""
    cats = {n.category for p in ed.passages_of(src.id) for n in ed.notes_of(p.id)}
    if not cats:
        return []
    box = nodes.container(classes=["edition-highlight-legend"])
    para = nodes.paragraph()
    para += nodes.Text("Highlighted words carry a critical note (tap or click them, or the number after them): ")
    for i, key in enumerate(k for k in CATEGORIES if k in cats):
        if i:
            para += nodes.Text(" ")
        para += nodes.inline("", CATEGORIES[key].split(" (")[0], classes=["edition-legend-item", f"edition-cat-{key}"])
    para += nodes.raw("", ' <button type="button" class="edition-highlights-toggle" aria-pressed="true">'
                          'Highlights</button>', format="html")
    box += para
    return [box]


def index_entries(ed, pid: str) -> list:
    """Index entries (persons and places) pointing at this passage's anchor: the book's index is the register."""
    if not hasattr(ed, "_index_by_passage"):
        from ..registers import index_entries as entries

        def where(p):  # the index labels each link with its chapter and passage
            src = ed.registry.get(ed.passages_by_id[p].source_id)
            return f"{src.short_title}, passage {p}"

        ed._index_by_passage = entries(ed.person_rows, ed.place_rows or [], where)
    return ed._index_by_passage.get(pid, [])


def _seed_text(env, src, p, notes) -> en.seed_text:
    """The passage's words, noted spans highlighted and each followed by its note's marker."""
    text_node = en.seed_text(lang=src.language)
    spans = {note.id: locate(p.text, note.exact, note.prefix, note.suffix) for note in notes}
    by_id = {note.id: note for note in notes}
    for text, covering, ending in segments(p.text, spans):
        if covering:
            cats = [by_id[nid].category for nid in covering]
            text_node += en.note_span(text, "", *seed_inlines(text), notes=list(covering), category=cats[0])
        else:
            text_node.extend(seed_inlines(text))
        for nid in ending:
            text_node += note_marker(env, by_id[nid])
    return text_node


def _translation(env, tr, notes) -> en.translation:
    """Our translation beside the original, with the original's note markers in their order."""
    box = en.translation()
    box += nodes.paragraph(text=tr.translation)
    if notes:  # the English reader reaches the same notes: markers in the original's order
        on_original = nodes.paragraph(classes=["edition-translation-notes"])
        on_original += nodes.Text("Notes on the original: ")
        labels = note_labels(env)
        for note in sorted(notes, key=lambda n: labels[n.id]):
            on_original += note_marker(env, note, side="translation")
        box += on_original
    if tr.translator_notes:
        notes_list_node = nodes.bullet_list(classes=["edition-translator-notes"])
        for item in tr.translator_notes:
            notes_list_node += nodes.list_item("", nodes.paragraph(text=f"Translator's note: {item}"))
        box += notes_list_node
    return box


def passage_node(env, ed, src, p) -> en.passage:
    domain_of(env).note_object("passage", p.id, p.id)  # a passage shown twice: domain.check_consistency
    classes = ["edition-fiction"] if src.kind == "fiction" else []
    tr = ed.translations.get(p.id)
    if tr:
        classes.append("edition-parallel")
    # support_smartquotes=False: seed text keeps its straight quotes and dashes exactly.
    node = en.passage(pid=p.id, source=src.id, lang=src.language, classes=classes, ids=[p.id],
                      support_smartquotes=False)
    notes = ed.notes_of(p.id)
    node += _seed_text(env, src, p, notes)
    entries = index_entries(ed, p.id)
    if entries:
        node += addnodes.index(entries=entries)
    if tr:
        node += _translation(env, tr, notes)
    return node


class SourceDirective(EditionDirective):
    """``{edition-source} ID``: header card, passages (all, or ``:passages: 1-5``) and the source's notes."""

    required_arguments = 1
    option_spec = {"passages": directives.unchanged, "no-header": directives.flag, "no-notes": directives.flag}

    def passages(self, src) -> list[en.passage]:
        by_number = {p.number: p for p in self.edition.passages_of(src.id)}
        out = []
        for n in _numbers(self.options.get("passages", ""), len(by_number)):
            if n not in by_number:
                raise self.error(f"source {src.id!r} has no passage {n}")
            out.append(passage_node(self.env, self.edition, src, by_number[n]))
        return out

    def run(self):
        self.depend_on_data()
        src = self.source(self.arguments[0])
        if src.status != "presented":
            raise self.error(f"source {src.id!r} is {src.status}, not presented")
        if src.chapter != self.env.docname:
            logger.warning(f"source {src.id} is registered for chapter {src.chapter}, shown in {self.env.docname}",
                           location=self.get_location())
        out: list[nodes.Node] = [] if "no-header" in self.options else [header(self.env, src)]
        out.extend(highlight_legend(self.edition, src))
        body = nodes.container(classes=["edition-source-text"])
        body.extend(self.passages(src))
        out.append(body)
        if "no-notes" not in self.options:
            out.extend(notes_list(self, src))
        return out


class QuoteDirective(EditionDirective):
    """``{edition-quote} PASSAGE-ID``: quote a passage shown elsewhere, linked to its permalink (not a second copy
    of the passage: no anchor, and the passage still belongs to its own chapter)."""

    required_arguments = 1

    def run(self):
        self.depend_on_data()
        pid = self.arguments[0]
        passage = self.edition.passages_by_id.get(pid)
        if passage is None:
            raise self.error(f"unknown passage ID {pid!r}")
        src = self.edition.registry.get(passage.source_id)
        quote = nodes.block_quote(classes=["edition-quote"])
        text = en.seed_text(lang=src.language, support_smartquotes=False)
        text += nodes.Text(passage.text)
        quote += text
        cite = nodes.paragraph(classes=["edition-quote-source"])
        cite += nodes.Text("— ")
        cite += xref("passage", pid, f"{src.short_title}, passage {pid}")
        quote += cite
        return [quote]


class PassageRole(SphinxRole):
    """``{passage}`smilga-bio.12``: a link to a passage's permalink from anywhere in the book, resolved once every
    page has been read (edition domain)."""

    def run(self):
        note_data(self.env, "PassageRole", [], {})
        pid = self.text.strip()
        if pid not in edition_of(self.env.app).passages_by_id:
            msg = self.inliner.reporter.error(f"unknown passage ID {pid!r}", line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
        return [xref("passage", pid, pid, ["edition-passage-link"])], []
