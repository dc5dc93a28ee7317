"""The critical notes of a page: the markers after noted words, the numbered list of notes ("Critical notes"), and
the move of that list to the chapter's own level in the page contents."""

from __future__ import annotations

from docutils import nodes

from ..scales import CATEGORIES, CREDIBILITY
from . import nodes as en
from .directives import EditionDirective, cite_targets
from .domain import doc_xref, of as domain_of


def note_labels(env) -> dict[str, int]:
    """This page's note numbers (markers and list alike), by note ID, in order of first use on the page."""
    return env.temp_data.setdefault("edition_note_labels", {})


def note_marker(env, note, side: str = "original") -> en.note_ref:
    """The marker links to the note in the list; edition.js opens the whole note there in a popover."""
    labels = note_labels(env)
    number = labels.setdefault(note.id, len(labels) + 1)
    return en.note_ref(note_id=note.id, category=note.category, category_label=CATEGORIES[note.category],
                       label=str(number), href=f"#{note.anchor}", side=side)


def works_cited(directive, note) -> nodes.paragraph:
    """The published works a note relies on, as sphinxcontrib-bibtex citations (author, year) linked to the
    bibliography page; written as the MyST role a chapter would use, so the extension records them itself."""
    para = nodes.paragraph(classes=["edition-note-works"])
    para += nodes.Text("Published works: ")
    refs, messages = directive.state.inline_text(f"{{cite:p}}`{cite_targets(note.cite)}`", directive.lineno)
    para.extend(refs + messages)
    return para


def _checked(note) -> nodes.paragraph:
    """What we checked the note against (or consulted without a conclusion), with the date consulted."""
    checked = nodes.paragraph(classes=["edition-note-checked"])
    checked += nodes.Text("Checked: " if note.verified else "Consulted (not conclusive): ")
    for i, ref in enumerate(note.checked):
        if i:
            checked += nodes.Text("; ")
        label = ", ".join(x for x in (ref.title, ref.site) if x)
        checked += (nodes.reference("", label, refuri=ref.url) if ref.url else nodes.Text(label))
        if ref.consulted:
            checked += nodes.Text(f" (consulted {ref.consulted.isoformat()})")
    return checked


def _note_head(src, note) -> nodes.paragraph:
    head = nodes.paragraph(classes=["edition-note-head"])
    head += nodes.reference("", f"↑ {note.passage}", refuri=f"#ref-{note.anchor}", classes=["edition-note-back"])
    head += nodes.Text(" · ")
    head += nodes.strong(text=CATEGORIES[note.category])
    cred = CREDIBILITY[note.credibility][0]
    head += nodes.Text(f" · credibility {note.credibility} ({cred}) · on “")
    head += nodes.emphasis(text=note.exact)
    head += nodes.Text("” ")
    head += en.cite(source=src.id, key=note.anchor, what=f"critical note {note.id}")
    return head


def _note_item(directive, src, note) -> nodes.list_item:
    item = nodes.list_item(ids=[note.anchor], classes=["edition-note", f"edition-cat-{note.category}"])
    domain_of(directive.env).note_object("note", note.id, note.anchor)
    item += _note_head(src, note)
    item += nodes.paragraph(text=note.body)
    if note.checked:
        item += _checked(note)
    if note.cite:
        item += works_cited(directive, note)
    return item


def _section(directive, src, count: int) -> nodes.section:
    serial = directive.env.new_serialno("edition-critical-notes")
    section = nodes.section(ids=["critical-notes" if serial == 0 else f"critical-notes-{serial}"],
                            classes=["edition-notes-section"])
    section += nodes.title(text="Critical notes")
    intro = nodes.paragraph(classes=["edition-notes-intro"])
    intro += nodes.Text(f"On {src.title}: {count} notes, numbered as their markers in the text. ")
    intro += doc_xref(directive.config.edition_legend_doc, "What the categories and credibility grades mean")
    intro += nodes.Text(".")
    section += intro
    return section


def notes_list(directive, src) -> list[nodes.Node]:
    """The "Critical notes" section of a source: every note, numbered as its marker in the text."""
    ed = directive.edition
    notes = [n for p in ed.passages_of(src.id) for n in ed.notes_of(p.id)]
    if not notes:
        return []
    section = _section(directive, src, len(notes))
    items = nodes.enumerated_list(classes=["edition-notes"])
    labels = note_labels(directive.env)
    for note in notes:
        labels.setdefault(note.id, len(labels) + 1)
    notes.sort(key=lambda n: labels[n.id])  # the list's numbers are the markers' numbers
    start = labels[notes[0].id]
    if start != 1:
        items["start"] = start
    for note in notes:
        items += _note_item(directive, src, note)
    section += items
    return [section]


class NotesDirective(EditionDirective):
    """``{edition-notes} ID``: the list of a source's notes, where a chapter shows its passages in pieces."""

    required_arguments = 1

    def run(self):
        self.depend_on_data()
        return notes_list(self, self.source(self.arguments[0]))


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
