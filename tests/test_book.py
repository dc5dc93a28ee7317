"""The built book, read as HTML: every presented source with its card, badge and every passage, character for
character; the exports; the strict, atomic build."""

import json
from functools import lru_cache

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import copy_repository
from edition_utils.build import build
from edition_utils.publication import site_url

pytestmark = pytest.mark.book


@lru_cache(maxsize=None)
def _soup(path):
    return BeautifulSoup(open(path, encoding="utf-8").read(), "html.parser")


def passage_text(el) -> str:
    """The passage as a reader sees it, without note markers and their popovers."""
    p = el.select_one(".edition-text")
    clone = BeautifulSoup(str(p), "html.parser")
    for wrap in clone.select(".edition-note-wrap"):
        wrap.decompose()
    return clone.get_text()


def test_exports_exist_and_describe_every_unit(site, root):
    sources = json.loads((site / "edition/sources.json").read_text())
    passages = json.loads((site / "edition/passages.json").read_text())
    assert len(sources) == 22 and len(passages) == 445
    by_status = {}
    for s in sources:
        by_status[s["status"]] = by_status.get(s["status"], 0) + 1
        assert {"id", "seed_file", "seed_lines", "status", "reliability", "title"} <= set(s)
        assert all(isinstance(r, list) and len(r) == 2 for r in s["seed_lines"])
    assert by_status == {"presented": 15, "excluded": 5, "duplicate": 2}
    p = next(x for x in passages if x["id"] == "smilga-bio.12")
    assert p["url"] == site_url(root) + "chapters/smilga/smilga-bio.html#smilga-bio.12"  # absolute (issue 13)
    assert set(p) == {"id", "source_id", "seed_file", "seed_lines", "url", "text", "text_sha256"}


def test_every_passage_is_shown_verbatim_at_its_anchor(site, root):
    passages = json.loads((site / "edition/passages.json").read_text())
    seeds = {}
    for p in passages:
        page, anchor = p["url"].removeprefix(site_url(root)).split("#")
        el = _soup(site / page).find(id=anchor)
        assert el is not None, f"no anchor #{anchor} in {page}"
        assert el.select_one("a.edition-permalink")["href"] == f"#{anchor}"
        # edition.js adds the Cite button to the head, cites the passage by its ID and finds the source's citations
        # by the ID's SOURCE part (tests/test_browser.py cites one)
        assert el.select_one(".edition-passage-head") is not None
        assert anchor == p["id"] and p["id"].rpartition(".")[0] == p["source_id"]
        if p["seed_file"] not in seeds:
            seeds[p["seed_file"]] = (root / "seeds" / p["seed_file"]).read_text(encoding="utf-8").split("\n")
        expected = seeds[p["seed_file"]][p["seed_lines"][0] - 1]
        assert passage_text(el) == expected == p["text"], p["id"]


def test_markup_like_seed_text_renders_literally(site):
    notes = _soup(site / "chapters/foreign-policy/student-notes.html")
    assert passage_text(notes.find(id="student-notes.4")) == "- \\* PLUS spartakian's revolt in Germany and Hungarian revolt in 1919"
    bold = [el for el in notes.select(".edition-passage") if "PRO PLAN" in el.get_text()][0]
    assert passage_text(bold) == "- **PRO PLAN**" and bold.find("strong") is None
    sub = [el for el in notes.select(".edition-passage") if "Buffer in case" in el.get_text()][0]
    assert passage_text(sub) == "  - Buffer in case of aggression"  # leading spaces kept
    chich = _soup(site / "chapters/documents/chicherin-1918.html")
    # the seed itself indents with no-break spaces (U+00A0) and spaces; both must survive
    assert passage_text(chich.find(id="chicherin-1918.3")).startswith("\xa0 \xa0 Questioned as to")
    frag = _soup(site / "chapters/smilga/smilga-wiki-fragment.html")
    assert "Ivar Smilga_sentence_22" in frag.get_text() and frag.select_one(".edition-passage em") is None
    wsws = _soup(site / "chapters/smilga/wsws-smilga-2017.html")
    assert any(passage_text(el).startswith("[1] Autobiographical text") for el in wsws.select(".edition-passage"))


def test_each_presented_source_has_card_and_badge(site, root):
    for s in json.loads((site / "edition/sources.json").read_text()):
        if s["status"] != "presented":
            continue
        soup = _soup(site / s["url"].removeprefix(site_url(root)))
        card = soup.find(id=f"source-{s['id']}")
        assert card is not None, s["id"]
        badge = card.select_one(".edition-flag")
        assert badge.get_text() == f"Reliability {s['reliability']}"
        tip = soup.find(id=badge["aria-describedby"])
        assert tip is not None and tip.get("role") == "tooltip"
        assert s["reliability_rationale"][:40] in tip.get_text().replace("\u2019", "'")  # editorial prose gets curly quotes
        legend = tip.select_one("a.edition-flag-legend")["href"]
        assert legend.endswith(f"scales.html#flag-{s['reliability']}")


def test_fiction_is_marked_at_every_passage(site):
    soup = _soup(site / "chapters/fiction/ah-thread.html")
    passages = soup.select(".edition-passage")
    assert len(passages) == 55 and all("edition-fiction" in p["class"] for p in passages)


def test_appendix_lists_every_excluded_and_duplicate_unit_with_its_text(site, root):
    soup = _soup(site / "chapters/appendix/excluded.html")
    for s in json.loads((site / "edition/sources.json").read_text()):
        if s["status"] == "presented":
            continue
        box = soup.find(id=f"source-{s['id']}")
        assert box is not None, s["id"]
        shown = box.select_one("p.edition-excluded-text").get_text()  # the seed's lines, breaks and spaces kept
        lines = (root / "seeds" / s["seed_file"]).read_text(encoding="utf-8").split("\n")
        assert shown == "\n".join(lines[n - 1] for a, b in s["seed_lines"] for n in range(a, b + 1)), s["id"]


def test_scales_page_defines_every_flag_and_grade(site):
    soup = _soup(site / "chapters/front/scales.html")
    for key in "ABCDEF":
        assert soup.find(id=f"flag-{key}") is not None
    for key in range(1, 7):
        assert soup.find(id=f"cred-{key}") is not None


def test_bad_data_stops_the_build_and_keeps_the_old_site(tmp_path, root):
    work = tmp_path / "book"
    copy_repository(root, work)
    out = work / "_build" / "html"
    out.mkdir(parents=True)
    (out / "index.html").write_text("previous site")
    data = yaml.safe_load((work / "data/sources.yml").read_text())
    next(s for s in data["sources"] if s["id"] == "smilga-fi")["seed_lines"] = [[60, 77]]
    (work / "data/sources.yml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    code, _, log = build(work)
    assert code != 0
    assert "data/sources.yml" in log and "smilga-fi" in log and "seed_lines" in log
    assert (out / "index.html").read_text() == "previous site"
    assert not (out / "edition").exists()


def test_a_broken_reference_fails_the_strict_build(tmp_path, root):
    work = tmp_path / "book"
    copy_repository(root, work)
    page = work / "chapters/front/method.md"
    page.write_text(page.read_text() + "\nSee {passage}`smilga-bio.999`.\n")
    code, _, log = build(work)
    assert code != 0 and "smilga-bio.999" in log


def test_malformed_career_row_stops_the_build(tmp_path, root):
    work = tmp_path / "book"
    copy_repository(root, work)
    path = work / "data/smilga_career.csv"
    text = path.read_text().replace("born,Birth of Ivar Tenisovich Smilga,,life,1892-12-02", "born,Birth of Ivar Tenisovich Smilga,,life,1892-13-02")
    path.write_text(text)
    code, _, log = build(work)
    assert code != 0
    assert "data/smilga_career.csv" in log and "row 2 (born)" in log and "'start'" in log
    assert not (work / "_build/html").exists()


def test_notebook_chapter_is_offered_as_ipynb(site):
    import nbformat

    nb = nbformat.read(site / "chapters/smilga/career.ipynb", as_version=4)
    assert any("cf.timeline" in c.source for c in nb.cells if c.cell_type == "code")
    assert 'href="career.ipynb"' in (site / "chapters/smilga/career.html").read_text()


CHAPTER_HTML_MAX = 250 * 1024  # bytes, as bench/ measures it (issue 16: a light page)


def test_every_chapter_html_is_light(site):
    """Each chapter's HTML file is at most 250 KB; a page that outgrows it is split or made leaner, not cut."""
    pages = {p.relative_to(site).as_posix(): p.stat().st_size for p in (site / "chapters").rglob("*.html")}
    assert len(pages) >= 25 and "chapters/apparatus/statements.html" in pages
    heavy = {page: f"{size / 1024:.1f} KB" for page, size in pages.items() if size > CHAPTER_HTML_MAX}
    assert not heavy, f"chapter HTML over {CHAPTER_HTML_MAX // 1024} KB: {heavy}"
