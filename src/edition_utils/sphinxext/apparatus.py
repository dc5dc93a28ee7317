"""The apparatus pages: the table of sources, the legend of the scales, the excluded units, the claims register
and the registers of persons and places. Every passage they name is a link resolved by the edition domain."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives

from ..scales import CATEGORIES, CREDIBILITY, FLAGS
from .directives import KINDS, EditionDirective, _ranges, _table
from . import nodes as en
from .domain import doc_xref, of as domain_of, xref
from .source_text import badge
from .state import seed as seed_of


def passage_links(pids: list[str]) -> nodes.paragraph:
    """Links to passages, separated by commas."""
    para = nodes.paragraph()
    for i, pid in enumerate(pids):
        if i:
            para += nodes.Text(", ")
        para += xref("passage", pid, pid)
    return para


class ExcludedDirective(EditionDirective):
    """The appendix: every excluded or duplicate unit, its reason, and its text shown literally."""

    def why(self, src) -> nodes.paragraph:
        if src.status != "duplicate":
            return nodes.paragraph(text=f"Why it is left out: {src.exclusion_reason}")
        target = self.edition.registry.get(src.duplicate_of)
        why = nodes.paragraph(text="Not presented twice: these lines repeat ")
        label = f"{target.title}, lines {_ranges(src.duplicate_of_lines)}"
        why += doc_xref(target.chapter, label) if target.chapter else nodes.Text(label)
        why += nodes.Text(f" verbatim (checked at every build). {src.provenance}")
        return why

    def unit(self, src) -> nodes.container:
        box = nodes.container(classes=["edition-excluded", f"edition-{src.status}"], ids=[f"source-{src.id}"])
        domain_of(self.env).note_object("source", src.id, f"source-{src.id}")
        head = nodes.paragraph()
        head += nodes.strong(text=src.title)
        head += nodes.Text(f" — {src.seed_file}, lines {_ranges(src.seed_lines)} · {KINDS[src.kind]} · {src.status}")
        box += head
        box += self.why(src)
        seed = seed_of(self.env.app, src.seed_file)
        text = "\n".join(seed.line(n) for n in src.lines)
        # shown as a passage's text is (line breaks, spaces and straight quotes kept), not as a code block, which
        # made this page load a code highlighter's stylesheet and copy buttons (four requests) for text, not code
        box += en.seed_text(text, text, lang=src.language, classes=["edition-excluded-text"],
                            support_smartquotes=False)
        return box

    def run(self):
        self.depend_on_data()
        return [self.unit(src) for src in self.edition.registry.sources if src.status != "presented"]


class SourcesTableDirective(EditionDirective):
    """Every source unit with its kind, status and reliability flag (and its note count by category);
    ``:presented-only:`` lists only the presented sources (the landing page summarises the rest in words)."""

    option_spec = {"presented-only": directives.flag}

    def row(self, src) -> list[nodes.Node]:
        title = nodes.paragraph()
        title += doc_xref(src.chapter, src.short_title) if src.chapter else xref("source", src.id, src.short_title)
        passages = self.edition.passages_of(src.id)
        notes = [n for p in passages for n in self.edition.notes_of(p.id)]
        by_cat = ", ".join(f"{CATEGORIES[c].split(' (')[0]}: {sum(n.category == c for n in notes)}"
                           for c in CATEGORIES if any(n.category == c for n in notes))
        flag = nodes.paragraph()
        flag += badge(self.env, src)
        return [title, nodes.paragraph(text=KINDS[src.kind]), nodes.paragraph(text=src.status), flag,
                nodes.paragraph(text=str(len(passages))),
                nodes.paragraph(text=f"{len(notes)}" + (f" ({by_cat})" if by_cat else ""))]

    def run(self):
        self.depend_on_data()
        only = "presented-only" in self.options
        rows = [self.row(src) for src in self.edition.registry.sources if not only or src.status == "presented"]
        return [_table(["Source", "Kind", "Status", "Flag", "Passages", "Notes"], rows, ["edition-sources-table"])]


class ScaleDirective(EditionDirective):
    """Definitions of the two Admiralty scales and of the note categories, each with its own anchor."""

    def scale(self, prefix: str, scale: dict) -> nodes.definition_list:
        dl = nodes.definition_list(classes=["edition-scale"])
        for key, (name, meaning) in scale.items():
            item = nodes.definition_list_item()
            item += nodes.term(text=f"{key} — {name}", ids=[f"{prefix}-{key}"])
            if prefix == "flag":  # the flags' badges link here (edition domain)
                domain_of(self.env).note_object("flag", key, f"flag-{key}")
            item += nodes.definition("", nodes.paragraph(text=meaning))
            dl += item
        return dl

    def run(self):
        self.depend_on_data()
        out = []
        for heading, prefix, scale in (
            ("Source reliability", "flag", dict(FLAGS)),
            ("Information credibility", "cred", {str(k): v for k, v in CREDIBILITY.items()}),
        ):
            out.append(nodes.rubric(text=heading))
            out.append(self.scale(prefix, scale))
        out.append(nodes.rubric(text="Categories of critical notes"))
        bl = nodes.bullet_list()
        for key, label in CATEGORIES.items():
            bl += nodes.list_item("", nodes.paragraph(text=label), ids=[f"cat-{key}"])
        out.append(bl)
        return out


class ClaimsDirective(EditionDirective):
    """``{edition-claims} SUBJECT-FILTER``: the claims register (data/claims.csv) as tables linked to passages."""

    optional_arguments = 1
    final_argument_whitespace = True

    def claims(self, wanted: str | None):
        claims = self.edition.claims
        if wanted == "smilga":
            return claims[claims["subject"] == "Ivar Smilga"]
        if wanted == "nakhchivan":
            return claims[claims["source_id"] == "nakhchivan-assr"]
        return claims

    def run(self):
        self.depend_on_data()
        wanted = self.arguments[0] if self.arguments else None
        titles = self.edition.source_titles
        # each claim row carries the anchor claim-<claim_id> (the statement inventory links to it); a claim shown in
        # two tables of one page (a claim about Smilga in the Nakhchivan article) is anchored in the first only
        anchored = self.env.temp_data.setdefault("edition_claim_anchors", set())
        rows = []
        for r in self.claims(wanted).itertuples():
            ids = [] if r.claim_id in anchored else [f"claim-{r.claim_id}"]
            if ids:
                domain_of(self.env).note_object("claim", r.claim_id, ids[0])
            anchored.add(r.claim_id)
            rows.append([nodes.paragraph(text=r.property if wanted == "smilga" else f"{r.subject}: {r.property}",
                                         ids=ids), f"{r.value} ({r.precision})",
                         titles[r.source_id], passage_links([r.passage]), r.assessment, r.reason])
        return [_table(["Claim", "Value (precision)", "Source", "Passage", "Our assessment", "Reason"], rows,
                       ["edition-claims"])]


class RegisterDirective(EditionDirective):
    """``{edition-register} persons|places``: every person or place with names, dates or position, and links to
    the passages that name them."""

    required_arguments = 1

    def persons(self) -> list[nodes.Node]:
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
                rows.append([name, " · ".join(r.spellings), dates, r.role, passage_links(r.passages)])
            out.append(nodes.paragraph(text=ch, ids=[f"persons-{ch.lower()}"], classes=["edition-az-letter"]))
            out.append(_table(["Name", "As written in the sources", "Dates", "Role", "Named in"], rows,
                              ["edition-register"]))
        return out

    def places(self) -> list[nodes.Node]:
        rows = []
        for r in self.edition.places.sort_values("name_en").itertuples():
            name = nodes.paragraph(ids=[f"place-{r.place_id}"])
            name += nodes.strong(text=r.name_en)
            where = "not located (no gazetteer entry; not guessed)" if r.precision == "unlocated" else \
                f"{r.lat:.4f}, {r.lon:.4f} ({r.precision})"
            rows.append([name, r.name_in_text, r.names_alt.replace("|", ", ") or "—", where, r.coord_source,
                         passage_links(r.passages) if r.passages else "—"])
        return [_table(["Place", "In the text", "Other names", "Position", "Position from", "Named in"], rows,
                       ["edition-register"])]

    def run(self):
        self.depend_on_data()
        return self.persons() if self.arguments[0] == "persons" else self.places()
