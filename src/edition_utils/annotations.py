"""The critical notes as a W3C Web Annotation collection (JSON-LD, the official context
http://www.w3.org/ns/anno.jsonld). Every IRI is absolute (built on the canonical site address), so the document
means the same wherever it is read from; motivations and purposes are terms of the W3C vocabulary."""

from __future__ import annotations

from .notes import CATEGORIES, CREDIBILITY

CONTEXT_URL = "http://www.w3.org/ns/anno.jsonld"


def _agent(name: dict) -> dict:
    if "literal" in name:
        return {"type": "Organization", "name": name["literal"]}
    return {"type": "Person", "name": " ".join(x for x in (name.get("given"), name["family"]) if x)}


def checked_text(note) -> str:
    """What a note was checked against, as its page says it ("Checked:", or "Consulted (not conclusive):" when it
    did not settle the note), each page with its address and the date we consulted it."""
    refs = []
    for ref in note.checked:
        text = ", ".join(x for x in (ref.title, ref.site, ref.url) if x)
        refs.append(text + (f" (consulted {ref.consulted.isoformat()})" if ref.consulted else ""))
    return ("Checked: " if note.verified else "Consulted (not conclusive): ") + "; ".join(refs)


def _checked_bodies(note) -> list[dict]:
    """How we know: the page's "Checked" line, and each page we checked as a linked resource."""
    if not note.checked:
        return []
    return [{"type": "TextualBody", "purpose": "describing", "format": "text/plain", "language": "en",
             "value": checked_text(note)},
            *({"id": ref.url, "type": "Text", "purpose": "linking"} for ref in note.checked if ref.url)]


def works_text(note, works: dict[str, dict[str, str]]) -> str:
    """The published works a note relies on, as plain text: who, title, year and the place in the work."""
    from .tei import _tex  # pybtex's LaTeX reader, each field read once per build (the TEI reads the same ones)

    out = []
    for cite in note.cite:
        fields = works[cite.key]
        role = next((r for r in ("author", "editor", "organization") if fields.get(r)), None)
        who = " and ".join(_tex(n) for n in fields[role].split(" and ")) + (" (ed.)" if role == "editor" else "") \
            if role else ""
        text = ", ".join(x for x in (who, _tex(fields["title"])) if x) + f" ({_tex(fields['year'])})"
        out.append(text + (f", {cite.locator}" if cite.locator else ""))
    return "Published works: " + "; ".join(out)


def collection(ed, pub) -> dict:
    """AnnotationCollection whose items are every note: target = the passage permalink + TextQuoteSelector.
    `pub` is a citations.Publication (site address and editors)."""
    base = pub.site_url
    creators = [_agent(n) for n in pub.editors]
    items = []
    for note in ed.notes:
        passage = ed.passages_by_id[note.passage]
        chapter = ed.registry.get(passage.source_id).chapter
        cred_name = CREDIBILITY[note.credibility][0]
        items.append({
            "id": f"{base}{ed.page_url(chapter)}#{note.anchor}",
            "type": "Annotation",
            "motivation": "commenting",
            "creator": creators if len(creators) > 1 else creators[0],
            "body": [
                {"type": "TextualBody", "purpose": "commenting", "format": "text/plain", "language": "en",
                 "value": note.body},
                {"type": "TextualBody", "purpose": "classifying", "value": note.category,
                 "label": CATEGORIES[note.category]},
                # oa:assessing is a motivation of the W3C vocabulary that the official context has no short term
                # for; the "oa:" prefix it does define expands it to http://www.w3.org/ns/oa#assessing.
                {"type": "TextualBody", "purpose": "oa:assessing", "value": f"credibility {note.credibility}",
                 "label": f"Admiralty information credibility {note.credibility}: {cred_name}"},
                *_checked_bodies(note),
                *([{"type": "TextualBody", "purpose": "describing", "format": "text/plain", "language": "en",
                    "value": works_text(note, ed.works)}] if note.cite else []),
            ],
            "target": {
                "type": "SpecificResource",
                "source": f"{base}{ed.url_of(passage.id)}",
                "selector": {"type": "TextQuoteSelector", "exact": note.exact, "prefix": note.prefix,
                             "suffix": note.suffix},
            },
        })
    return {"@context": CONTEXT_URL, "id": f"{base}edition/annotations.jsonld", "type": "AnnotationCollection",
            "label": "Critical notes of the edition", "total": len(items), "items": items}
