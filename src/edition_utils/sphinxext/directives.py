"""Directives and roles with which a chapter says *which* source and passages to show; the text comes from seeds/."""

from __future__ import annotations

import posixpath
import re

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from ..anchoring import locate, segments
from ..downloads import DOWNLOADS, expand, grouped
from ..scales import CATEGORIES, CREDIBILITY, FLAGS
from . import nodes as en
from . import dependencies
from .domain import doc_xref, of as domain_of, xref
from .state import edition as edition_of, seed as seed_of

logger = logging.getLogger(__name__)

LANGUAGES = {"en": "English", "fi": "Finnish", "da": "Danish", "ru": "Russian"}
KINDS = {
    "primary-document": "Primary document", "memoir-or-quotation": "Memoir or quotation",
    "scholarly-secondary": "Scholarly secondary", "journalism": "Journalism", "encyclopaedia": "Encyclopaedia",
    "educational-website": "Educational website", "web-article": "Anonymous web article",
    "student-notes": "Student notes", "fiction": "Fiction", "site-chrome": "Site chrome", "spam": "Spam",
}


def _ranges(ranges) -> str:
    return ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in ranges)


def _numbers(spec: str, count: int) -> list[int]:
    """'1-5,8' -> [1, 2, 3, 4, 5, 8]; empty means all."""
    if not spec:
        return list(range(1, count + 1))
    out = []
    for part in spec.split(","):
        a, _, b = part.strip().partition("-")
        out.extend(range(int(a), int(b or a) + 1))
    return out


def cite_targets(cites) -> str:
    """A note's works as the target of a {cite:p} role. sphinxcontrib-bibtex's "key{post-text}" puts a locator
    after the year, "(Smele 2015, 1093; Figes 1996)"."""
    return ",".join(c.key + (f"{{{c.shown_locator}}}" if c.locator else "") for c in cites)


def note_data(env, kind: str, arguments: list[str], options: dict) -> None:
    domain_of(env).note_reader(env.docname)
    for path in dependencies.expand(edition_of(env.app).root, dependencies.files_for(kind, arguments, options)):
        env.note_dependency(str(path))


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


class EditionDirective(SphinxDirective):
    @property
    def edition(self):
        return edition_of(self.env.app)

    def uri(self, docname: str, anchor: str = "") -> str:
        """Deprecated (resolved while reading): link with domain.xref or domain.doc_xref instead."""
        builder = self.env.app.builder
        return builder.get_relative_uri(self.env.docname, docname) + (f"#{anchor}" if anchor else "")

    def depend_on_data(self):
        """Re-read this page when a data file it shows changes (the files: sphinxext/dependencies.py)."""
        note_data(self.env, type(self).__name__, self.arguments, self.options)

    def source(self, source_id: str):
        try:
            return self.edition.registry.get(source_id)
        except KeyError:
            raise self.error(f"unknown source id {source_id!r} (not in data/sources.yml)") from None

    def badge(self, src) -> en.flag_badge:
        name, meaning = FLAGS[src.reliability]
        badge = en.flag_badge(flag=src.reliability, uid=f"{src.id}-{self.env.new_serialno('edition-flag')}")
        badge += nodes.Text(f"{src.reliability}: {name}. {meaning} Our assessment: {src.reliability_rationale}")
        badge += nodes.Text(" ")
        badge += xref("flag", src.reliability, "What the flags mean", ["edition-flag-legend"])
        return badge

    def header(self, src) -> nodes.container:
        card = nodes.container(classes=["edition-source-card"], ids=[f"source-{src.id}"])
        domain_of(self.env).note_object("source", src.id, f"source-{src.id}")
        title = nodes.paragraph(classes=["edition-source-title"])
        title += nodes.strong(text=src.title)
        title += nodes.Text("  ")
        title += self.badge(src)
        title += nodes.Text(" ")
        title += en.cite(source=src.id, key="chapter", what=f"this edition of {src.title}")
        card += title
        rows = [
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
        dl = nodes.definition_list(classes=["edition-source-meta"])
        for term, value in rows:
            if value:
                item = nodes.definition_list_item()
                item += nodes.term(text=term)
                item += nodes.definition("", nodes.paragraph(text=value))
                dl += item
        dl += self.downloads(src)
        card += dl
        return card

    def downloads(self, src) -> nodes.definition_list_item:
        """The source's own files: its TEI P5 document (written by the exports at the end of the build)."""
        item = nodes.definition_list_item()
        item += nodes.term(text="Download")
        para = nodes.paragraph()
        here = posixpath.dirname(self.env.docname) or "."
        para += nodes.reference("", "TEI P5 (XML)", refuri=posixpath.relpath(f"edition/tei/{src.id}.xml", here),
                                classes=["edition-download-tei"])
        para += nodes.Text(", with the critical notes, registers and (for texts not in English) our translation")
        item += nodes.definition("", para)
        return item

    def passage_nodes(self, src, numbers: list[int]) -> list[nodes.Node]:
        out = []
        passages = {p.number: p for p in self.edition.passages_of(src.id)}
        for n in numbers:
            p = passages.get(n)
            if p is None:
                raise self.error(f"source {src.id!r} has no passage {n}")
            domain_of(self.env).note_object("passage", p.id, p.id)  # a passage shown twice: domain.check_consistency
            classes = ["edition-fiction"] if src.kind == "fiction" else []
            # support_smartquotes=False: seed text keeps its straight quotes and dashes exactly.
            tr = self.edition.translations.get(p.id)
            if tr:
                classes.append("edition-parallel")
            node = en.passage(pid=p.id, source=src.id, lang=src.language, classes=classes, support_smartquotes=False)
            text_node = en.seed_text(lang=src.language)
            notes = self.edition.notes_of(p.id)
            spans = {note.id: locate(p.text, note.exact, note.prefix, note.suffix) for note in notes}
            by_id = {note.id: note for note in notes}
            for text, covering, ending in segments(p.text, spans):
                if covering:
                    cats = [by_id[nid].category for nid in covering]
                    text_node += en.note_span(text, "", *seed_inlines(text), notes=list(covering), category=cats[0])
                else:
                    text_node.extend(seed_inlines(text))
                for nid in ending:
                    text_node += self.note_marker(by_id[nid])
            node += text_node
            entries = self.index_entries(p.id)
            if entries:
                node += addnodes.index(entries=entries)
            if tr:
                box = en.translation()
                box += nodes.paragraph(text=tr.translation)
                if notes:  # the English reader reaches the same notes: markers in the original's order
                    on_original = nodes.paragraph(classes=["edition-translation-notes"])
                    on_original += nodes.Text("Notes on the original: ")
                    labels = self.note_labels()
                    for note in sorted(notes, key=lambda n: labels[n.id]):
                        on_original += self.note_marker(note, side="translation")
                    box += on_original
                if tr.translator_notes:
                    notes_list = nodes.bullet_list(classes=["edition-translator-notes"])
                    for item in tr.translator_notes:
                        notes_list += nodes.list_item("", nodes.paragraph(text=f"Translator's note: {item}"))
                    box += notes_list
                node += box
            out.append(node)
        return out

    def index_entries(self, pid: str) -> list:
        """Index entries (persons and places) pointing at this passage's anchor: the book's index is the register."""
        ed = self.edition
        if not hasattr(ed, "_index_by_passage"):
            from ..registers import index_entries

            def where(p):  # the index labels each link with its chapter and passage
                src = ed.registry.get(ed.passages_by_id[p].source_id)
                return f"{src.short_title}, passage {p}"

            ed._index_by_passage = index_entries(ed.persons, ed.places, where)
        return ed._index_by_passage.get(pid, [])

    def note_labels(self) -> dict[str, int]:
        """This page's note numbers (markers and list alike), by note ID, in order of first use on the page."""
        return self.env.temp_data.setdefault("edition_note_labels", {})

    def note_marker(self, note, side: str = "original") -> en.note_ref:
        """The marker links to the note in the list; edition.js opens the whole note there in a popover."""
        label = self.note_labels()
        number = label.setdefault(note.id, len(label) + 1)
        return en.note_ref(note_id=note.id, category=note.category, category_label=CATEGORIES[note.category],
                           label=str(number), href=f"#{note.anchor}", side=side)

    def highlight_legend(self, src) -> list[nodes.Node]:
        """What each highlight means (colour and underline per category, only those used here), and a button that
        turns highlights off (edition.js; remembered on the reader's device)."""
        cats = {n.category for p in self.edition.passages_of(src.id) for n in self.edition.notes_of(p.id)}
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

    def works_cited(self, note) -> nodes.paragraph:
        """The published works a note relies on, as sphinxcontrib-bibtex citations (author, year) linked to the
        bibliography page; written as the MyST role a chapter would use, so the extension records them itself."""
        para = nodes.paragraph(classes=["edition-note-works"])
        para += nodes.Text("Published works: ")
        refs, messages = self.state.inline_text(f"{{cite:p}}`{cite_targets(note.cite)}`", self.lineno)
        para.extend(refs + messages)
        return para

    def notes_list(self, src) -> list[nodes.Node]:
        notes = [n for p in self.edition.passages_of(src.id) for n in self.edition.notes_of(p.id)]
        if not notes:
            return []
        serial = self.env.new_serialno("edition-critical-notes")
        section = nodes.section(ids=["critical-notes" if serial == 0 else f"critical-notes-{serial}"],
                                classes=["edition-notes-section"])
        section += nodes.title(text="Critical notes")
        intro = nodes.paragraph(classes=["edition-notes-intro"])
        intro += nodes.Text(f"On {src.title}: {len(notes)} notes, numbered as their markers in the text. ")
        intro += doc_xref(self.config.edition_legend_doc, "What the categories and credibility grades mean")
        intro += nodes.Text(".")
        section += intro
        items = nodes.enumerated_list(classes=["edition-notes"])
        labels = self.note_labels()
        for note in notes:
            labels.setdefault(note.id, len(labels) + 1)
        notes.sort(key=lambda n: labels[n.id])  # the list's numbers are the markers' numbers
        start = labels[notes[0].id]
        if start != 1:
            items["start"] = start
        for note in notes:
            item = nodes.list_item(ids=[note.anchor], classes=["edition-note", f"edition-cat-{note.category}"])
            domain_of(self.env).note_object("note", note.id, note.anchor)
            head = nodes.paragraph(classes=["edition-note-head"])
            head += nodes.reference("", f"↑ {note.passage}", refuri=f"#ref-{note.anchor}", classes=["edition-note-back"])
            head += nodes.Text(" · ")
            head += nodes.strong(text=CATEGORIES[note.category])
            cred = CREDIBILITY[note.credibility][0]
            head += nodes.Text(f" · credibility {note.credibility} ({cred}) · on “")
            head += nodes.emphasis(text=note.exact)
            head += nodes.Text("” ")
            head += en.cite(source=src.id, key=note.anchor, what=f"critical note {note.id}")
            item += head
            item += nodes.paragraph(text=note.body)
            if note.checked:
                checked = nodes.paragraph(classes=["edition-note-checked"])
                checked += nodes.Text("Checked: " if note.verified else "Consulted (not conclusive): ")
                for i, ref in enumerate(note.checked):
                    if i:
                        checked += nodes.Text("; ")
                    label = ", ".join(x for x in (ref.title, ref.site) if x)
                    checked += (nodes.reference("", label, refuri=ref.url) if ref.url else nodes.Text(label))
                    if ref.consulted:
                        checked += nodes.Text(f" (consulted {ref.consulted.isoformat()})")
                item += checked
            if note.cite:
                item += self.works_cited(note)
            items += item
        section += items
        return [section]


def hoist_notes(app, doctree) -> None:
    """A chapter's "Critical notes" section, written where the passages end (inside their section), is moved to
    follow that section, so it is a heading of the chapter's own level in the page contents."""
    for section in list(doctree.findall(lambda n: isinstance(n, nodes.section)
                                        and "edition-notes-section" in n["classes"])):
        parent = section.parent
        while parent is not None and not isinstance(parent, nodes.section):
            parent = parent.parent
        if parent is None or not isinstance(parent.parent, nodes.section):
            continue  # already at the top level of the page
        section.parent.remove(section)
        grand = parent.parent
        grand.insert(grand.index(parent) + 1, section)


def drop_stub_download(app, pagename, templatename, context, doctree) -> None:
    """A source chapter's Markdown file is a directive stub ("{edition-source} ID"), not its text: its ".md"
    download is removed (the text and its notes are on the Downloads page; ".pdf" prints the chapter)."""
    if doctree is None or next(iter(doctree.findall(en.passage)), None) is None:
        return
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            group["buttons"] = [b for b in group["buttons"] if b.get("label") != "download-source-button"]


class DownloadsDirective(EditionDirective):
    """The Downloads page: every file in downloads.DOWNLOADS, grouped, with what it is, its format and licence."""

    def run(self):
        self.depend_on_data()
        sources = [s.id for s in self.edition.registry.presented]
        out = []
        for group, items in grouped(DOWNLOADS):
            out.append(nodes.rubric(text=group))
            for d, files in expand(items, sources):
                box = nodes.container(classes=["edition-download"])
                head = nodes.paragraph(classes=["edition-download-title"])
                head += nodes.strong(text=d.title)
                box += head
                box += nodes.paragraph(text=d.what)
                links = nodes.paragraph(classes=["edition-download-files"])
                links += nodes.Text("Download: " if len(files) == 1 else "One file per source: ")
                for i, (label, path) in enumerate(files):
                    if i:
                        links += nodes.Text(", ")
                    links += nodes.reference("", label, refuri=_site_relative(self.env.docname, path),
                                             classes=["edition-download-link"])
                box += links
                meta = nodes.paragraph(classes=["edition-download-meta"])
                meta += nodes.Text(f"Format: {d.format}. Licence: {d.licence}.")
                box += meta
                out.append(box)
        return out


def _site_relative(docname: str, path: str) -> str:
    """A site-root path as seen from a page: chapters/front/downloads -> ../../edition/x.json."""
    return "../" * docname.count("/") + path


class SourceDirective(EditionDirective):
    """``{edition-source} ID``: header card, passages (all, or ``:passages: 1-5``) and the source's notes."""

    required_arguments = 1
    option_spec = {"passages": directives.unchanged, "no-header": directives.flag, "no-notes": directives.flag}

    def run(self):
        self.depend_on_data()
        src = self.source(self.arguments[0])
        if src.status != "presented":
            raise self.error(f"source {src.id!r} is {src.status}, not presented")
        if src.chapter != self.env.docname:
            logger.warning(f"source {src.id} is registered for chapter {src.chapter}, shown in {self.env.docname}",
                           location=self.get_location())
        count = len(self.edition.passages_of(src.id))
        out: list[nodes.Node] = [] if "no-header" in self.options else [self.header(src)]
        out.extend(self.highlight_legend(src))
        body = nodes.container(classes=["edition-source-text"])
        body.extend(self.passage_nodes(src, _numbers(self.options.get("passages", ""), count)))
        out.append(body)
        if "no-notes" not in self.options:
            out.extend(self.notes_list(src))
        return out


class NotesDirective(EditionDirective):
    """``{edition-notes} ID``: the list of a source's notes, where a chapter shows its passages in pieces."""

    required_arguments = 1

    def run(self):
        self.depend_on_data()
        return self.notes_list(self.source(self.arguments[0]))


class ExcludedDirective(EditionDirective):
    """The appendix: every excluded or duplicate unit, its reason, and its text shown literally."""

    def run(self):
        self.depend_on_data()
        out = []
        for src in self.edition.registry.sources:
            if src.status == "presented":
                continue
            box = nodes.container(classes=["edition-excluded", f"edition-{src.status}"], ids=[f"source-{src.id}"])
            domain_of(self.env).note_object("source", src.id, f"source-{src.id}")
            head = nodes.paragraph()
            head += nodes.strong(text=src.title)
            head += nodes.Text(f" — {src.seed_file}, lines {_ranges(src.seed_lines)} · {KINDS[src.kind]} · {src.status}")
            box += head
            if src.status == "duplicate":
                target = self.edition.registry.get(src.duplicate_of)
                why = nodes.paragraph(text="Not presented twice: these lines repeat ")
                label = f"{target.title}, lines {_ranges(src.duplicate_of_lines)}"
                why += doc_xref(target.chapter, label) if target.chapter else nodes.Text(label)
                why += nodes.Text(f" verbatim (checked at every build). {src.provenance}")
            else:
                why = nodes.paragraph(text=f"Why it is left out: {src.exclusion_reason}")
            box += why
            seed = seed_of(self.env.app, src.seed_file)
            text = "\n".join(seed.line(n) for n in src.lines)
            box += nodes.literal_block(text, text, language="none", classes=["edition-excluded-text"])
            out.append(box)
        return out


class SourcesTableDirective(EditionDirective):
    """Every source unit with its kind, status and reliability flag (and its note count by category);
    ``:presented-only:`` lists only the presented sources (the landing page summarises the rest in words)."""

    option_spec = {"presented-only": directives.flag}

    def run(self):
        self.depend_on_data()
        only = "presented-only" in self.options
        cats = list(CATEGORIES)
        table = nodes.table(classes=["edition-sources-table"])
        headers = ["Source", "Kind", "Status", "Flag", "Passages", "Notes"]
        group = nodes.tgroup(cols=len(headers))
        table += group
        for _ in headers:
            group += nodes.colspec(colwidth=1)
        thead = nodes.thead()
        group += thead
        row = nodes.row()
        for h in headers:
            row += nodes.entry("", nodes.paragraph(text=h))
        thead += row
        tbody = nodes.tbody()
        group += tbody
        for src in self.edition.registry.sources:
            if only and src.status != "presented":
                continue
            row = nodes.row()
            title = nodes.paragraph()
            title += doc_xref(src.chapter, src.short_title) if src.chapter else xref("source", src.id, src.short_title)
            passages = self.edition.passages_of(src.id)
            notes = [n for p in passages for n in self.edition.notes_of(p.id)]
            by_cat = ", ".join(f"{CATEGORIES[c].split(' (')[0]}: {sum(n.category == c for n in notes)}"
                               for c in cats if any(n.category == c for n in notes))
            flag = nodes.paragraph()
            flag += self.badge(src)
            cells = [title, nodes.paragraph(text=KINDS[src.kind]), nodes.paragraph(text=src.status), flag,
                     nodes.paragraph(text=str(len(passages))),
                     nodes.paragraph(text=f"{len(notes)}" + (f" ({by_cat})" if by_cat else ""))]
            for cell in cells:
                row += nodes.entry("", cell)
            tbody += row
        return [table]


class ScaleDirective(EditionDirective):
    """Definitions of the two Admiralty scales and of the note categories, each with its own anchor."""

    def run(self):
        self.depend_on_data()
        out = []
        for heading, prefix, scale in (
            ("Source reliability", "flag", {k: v for k, v in FLAGS.items()}),
            ("Information credibility", "cred", {str(k): v for k, v in CREDIBILITY.items()}),
        ):
            out.append(nodes.rubric(text=heading))
            dl = nodes.definition_list(classes=["edition-scale"])
            for key, (name, meaning) in scale.items():
                item = nodes.definition_list_item()
                item += nodes.term(text=f"{key} — {name}", ids=[f"{prefix}-{key}"])
                if prefix == "flag":
                    domain_of(self.env).note_object("flag", key, f"flag-{key}")
                item += nodes.definition("", nodes.paragraph(text=meaning))
                dl += item
            out.append(dl)
        out.append(nodes.rubric(text="Categories of critical notes"))
        bl = nodes.bullet_list()
        for key, label in CATEGORIES.items():
            bl += nodes.list_item("", nodes.paragraph(text=label), ids=[f"cat-{key}"])
        out.append(bl)
        return out


class PassageRole(SphinxRole):
    """``{passage}`smilga-bio.12``: a link to a passage's permalink from anywhere in the book."""

    def run(self):
        edition = edition_of(self.env.app)
        note_data(self.env, "PassageRole", [], {})
        pid = self.text.strip()
        if pid not in edition.passages_by_id:
            msg = self.inliner.reporter.error(f"unknown passage ID {pid!r}", line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
        return [xref("passage", pid, pid, ["edition-passage-link"])], []


class NotebookLinkDirective(EditionDirective):
    """A link to this chapter as a Jupyter notebook (.ipynb), written beside the page at build-finished."""

    option_spec = {"data": directives.unchanged}  # the data files the notebook reads: it re-runs when they change

    def run(self):
        self.depend_on_data()
        domain_of(self.env).note_reader(self.env.docname, notebook=True)
        name = self.env.docname.rsplit("/", 1)[-1] + ".ipynb"
        para = nodes.paragraph(classes=["edition-notebook-link"])
        para += nodes.Text("Run this chapter yourself: ")
        para += nodes.reference("", f"download it as a Jupyter notebook ({name})", refuri=name)
        para += nodes.Text(" and open it in Jupyter anywhere: its first cell installs the edition's package, with "
                           "the data, when it is missing (or use make lab in a clone of the edition's repository).")
        return [para]


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


def _table(headers: list[str], rows: list[list], classes: list[str] | None = None, caption: str = "") -> nodes.table:
    """A docutils table from rows of cells (str or docutils nodes)."""
    table = nodes.table(classes=classes or [])
    if caption:
        table += nodes.title(text=caption)
    group = nodes.tgroup(cols=len(headers))
    table += group
    for _ in headers:
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    group += head
    row = nodes.row()
    for h in headers:
        row += nodes.entry("", nodes.paragraph(text=h))
    head += row
    body = nodes.tbody()
    group += body
    for cells in rows:
        row = nodes.row()
        for cell in cells:
            if isinstance(cell, nodes.Node):
                row += nodes.entry("", cell)
            else:
                row += nodes.entry("", nodes.paragraph(text=str(cell)))
        body += row
    return table


class ClaimsDirective(EditionDirective):
    """``{edition-claims} SUBJECT-FILTER``: the claims register (data/claims.csv) as tables linked to passages."""

    optional_arguments = 1
    final_argument_whitespace = True

    def passage_link(self, pid: str) -> nodes.paragraph:
        return nodes.paragraph("", "", xref("passage", pid, pid))

    def run(self):
        self.depend_on_data()
        claims = self.edition.claims
        wanted = self.arguments[0] if self.arguments else None
        if wanted == "smilga":
            claims = claims[claims["subject"] == "Ivar Smilga"]
        elif wanted == "nakhchivan":
            claims = claims[claims["source_id"] == "nakhchivan-assr"]
        titles = self.edition.source_titles
        # each claim row carries the anchor claim-<claim_id> (the statement inventory links to it); a claim shown in
        # two tables of one page (a claim about Smilga in the Nakhchivan article) is anchored in the first only
        anchored = self.env.temp_data.setdefault("edition_claim_anchors", set())
        rows = []
        for r in claims.itertuples():
            ids = [] if r.claim_id in anchored else [f"claim-{r.claim_id}"]
            anchored.add(r.claim_id)
            rows.append([nodes.paragraph(text=r.property if wanted == "smilga" else f"{r.subject}: {r.property}",
                                         ids=ids), f"{r.value} ({r.precision})",
                         titles[r.source_id], self.passage_link(r.passage), r.assessment, r.reason])
        return [_table(["Claim", "Value (precision)", "Source", "Passage", "Our assessment", "Reason"], rows,
                       ["edition-claims"])]


class RegisterDirective(EditionDirective):
    """``{edition-register} persons|places``: every person or place with names, dates or position, and links to
    the passages that name them."""

    required_arguments = 1

    def links(self, pids: list[str]) -> nodes.paragraph:
        para = nodes.paragraph()
        for i, pid in enumerate(pids):
            if i:
                para += nodes.Text(", ")
            para += xref("passage", pid, pid)
        return para

    def run(self):
        self.depend_on_data()
        if self.arguments[0] == "persons":
            from ..registers import by_surname

            people = by_surname(self.edition.persons)  # by surname, with an A-Z jump to each letter
            letters = list(dict.fromkeys(people["letter"]))
            jump = nodes.bullet_list(classes=["edition-az"])
            for ch in letters:
                jump += nodes.list_item("", nodes.paragraph("", "", nodes.reference(
                    "", ch, refid=f"persons-{ch.lower()}", reftitle=f"Persons: {ch}")))
            out = [nodes.container("", nodes.rubric(text="Jump to a letter"), jump, classes=["edition-az-nav"])]
            for ch in letters:
                rows = []
                for r in people[people["letter"] == ch].itertuples():
                    name = nodes.paragraph(ids=[f"person-{r.person_id}"])
                    name += nodes.strong(text=r.sort_name)
                    dates = f"{r.born or '?'} – {r.died or '?'}" if (r.born or r.died) else "not verified here"
                    rows.append([name, " · ".join(r.spellings), dates, r.role, self.links(r.passages)])
                out.append(nodes.paragraph(text=ch, ids=[f"persons-{ch.lower()}"], classes=["edition-az-letter"]))
                out.append(_table(["Name", "As written in the sources", "Dates", "Role", "Named in"], rows,
                                  ["edition-register"]))
            return out
        places = self.edition.places.sort_values("name_en")
        rows = []
        for r in places.itertuples():
            name = nodes.paragraph(ids=[f"place-{r.place_id}"])
            name += nodes.strong(text=r.name_en)
            where = "not located (no gazetteer entry; not guessed)" if r.precision == "unlocated" else \
                f"{r.lat:.4f}, {r.lon:.4f} ({r.precision})"
            rows.append([name, r.name_in_text, r.names_alt.replace("|", ", ") or "—", where, r.coord_source,
                         self.links(r.passages) if r.passages else "—"])
        return [_table(["Place", "In the text", "Other names", "Position", "Position from", "Named in"], rows,
                       ["edition-register"])]


class StatementsDirective(EditionDirective):
    """``{edition-statements}``: the statement inventory (data/statements/*.csv), by source: counts per
    assessment, then every statement with its quote, kind and assessment, linked to its passage, notes and claims."""

    claims_doc = "chapters/apparatus/claims"

    def link(self, text: str, docname: str, anchor: str) -> nodes.reference:
        return nodes.reference("", text, refuri=self.uri(docname, anchor))

    def assessed_by(self, st, notes: dict) -> nodes.paragraph:
        para = nodes.paragraph()
        for i, ref in enumerate(st.refs):
            if i:
                para += nodes.Text("; ")
            if ref in notes:
                chapter = self.edition.registry.get(notes[ref].passage.rsplit(".", 1)[0]).chapter
                para += self.link(f"note {ref}", chapter, notes[ref].anchor)
            else:
                para += self.link(f"claim {ref}", self.claims_doc, f"claim-{ref}")
        if st.reason:
            para += nodes.Text((": " if st.refs else "") + st.reason)
        return para

    def run(self):
        from ..statements import ASSESSMENTS, HEADINGS, coverage

        self.depend_on_data()
        ed = self.edition
        sources = [s for s in ed.registry.sources if s.status == "presented"]
        inventoried = {p.stem for p in (ed.root / "data" / "statements").glob("*.csv")}
        counts = coverage(ed.statements, ed.passages, [s.id for s in sources], inventoried)
        summary = []
        for src, c in zip(sources, counts):
            name = nodes.paragraph()
            name += nodes.reference("", src.title, refuri=f"#statements-{src.id}")
            summary.append([name, f"{c.covered} of {c.passages}", c.statements if c.inventoried else "none yet",
                            *c.by_assessment.values()])
        total = {a: sum(c.by_assessment[a] for c in counts) for a in ASSESSMENTS}
        summary.append([nodes.paragraph("", "", nodes.strong(text="All sources")),
                        f"{sum(c.covered for c in counts)} of {sum(c.passages for c in counts)}",
                        sum(c.statements for c in counts), *total.values()])
        out: list[nodes.Node] = [_table(["Source", "Passages covered", "Statements", *HEADINGS.values()], summary,
                                        ["edition-statements-summary"], "Statements by source and assessment")]
        notes = {n.id: n for n in ed.notes}
        by_source: dict[str, list] = {}
        for st in ed.statements:
            by_source.setdefault(st.source_id, []).append(st)
        for src, c in zip(sources, counts):
            head = nodes.rubric(ids=[f"statements-{src.id}"])
            head += nodes.reference("", src.title, refuri=self.uri(src.chapter))
            out.append(head)
            if not c.inventoried:
                out.append(nodes.paragraph(text=f"Not yet inventoried: its {c.passages} passages have no statement "
                                                f"rows (data/statements/{src.id}.csv does not exist)."))
                continue
            parts = ", ".join(f"{n} {ASSESSMENTS[a]}" for a, n in c.by_assessment.items() if n)
            out.append(nodes.paragraph(text=f"{c.statements} statements in {c.covered} of {c.passages} passages: "
                                            f"{parts or 'none'}."))
            rows = []
            for st in by_source.get(src.id, []):
                cell = nodes.paragraph(ids=[f"statement-{st.statement_id}"])
                cell += self.link(st.statement_id, src.chapter, st.passage)
                quote = nodes.paragraph()
                # the source's words in its language (docutils writes class language-xx as lang="xx")
                quote += nodes.inline(text=st.quote, classes=[f"language-{src.language}"]) if st.quote else \
                    nodes.Text("—")
                rows.append([cell, quote, st.kind, ASSESSMENTS[st.assessment], self.assessed_by(st, notes)])
            out.append(_table(["Statement (passage)", "Quote", "Kind", "Assessment", "Note, claim or reason"], rows,
                              ["edition-statements"]))
        return out
