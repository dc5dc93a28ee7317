"""The statement inventory page: ``{edition-statements}`` (data/statements/*.csv, one table per source)."""

from __future__ import annotations

from docutils import nodes

from .directives import EditionDirective, _table


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
