"""The W3C Web Annotation export: every note anchored exactly once, and the document expands as JSON-LD offline."""

import json

from pyld import jsonld

from edition_utils.annotations import CONTEXT_URL, bundled_context
from edition_utils.anchoring import locate


def offline_loader(url, options=None):
    assert url == CONTEXT_URL, f"unexpected remote context {url}"
    return {"contextUrl": None, "documentUrl": url, "document": bundled_context()}


def test_every_selector_is_anchored_once_in_its_passage(site):
    doc = json.loads((site / "edition/annotations.jsonld").read_text())
    passages = {p["url"]: p["text"] for p in json.loads((site / "edition/passages.json").read_text())}
    assert doc["type"] == "AnnotationCollection" and doc["total"] == len(doc["items"]) >= 200
    for item in doc["items"]:
        sel = item["target"]["selector"]
        text = passages[item["target"]["source"]]
        assert sel["type"] == "TextQuoteSelector"
        assert text.count(sel["prefix"] + sel["exact"] + sel["suffix"]) == 1, item["id"]
        locate(text, sel["exact"], sel["prefix"], sel["suffix"])
        purposes = {b["purpose"] for b in item["body"]}
        assert purposes == {"commenting", "classifying", "assessing"}


def test_document_expands_as_json_ld_without_network(site):
    doc = json.loads((site / "edition/annotations.jsonld").read_text())
    expanded = jsonld.expand(doc, {"documentLoader": offline_loader})
    annotations = expanded[0]["https://www.w3.org/ns/activitystreams#items"][0]["@list"] \
        if "https://www.w3.org/ns/activitystreams#items" in expanded[0] \
        else expanded[0]["http://www.w3.org/ns/activitystreams#items"][0]["@list"]
    assert len(annotations) == doc["total"]
    first = annotations[0]
    assert "http://www.w3.org/ns/oa#Annotation" in first["@type"]
    target = first["http://www.w3.org/ns/oa#hasTarget"][0]
    selector = target["http://www.w3.org/ns/oa#hasSelector"][0]
    assert "http://www.w3.org/ns/oa#TextQuoteSelector" in selector["@type"]
    assert selector["http://www.w3.org/ns/oa#exact"][0]["@value"] == doc["items"][0]["target"]["selector"]["exact"]
