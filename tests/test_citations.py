"""Citations: formats by citeproc-py, exports, the CLI, CITATION.cff, and URLs that never die."""

import json
import subprocess
import sys

import pytest
import yaml

from edition_utils.citations import FORMATS, STYLES, SourceCiter, format_items, load_cff


@pytest.fixture(scope="module")
def ed(root):
    from edition_utils.edition import load_edition

    return load_edition(root)


def cite(root, *args):
    return subprocess.run([sys.executable, "-m", "edition_utils", "cite", *args], cwd=root,
                          capture_output=True, text=True)


@pytest.mark.parametrize("style", FORMATS)
def test_cli_prints_every_style(root, style):
    out = cite(root, "chicherin-1918.3", "--style", style)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "chicherin-1918.3" in text
    if style in STYLES:
        assert "Chicherin" in text and "Smilga, Chicherin, Nakhchivan" in text and "0.1.0" in text
        assert "caveat" not in text  # a B-flagged primary document carries no caveat
        # Chicago and MLA give the author's full name, APA initials
        assert text.startswith("Chicherin, G. (2026)" if style == "apa" else "Chicherin, Georgy.")


def test_flagged_and_fictional_sources_carry_their_caveat(root):
    bio = cite(root, "smilga-bio.15", "--style", "apa").stdout
    assert "[caveat: source flagged D, not usually reliable, in this edition]" in bio
    fiction = cite(root, "ah-thread.9", "--style", "mla").stdout
    assert "fiction: not a historical source" in fiction


def test_unknown_id_or_style_is_a_clear_error(root):
    bad = cite(root, "smilga-bio.999")
    assert bad.returncode != 0 and "smilga-bio.999" in bad.stderr
    bad = cite(root, "smilga-bio.1", "--style", "harvard")
    assert bad.returncode != 0 and "harvard" in bad.stderr


def test_csl_json_export_renders_with_citeproc(site, ed):
    items = json.loads((site / "edition/citations.json").read_text())
    assert len(items) == len(ed.passages) and {i["id"] for i in items} == {p.id for p in ed.passages}
    sample = [i for i in items if i["id"] in ("smilga-bio.15", "nakhchivan-assr.59", "student-notes.4")]
    for style in STYLES:
        out = format_items(sample, style)
        assert "passage nakhchivan-assr.59" in out["nakhchivan-assr.59"]
    assert (site / "edition/edition.bib").read_text().count("@incollection{") == len(ed.passages)
    assert (site / "edition/edition.ris").read_text().count("TY  - CHAP") == len(ed.passages)


def test_cite_files_cover_passages_notes_and_chapters(site, ed):
    for src in ed.registry.presented:
        data = json.loads((site / f"edition/cite/{src.id}.json").read_text())
        assert "chapter" in data
        for p in ed.passages_of(src.id):
            assert set(data[p.id]) == set(FORMATS)
            for n in ed.notes_of(p.id):
                assert n.anchor in data


def test_citation_cff_is_valid_and_matches_the_package(root):
    from edition_utils import __version__

    cff = load_cff(root)
    assert cff["cff-version"] == "1.2.0" and str(cff["version"]) == __version__
    assert all("name" in a or "family-names" in a for a in cff["authors"])


def test_published_urls_still_resolve(site, root):
    from bs4 import BeautifulSoup

    redirects = [ln.split() for ln in (root / "redirects.txt").read_text().splitlines()
                 if ln.strip() and not ln.startswith("#")]
    moved = {a.strip('"') for a, *_ in redirects}
    pages = {}
    for url in (root / "data/published_urls.txt").read_text().splitlines():
        if not url or url.startswith("#"):
            continue
        page, _, anchor = url.partition("#")
        if page.removesuffix(".html") in moved:
            assert (site / page).exists(), f"redirect page missing for {page}"
            continue
        assert (site / page).exists(), f"published page {page} no longer exists"
        if anchor:
            if page not in pages:
                pages[page] = {el.get("id") for el in BeautifulSoup((site / page).read_text(), "html.parser").find_all(id=True)}
            assert anchor in pages[page], f"published permalink {url} no longer resolves"
