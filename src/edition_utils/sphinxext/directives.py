"""The base of the edition's directives, and the helpers they share. A chapter says *which* source and passages to
show; the text comes from seeds/. The directives live beside their component: source_text (sources, passages,
quotations, the passage role), critical_notes, apparatus (sources table, scales, excluded units, claims,
registers), downloads_page."""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from . import dependencies
from .domain import of as domain_of
from .state import edition as edition_of

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
