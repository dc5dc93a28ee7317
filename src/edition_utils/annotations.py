"""The critical notes as a W3C Web Annotation collection (JSON-LD). The terms come from the W3C Web Annotation
context; the subset this edition uses is bundled in data/anno-context.jsonld so the export expands offline."""

from __future__ import annotations

import json
from importlib import resources

from .notes import CATEGORIES, CREDIBILITY

CONTEXT_URL = "http://www.w3.org/ns/anno.jsonld"


def bundled_context() -> dict:
    return json.loads(resources.files("edition_utils").joinpath("data/anno-context.jsonld").read_text("utf-8"))


def collection(ed, site_url: str = "") -> dict:
    """AnnotationCollection whose items are every note: target = the passage permalink + TextQuoteSelector."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    items = []
    for note in ed.notes:
        passage = ed.passages_by_id[note.passage]
        chapter = ed.registry.get(passage.source_id).chapter
        cred_name = CREDIBILITY[note.credibility][0]
        items.append({
            "id": f"{base}{chapter}.html#{note.anchor}",
            "type": "Annotation",
            "motivation": "commenting",
            "creator": {"type": "Organization", "name": "The editors of the edition"},
            "body": [
                {"type": "TextualBody", "purpose": "commenting", "format": "text/plain", "language": "en",
                 "value": note.body},
                {"type": "TextualBody", "purpose": "classifying", "value": note.category,
                 "label": CATEGORIES[note.category]},
                {"type": "TextualBody", "purpose": "assessing", "value": f"credibility {note.credibility}",
                 "label": f"Admiralty information credibility {note.credibility}: {cred_name}"},
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
