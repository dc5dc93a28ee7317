"""The W3C Web Annotation export: every note anchored exactly once; under the official W3C context (a copy in
../shared/schemas, served to pyld by a document loader) every IRI is absolute and every motivation is W3C's."""

import json

import pytest
from pyld import jsonld

from edition_utils.anchoring import locate
from edition_utils.annotations import CONTEXT_URL
from edition_utils.publication import site_url

OA = "http://www.w3.org/ns/oa#"


@pytest.fixture(scope="module")
def official_loader(root):
    context = json.loads((root.parent / "shared/schemas/anno.jsonld").read_text())

    def load(url, options=None):
        assert url == CONTEXT_URL, f"unexpected remote document {url}"
        return {"contextUrl": None, "documentUrl": url, "document": context}

    return load


@pytest.fixture(scope="module")
def doc(site):
    return json.loads((site / "edition/annotations.jsonld").read_text())


def test_every_selector_is_anchored_once_in_its_passage(site, doc, root):
    passages = {p["url"]: p["text"] for p in json.loads((site / "edition/passages.json").read_text())}
    assert doc["type"] == "AnnotationCollection" and doc["total"] == len(doc["items"]) >= 200
    assert doc["id"] == site_url(root) + "edition/annotations.jsonld"
    for item in doc["items"]:
        sel = item["target"]["selector"]
        text = passages[item["target"]["source"]]
        assert sel["type"] == "TextQuoteSelector"
        assert text.count(sel["prefix"] + sel["exact"] + sel["suffix"]) == 1, item["id"]
        locate(text, sel["exact"], sel["prefix"], sel["suffix"])
        assert {"commenting", "classifying", "oa:assessing"} <= {b["purpose"] for b in item["body"]} <= \
            {"commenting", "classifying", "oa:assessing", "describing", "linking"}
        assert "editors of the edition" not in json.dumps(item["creator"]).lower()


def _iris(node, out):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("@id", "@type"):
                out.extend(value if isinstance(value, list) else [value])
            _iris(value, out)
    elif isinstance(node, list):
        for value in node:
            _iris(value, out)
    return out


def test_expands_under_the_official_context_with_absolute_iris(doc, official_loader):
    expanded = jsonld.expand(doc, {"documentLoader": official_loader})
    iris = [i for i in _iris(expanded, []) if not i.startswith("_:")]
    relative = sorted({i for i in iris if not i.startswith(("http://", "https://"))})
    assert not relative, f"relative IRIs under the official context: {relative[:5]}"
    annotations = expanded[0]["http://www.w3.org/ns/activitystreams#items"][0]["@list"]
    assert len(annotations) == doc["total"]
    first = annotations[0]
    assert OA + "Annotation" in first["@type"]
    assert first[OA + "motivatedBy"] == [{"@id": OA + "commenting"}]
    purposes = {b[OA + "hasPurpose"][0]["@id"] for b in first[OA + "hasBody"]}
    assert purposes == {OA + "commenting", OA + "classifying", OA + "assessing"}
    # every motivation and purpose is one of the W3C vocabulary's
    w3c = {OA + m for m in ("assessing", "bookmarking", "classifying", "commenting", "describing", "editing",
                            "highlighting", "identifying", "linking", "moderating", "questioning", "replying",
                            "tagging")}
    used = {m["@id"] for a in annotations for m in a[OA + "motivatedBy"]} | \
           {p["@id"] for a in annotations for b in a[OA + "hasBody"] for p in b[OA + "hasPurpose"]}
    assert used <= w3c, used - w3c
    selector = first[OA + "hasTarget"][0][OA + "hasSelector"][0]
    assert OA + "TextQuoteSelector" in selector["@type"]
    assert selector[OA + "exact"][0]["@value"] == doc["items"][0]["target"]["selector"]["exact"]


def test_every_note_carries_what_was_checked_and_whether_it_settled_it(root):
    """Without the book: each annotation is its note, and says how we know, as the note's page does: the body, its
    category and credibility, and, where the note lists what was checked, a describing body that reads as the page
    ("Checked: ..." or, for an unverified note, "Consulted (not conclusive): ...") with every title, address and
    date consulted, and a linking body per address. (The pages we checked, and whether they settled the note, were
    once left out of every annotation.)"""
    from edition_utils.annotations import collection
    from edition_utils.citations import Publication
    from edition_utils.edition import load_edition

    ed = load_edition(root)
    doc = collection(ed, Publication.of(root))
    assert doc["total"] == len(doc["items"]) == len(ed.notes)
    assert len({item["id"] for item in doc["items"]}) == len(ed.notes)
    for note, item in zip(ed.notes, doc["items"]):
        assert item["id"].endswith(f"#{note.anchor}") and item["target"]["source"].endswith(f"#{note.passage}")
        bodies = {}
        for body in item["body"]:
            bodies.setdefault(body["purpose"], []).append(body)
        assert bodies["commenting"][0]["value"] == note.body
        assert bodies["classifying"][0]["value"] == note.category
        assert bodies["oa:assessing"][0]["value"] == f"credibility {note.credibility}"
        described = [b for b in bodies.get("describing", []) if not b["value"].startswith("Published works: ")]
        if not note.checked:
            assert not described and "linking" not in bodies, note.id
            continue
        (text,) = [b["value"] for b in described]
        assert text.startswith("Checked: " if note.verified else "Consulted (not conclusive): "), note.id
        for ref in note.checked:
            assert ref.title in text and (ref.url or "") in text, note.id
            assert ref.consulted is None or f"consulted {ref.consulted.isoformat()}" in text, note.id
        assert [b["id"] for b in bodies.get("linking", [])] == [r.url for r in note.checked if r.url], note.id


def test_every_note_names_the_published_works_it_relies_on(root):
    """A note citing published works says so in its annotation, as its page does ("Published works: ..."): each
    work's title, year and the place in it (locator) the note gives. (They were once left out.)"""
    from edition_utils.annotations import collection
    from edition_utils.citations import Publication
    from edition_utils.edition import load_edition
    from edition_utils.tei import _tex

    ed = load_edition(root)
    doc = collection(ed, Publication.of(root))
    for note, item in zip(ed.notes, doc["items"]):
        works = [b["value"] for b in item["body"] if b["purpose"] == "describing"
                 and b["value"].startswith("Published works: ")]
        if not note.cite:
            assert not works, note.id
            continue
        (text,) = works
        for cite in note.cite:
            fields = ed.works[cite.key]
            assert _tex(fields["title"]) in text and fields["year"] in text, (note.id, cite.key)
            assert cite.locator is None or cite.locator in text, (note.id, cite.key)
