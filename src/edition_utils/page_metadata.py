"""What a source chapter tells reference managers and search engines in its <head>: Highwire Press `citation_*`
tags (read by Zotero's connector and Google Scholar), Dublin Core, and schema.org JSON-LD (a CreativeWork whose
`isBasedOn` is the original), plus a meta description. Pure: strings in, HTML out."""

from __future__ import annotations

import json
import re
from html import escape

from .citations import Publication, csl_name
from .sources import Source


def description(text: str, limit: int = 300) -> str:
    """The first sentences of `text` that fit in `limit` characters (whole words, never cut mid-word)."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("; "))
    return cut[: end + 1] if end > limit // 2 else cut.rsplit(" ", 1)[0] + "…"


def _meta(name: str, content: str, attr: str = "name") -> str:
    return f'<meta {attr}="{escape(name)}" content="{escape(content)}">'


def _highwire_name(name: dict) -> str:
    return name.get("literal") or ", ".join(x for x in (name.get("family"), name.get("given")) if x)


def _schema_agent(name: dict) -> dict:
    if "literal" in name:
        return {"@type": "Organization", "name": name["literal"]}
    return {"@type": "Person", "familyName": name["family"], "givenName": name.get("given", ""),
            "name": " ".join(x for x in (name.get("given"), name["family"]) if x)}


def _script_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=None).replace("</", "<\\/")


def head_tags(pub: Publication, src: Source, page_title: str, page_url: str, intro: str) -> str:
    """The <head> markup for the chapter presenting `src` (page_url absolute)."""
    authors = [csl_name(a) for a in src.authors]
    released = pub.released.isoformat()
    tags = [_meta("description", description(intro))] if intro else []
    # Highwire Press: the chapter is a section of the edition (a book), written by the source's author(s).
    tags.append(_meta("citation_title", src.title))
    tags += [_meta("citation_author", _highwire_name(n)) for n in authors]
    tags += [_meta("citation_editor", _highwire_name(n)) for n in pub.editors]
    tags += [_meta("citation_book_title", pub.title), _meta("citation_publication_date", released.replace("-", "/")),
             _meta("citation_public_url", page_url), _meta("citation_language", src.language)]
    # Dublin Core (DCMI's HTML convention: a schema link, then DC.* names)
    tags.append('<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/">')
    tags += [_meta("DC.title", src.title), *(_meta("DC.creator", _highwire_name(n)) for n in authors),
             *(_meta("DC.contributor", _highwire_name(n)) for n in pub.editors), _meta("DC.date", released),
             _meta("DC.language", src.language), _meta("DC.identifier", page_url), _meta("DC.type", "Text"),
             _meta("DC.relation", pub.title)]
    original = ", ".join(x for x in (src.publisher, src.date, src.url) if x)
    if original:
        tags.append(_meta("DC.source", original))
    # schema.org
    based_on = {"@type": "CreativeWork", "name": src.title, "inLanguage": src.language}
    if authors:
        based_on["author"] = [_schema_agent(n) for n in authors]
    if src.publisher:
        based_on["publisher"] = {"@type": "Organization", "name": src.publisher}
    if src.date:
        based_on["datePublished"] = src.date
    if src.url:
        based_on["url"] = src.url
    work = {"@context": "https://schema.org", "@type": "CreativeWork", "name": page_title, "headline": page_title,
            "url": page_url, "inLanguage": "en", "datePublished": released,
            "editor": [_schema_agent(n) for n in pub.editors],
            "isPartOf": {"@type": "CreativeWork", "name": pub.title, "url": pub.site_url, "version": pub.version},
            "isBasedOn": based_on}
    if intro:
        work["description"] = description(intro)
    if authors:
        work["author"] = [_schema_agent(n) for n in authors]
    tags.append(f'<script type="application/ld+json">{_script_json(work)}</script>')
    return "\n".join(tags) + "\n"
