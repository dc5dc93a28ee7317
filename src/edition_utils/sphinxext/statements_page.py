"""The statement inventory (data/statements/*.csv): ``{edition-statements}`` with no argument is the overview, the
counts per source and assessment, each source linked to its own page; ``{edition-statements} SOURCE-ID`` is that
page, every statement of the source with its quote, kind and assessment, linked to its passage, notes and claims.

One page per source keeps each page light (873 statements on one page made 440 KB of HTML) and is the unit a reader
checks: one source's statements beside its chapter."""

from __future__ import annotations

from docutils import nodes

from .dependencies import SHOWN
from .directives import EditionDirective, _table
from .domain import doc_xref, xref

OVERVIEW_DOC = "chapters/apparatus/statements"

#: Statements were once all on the overview (statements.html#statement-<statement-id>); such a link is sent on to
#: the statement's place on its source's page. The source ID is the statement ID up to ".<passage>.s<n>".
OLD_ANCHORS = ('<script>(function(){var m=/^#statement-(([a-z0-9-]+)\\.[0-9]+\\.s[0-9]+)$/.exec(location.hash);'
               'if(m)location.replace("statements/"+m[2]+".html#statement-"+m[1]);})();</script>')


def page_of(source_id: str) -> str:
    """The docname of a source's statements page (chapters/apparatus/statements/<source-id>.md)."""
    return f"{OVERVIEW_DOC}/{source_id}"


class StatementsDirective(EditionDirective):
    """``{edition-statements} [SOURCE-ID]``: the overview of the statement inventory, or one source's statements."""

    optional_arguments = 1

    def run(self):
        # imported when a statements page is read, not at set-up: the inventory's pydantic models cost a no-change
        # rebuild, which reads no page, a fifth of a second
        from ..statements import coverage

        self.depend_on_data()
        ed = self.edition
        sources = [s for s in ed.registry.sources if s.status == "presented"]
        inventoried = {p.stem for p in (ed.root / "data" / "statements").glob("*.csv")}
        counts = dict(zip([s.id for s in sources],
                          coverage(ed.statements, ed.passages, [s.id for s in sources], inventoried)))
        if not self.arguments:
            return self.overview(sources, counts)
        src = self.source(self.arguments[0])
        if src.id not in counts:
            raise self.error(f"{src.id!r} is not a presented source: it has no statements page")
        return self.source_page(src, counts[src.id])

    # --- the overview ---------------------------------------------------------------------------------------------

    def overview(self, sources, counts) -> list[nodes.Node]:
        from ..statements import ASSESSMENTS, HEADINGS

        summary = []
        for src in sources:
            if page_of(src.id) not in self.env.found_docs:  # a source whose statements nobody could reach
                raise self.error(f"no statements page for {src.id!r}: add {page_of(src.id)}.md (with "
                                 f"{{edition-statements}} {src.id}) and list it in _toc.yml")
            c = counts[src.id]
            # the anchor statements-<source-id> stays where the source's section was (older links land here)
            name = nodes.paragraph(ids=[f"statements-{src.id}"])
            name += doc_xref(page_of(src.id), src.title)
            summary.append([name, f"{c.covered} of {c.passages}", c.statements if c.inventoried else "none yet",
                            *c.by_assessment.values()])
        total = {a: sum(c.by_assessment[a] for c in counts.values()) for a in ASSESSMENTS}
        summary.append([nodes.paragraph("", "", nodes.strong(text="All sources")),
                        f"{sum(c.covered for c in counts.values())} of {sum(c.passages for c in counts.values())}",
                        sum(c.statements for c in counts.values()), *total.values()])
        return [_table(["Source", "Passages covered", "Statements", *HEADINGS.values()], summary,
                       ["edition-statements-summary"], "Statements by source and assessment"),
                nodes.raw("", OLD_ANCHORS, format="html")]

    # --- one source's page ----------------------------------------------------------------------------------------

    def source_page(self, src, c) -> list[nodes.Node]:
        intro = nodes.paragraph()
        intro += nodes.Text("Every checkable statement of ")
        intro += doc_xref(src.chapter, src.title)
        intro += nodes.Text(", passage by passage, and how it was assessed (what the assessments mean, and the "
                            "other sources: ")
        intro += doc_xref(OVERVIEW_DOC, "Checkable statements and how each was assessed")
        intro += nodes.Text(").")
        if not c.inventoried:
            return [intro, nodes.paragraph(text=f"Not yet inventoried: its {c.passages} passages have no statement "
                                                f"rows (data/statements/{src.id}.csv does not exist).")]
        from ..statements import ASSESSMENTS

        parts = ", ".join(f"{n} {ASSESSMENTS[a]}" for a, n in c.by_assessment.items() if n)
        counted = nodes.paragraph(text=f"{c.statements} statements in {c.covered} of {c.passages} passages: "
                                       f"{parts or 'none'}.")
        notes = {n.id: n for n in self.edition.notes}
        rows = [self.row(src, st, notes) for st in self.edition.statements if st.source_id == src.id]
        return [intro, counted, _table(["Statement (passage)", "Quote", "Kind", "Assessment", "Note, claim or reason"],
                                       rows, ["edition-statements"])]

    def row(self, src, st, notes: dict) -> list:
        from ..statements import ASSESSMENTS

        cell = nodes.paragraph(ids=[f"statement-{st.statement_id}"])
        cell += xref("passage", st.passage, st.statement_id)
        quote = nodes.paragraph()
        # the source's words in its language (docutils writes class language-xx as lang="xx")
        quote += nodes.inline(text=st.quote, classes=[f"language-{src.language}"]) if st.quote else nodes.Text("—")
        return [cell, quote, st.kind, ASSESSMENTS[st.assessment], self.assessed_by(st, notes)]

    def assessed_by(self, st, notes: dict) -> nodes.paragraph:
        para = nodes.paragraph()
        for i, ref in enumerate(st.refs):
            if i:
                para += nodes.Text("; ")
            if ref in notes:
                source_id = notes[ref].passage.rsplit(".", 1)[0]
                if source_id != st.source_id:  # a note of another source: re-read this page when its links change
                    self.env.note_dependency(str(self.edition.root / SHOWN / f"note-links-{source_id}.json"))
                para += xref("note", ref, f"note {ref}")
            else:
                para += xref("claim", ref, f"claim {ref}")
        if st.reason:
            para += nodes.Text((": " if st.refs else "") + st.reason)
        return para
