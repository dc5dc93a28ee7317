"""Conformance: the built site and its exports checked by the tools their consumers use, not by our own code.

cffconvert (CITATION.cff), jsonschema with the official CSL-JSON schema, pybtex's plain style on every BibTeX
entry, rispy on the RIS file, pyld with the official W3C Web Annotation context, the Nu HTML Checker (vnu.jar from
npm, run by Debian's Java) on every page, jsonschema on data/sources.yml after a YAML load, and file permissions
as a web server running as another user needs them. Tools that are missing make a test skip with a message,
except under CI=true, where they must be there."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
import yaml

from edition_utils.publication import site_url

SCHEMAS = Path(__file__).resolve().parents[2] / "shared" / "schemas"


def _need(condition: bool, message: str) -> None:
    if not condition:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true: {message}")
        pytest.skip(message)


def test_every_file_of_the_site_is_world_readable(site):
    bad = []
    for path in [site, *site.rglob("*")]:
        mode = path.stat().st_mode
        need = stat.S_IROTH | (stat.S_IXOTH if path.is_dir() else 0)
        if mode & need != need:
            bad.append(f"{path.relative_to(site)} {stat.filemode(mode)}")
    assert not bad, f"{len(bad)} files a web server running as another user cannot read: {bad[:5]}"


def test_citation_cff_with_cffconvert(root):
    exe = root / ".venv-tools" / "bin" / "cffconvert"
    _need(exe.exists(), "cffconvert is not installed in .venv-tools (`make tools`)")
    out = subprocess.run([str(exe), "--validate", "-i", str(root / "CITATION.cff")], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_citations_json_meets_the_csl_schema(site, root):
    import jsonschema

    schema = json.loads((SCHEMAS / "csl-data.json").read_text())
    items = json.loads((site / "edition/citations.json").read_text())
    jsonschema.Draft7Validator(schema).validate(items)
    base = site_url(root)
    assert all(i["URL"].startswith(base) for i in items)
    assert not [i["id"] for i in items if "<" in json.dumps(i, ensure_ascii=False)], "markup in CSL-JSON"


def test_pybtex_plain_formats_every_entry(site):
    from pybtex.database import parse_file
    from pybtex.plugin import find_plugin

    bib = parse_file(str(site / "edition/edition.bib"))
    items = {i["id"]: i for i in json.loads((site / "edition/citations.json").read_text())}
    assert set(bib.entries) == set(items)
    style = find_plugin("pybtex.style.formatting", "plain")()
    formatted = list(style.format_entries(bib.entries.values()))  # FieldIsMissing on an incomplete entry
    assert len(formatted) == len(items)
    for key, entry in bib.entries.items():
        assert entry.persons.get("author") or entry.persons.get("editor"), key
        assert entry.fields["url"] == items[key]["URL"], f"{key}: url not as exported ({entry.fields['url']})"
        if items[key].get("original-date"):
            assert entry.fields["origdate"].startswith(str(items[key]["original-date"]["date-parts"][0][0]))
        assert "edition" not in entry.fields  # "0.1.0 edition"


def test_ris_reads_with_rispy(site):
    import rispy
    from pybtex.database import parse_file

    records = rispy.loads((site / "edition/edition.ris").read_text())
    items = {i["id"]: i for i in json.loads((site / "edition/citations.json").read_text())}
    # the BibTeX note is LaTeX ("\\_" for "_"), as pybtex writes it; RIS is plain text
    notes = {k: re.sub(r"\\([_&%#$])", r"\1", e.fields["note"]) if "note" in e.fields else None
             for k, e in parse_file(str(site / "edition/edition.bib")).entries.items()}
    assert len(records) == len(items)
    for rec in records:
        item = items[rec["id"]]
        for tag in ("type_of_reference", "title", "secondary_title", "year", "date", "urls"):
            assert rec.get(tag), f"{rec['id']}: no {tag}"
        assert rec.get("authors") or rec.get("secondary_authors"), rec["id"]
        assert rec["urls"] == [item["URL"]]
        assert (rec.get("notes") or [None])[0] == notes[rec["id"]], f"{rec['id']}: N1 differs from the BibTeX note"
        if item.get("accessed"):
            assert rec["access_date"].startswith(str(item["accessed"]["date-parts"][0][0]))
        if item.get("translator"):
            assert rec["subsidiary_authors"]


def test_sources_yml_meets_its_schema_after_a_yaml_load(root):
    import jsonschema

    data = yaml.safe_load((root / "data/sources.yml").read_text())
    schema = json.loads((root / "data/sources.schema.json").read_text())
    errors = list(jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
                  .iter_errors(data))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def _pages(site):
    return sorted(p for p in site.rglob("*.html") if not p.relative_to(site).parts[0].startswith("_"))


def test_nu_html_checker_finds_no_error_on_any_page(site, root):
    jar = root / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    java = shutil.which("java")
    _need(jar.exists() and java is not None,
          "the Nu HTML Checker needs node_modules/vnu-jar (npm ci) and Java (apt-get install default-jre-headless)")
    pages = _pages(site)
    assert len(pages) > 20
    out = subprocess.run([java, "-Xss1024k", "-jar", str(jar), "--errors-only", "--format", "json",
                          *map(str, pages)], capture_output=True, text=True)
    messages = [m for m in json.loads(out.stderr or '{"messages": []}')["messages"] if m.get("type") == "error"]
    shown = [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages[:10]]
    assert not messages, f"{len(messages)} Nu HTML Checker errors: {shown}"


def test_chapters_carry_metadata_for_reference_managers(site, root):
    from bs4 import BeautifulSoup

    from edition_utils.edition import load_edition

    ed = load_edition(root)
    base = site_url(root)
    for src in ed.registry.presented:
        soup = BeautifulSoup((site / f"{src.chapter}.html").read_text(), "html.parser")
        meta = {}
        for tag in soup.find_all("meta"):
            meta.setdefault(tag.get("name") or tag.get("property"), []).append(tag.get("content"))
        url = f"{base}{src.chapter}.html"
        assert len(meta["viewport"]) == 1
        assert soup.find("link", rel="canonical")["href"] == url
        assert meta["citation_title"] == [src.title] and meta["citation_public_url"] == [url]
        assert len(meta["citation_author"] if src.authors else []) == len(src.authors)
        assert meta["citation_editor"] and meta["citation_publication_date"] and meta["citation_language"]
        assert meta["DC.title"] == [src.title] and meta["DC.identifier"] == [url]
        assert meta["og:url"] == [url]
        assert len(meta["description"]) == 1 and len(meta["description"][0]) > 40
        (ld,) = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
        assert ld["@type"] == "CreativeWork" and ld["url"] == url
        assert ld["isBasedOn"]["name"] == src.title and ld["isBasedOn"]["@type"] == "CreativeWork"


def test_sitemap_lists_every_page_with_absolute_urls(site, root):
    import xml.etree.ElementTree as ET

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = {e.text for e in ET.parse(site / "sitemap.xml").getroot().findall("s:url/s:loc", ns)}
    base = site_url(root)
    assert locs and all(loc.startswith(base) for loc in locs)
    from edition_utils.edition import load_edition

    for src in load_edition(root).registry.presented:
        assert f"{base}{src.chapter}.html" in locs


def test_cite_dialog_text_is_citeproc_js_rendering_of_the_exported_item(site, root):
    """For an item of every kind (chapter, passage, translation, note, fiction), the Cite dialog's Chicago, MLA
    and APA text is what citeproc-js gives for the CSL-JSON item the same file exports."""
    from edition_utils.citations import STYLES, render

    wanted = {"smilga-bio": ["chapter", "smilga-bio.15", "note-smilga-bio-1-1"], "smilga-fi": ["smilga-fi.3.translation"],
              "ah-thread": ["ah-thread.9"], "chicherin-1918": ["chicherin-1918.3"]}
    entries = []
    for source, keys in wanted.items():
        data = json.loads((site / f"edition/cite/{source}.json").read_text())
        entries += [data[k] for k in keys]
    items = [json.loads(e["csl-json"]) for e in entries]
    rendered = render(root, items)
    for entry, item in zip(entries, items):
        for style in STYLES:
            assert entry[style] == rendered[style][item["id"]], (style, item["id"])
