"""The Sphinx extension in seconds: a one-chapter edition (tests/roots/test-edition) built by sphinx.testing's
SphinxTestApp, without Jupyter Book and without executing a notebook, to check the directives, the node visitors
and the MIME renderers on the HTML and doctrees they produce.

The edition root is tiny and isolated: a copy of tests/roots/test-edition in a temporary folder, with seed 002 (the
Chicherin statement, byte for byte) and the real data of its two sources (sources.yml entries, passage IDs, notes,
statements, references.bib) copied in from the repository, so the chapter's text and notes are the edition's own.
The registers that load_edition requires to have a row (career, oppositionists, places) get the first real row with
its passage links removed; the claims register has one fixture row (tests/roots). The exports then cover ~25 items
instead of ~2000, so the build-finished outputs (citations, TEI, wheel) take a second or two, not minutes.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

pytest.importorskip("sphinx.testing.util")
from sphinx.errors import ExtensionError  # noqa: E402
from sphinx.testing.util import SphinxTestApp  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
TESTROOT = Path(__file__).parent / "roots" / "test-edition"
SEED = "002_c91fa67429366061.txt"


def _first_row_unlinked(src: Path, dst: Path, **blank) -> None:
    """The header and first row of a real register, with the given columns emptied (their passages are elsewhere)."""
    with src.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        row = {**next(reader), **blank}
    with dst.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=reader.fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerow(row)


def make_root(target: Path) -> Path:
    """The test edition in `target`: tests/roots/test-edition plus the real seed 002 and the data of its sources."""
    shutil.copytree(TESTROOT, target)
    (target / "seeds").mkdir()
    shutil.copy2(REPO / "seeds" / SEED, target / "seeds" / SEED)
    sums = [ln for ln in (REPO / "seeds" / "SHA256SUMS").read_text(encoding="utf-8").splitlines() if SEED in ln]
    (target / "seeds" / "SHA256SUMS").write_text("\n".join(sums) + "\n", encoding="utf-8")
    data, real = target / "data", REPO / "data"
    sources = yaml.safe_load((real / "sources.yml").read_text(encoding="utf-8"))["sources"]
    kept = [s for s in sources if s["seed_file"] == SEED]
    (data / "sources.yml").write_text(yaml.safe_dump({"sources": kept}, allow_unicode=True, sort_keys=False),
                                      encoding="utf-8")
    ids = {s["id"] for s in kept}
    rows = (real / "passages.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (data / "passages.csv").write_text(rows[0] + "".join(r for r in rows[1:] if r.split(",")[1] in ids),
                                       encoding="utf-8")
    for folder in ("notes", "statements", "translations"):
        for path in (real / folder).glob("*"):
            if path.stem in ids:
                (data / folder).mkdir(exist_ok=True)
                shutil.copy2(path, data / folder / path.name)
    shutil.copy2(real / "references.bib", data / "references.bib")
    _first_row_unlinked(real / "smilga_career.csv", data / "smilga_career.csv", passages="", place_id="")
    _first_row_unlinked(real / "oppositionists.csv", data / "oppositionists.csv", passages="")
    _first_row_unlinked(real / "geo" / "places.csv", data / "geo" / "places.csv", passages="")
    for name in ("CITATION.cff", "pyproject.toml"):  # the imprint of the exports; the wheel's build file
        shutil.copy2(REPO / name, target / name)
    for name in ("node_modules", "src"):  # Leaflet, citeproc-js and the package the wheel packs: linked, not copied
        (target / name).symlink_to(REPO / name, target_is_directory=True)
    cache = REPO / "_build" / ".edition-cache" / "citeproc.json"  # keyed by each item's content: a hit is exact
    if cache.is_file():
        (target / "_build" / ".edition-cache").mkdir(parents=True)
        shutil.copy2(cache, target / "_build" / ".edition-cache" / cache.name)
    return target


def build(srcdir: Path) -> tuple[SphinxTestApp, str]:
    warnings = io.StringIO()
    app = SphinxTestApp("html", srcdir=srcdir, status=io.StringIO(), warning=warnings)
    try:
        app.build()
    finally:
        app.cleanup()
    return app, re.sub(r"\x1b\[[0-9;]*m", "", warnings.getvalue())  # without the terminal's colours


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    app, warnings = build(make_root(tmp_path_factory.mktemp("sphinxext") / "edition"))
    return app, warnings


def page(app, docname: str) -> BeautifulSoup:
    """The page as parsed HTML: the checks below hold whatever order a visitor writes attributes in."""
    return BeautifulSoup((Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


#: The one warning of this test project, not of the book: the extension passes sphinx-book-theme's launch-button
#: options on (standalone.launch_options), which the plain theme used here for speed does not know.
THEME_OPTION = re.compile(r"^.*unsupported theme option 'launch_buttons' given\n?", flags=re.M)


def test_builds_without_a_warning(built):
    _, warnings = built
    assert THEME_OPTION.sub("", warnings).strip() == "", warnings  # the real build is strict: a warning is an error


def test_passage_anchor_and_text_come_from_the_seed(built):
    app, _ = built
    soup = page(app, "chapters/documents/chicherin-1918")
    seed = (REPO / "seeds" / SEED).read_text(encoding="utf-8").split("\n")
    with (Path(app.srcdir) / "data" / "passages.csv").open(encoding="utf-8") as fh:
        lines = {p["id"]: int(p["line"]) for p in csv.DictReader(fh)}
    shown = soup.select("div.edition-passage")
    assert [d["id"] for d in shown] == [f"chicherin-1918.{n}" for n in range(1, 6)] == list(lines)
    for div in shown:
        pid = div["id"]
        assert div.select_one("a.edition-permalink")["href"] == f"#{pid}"  # the visible permalink
        # lean: nothing per passage that edition.js derives from the ID (the Cite button, its name, source and key)
        assert not [a for a in div.attrs if a.startswith("data-")]
        assert str(div.select_one(".edition-passage-head")) == \
            f'<div class="edition-passage-head"><a class="edition-permalink" href="#{pid}">{pid}</a></div>'
        text = div.select_one("p.edition-text")
        for marker in text.select("span.edition-note-wrap"):  # the note markers are the edition's, not the text's
            marker.decompose()
        assert text["lang"] == "en" and text.get_text() == seed[lines[pid] - 1]  # the seed's line, character for character
    # the doctree keeps the text in Text nodes (searchable), under the edition's passage node
    from edition_utils.sphinxext import nodes as en

    doctree = app.env.get_doctree("chapters/documents/chicherin-1918")
    texts = {p["pid"]: p.astext() for p in doctree.findall(en.passage)}
    assert texts == {pid: seed[line - 1] for pid, line in lines.items()}


def test_source_card_has_its_badge_and_cite_buttons(built):
    app, _ = built
    soup = page(app, "chapters/documents/chicherin-1918")
    src = next(s for s in yaml.safe_load((Path(app.srcdir) / "data" / "sources.yml").read_text(encoding="utf-8"))
               ["sources"] if s["id"] == "chicherin-1918")
    card = soup.find(id="source-chicherin-1918")
    badge = card.select_one("button.edition-flag")
    assert badge.get_text() == f"Reliability {src['reliability']}" and badge["aria-expanded"] == "false"
    tip = soup.find(id=badge["aria-describedby"])  # the badge's meaning, and a link to the scale
    assert tip["role"] == "tooltip" and src["reliability_rationale"].split()[0] in tip.get_text()
    assert tip.select_one("a.edition-flag-legend")["href"].endswith("front/scales.html#flag-" + src["reliability"])
    # the chapter's button names its source and key; a passage's is edition.js's (from the passage ID), not the page's
    cites = {(b.get("data-cite-source"), b.get("data-cite-key")) for b in soup.select("button.edition-cite")}
    assert ("chicherin-1918", "chapter") in cites and (None, None) not in cites


def test_note_marker_links_to_its_note(built):
    app, _ = built
    soup = page(app, "chapters/documents/chicherin-1918")
    notes = yaml.safe_load((Path(app.srcdir) / "data" / "notes" / "chicherin-1918.yml").read_text(encoding="utf-8"))
    markers = soup.select("a.edition-note-ref")
    assert len(markers) == len(notes) > 5
    # numbered in reading order, and listed in that order (the list's numbers are the markers')
    assert [m.select_one("sup.edition-note-num").get_text() for m in markers] == \
        [str(n) for n in range(1, len(markers) + 1)]
    assert [li["id"] for li in soup.select("ol.edition-notes > li")] == [m["href"][1:] for m in markers]
    for note in notes:
        marker = soup.find(id=f"ref-note-{note['id']}")
        assert marker is not None and marker.name == "a", f"no marker for note {note['id']}"
        assert marker["href"] == f"#note-{note['id']}" and f"edition-cat-{note['category']}" in marker["class"]
        assert marker.find_parent("div", class_="edition-passage")["id"] == note["passage"]
        target = soup.find(id=f"note-{note['id']}")  # the note in the list, numbered as its marker
        assert target.name == "li" and f"edition-cat-{note['category']}" in target["class"]
        # the words the note is about are highlighted
        assert any(note["id"] in m["data-notes"].split() and note["exact"] in m.get_text() for m in soup("mark"))
    role = soup.select_one("a.edition-passage-link")  # the {passage} role
    assert role.get_text() == "chicherin-1918.2" and role["href"].endswith("#chicherin-1918.2")


def test_plotly_and_leaflet_bundles_become_figures(built):
    app, _ = built
    soup = page(app, "figures")
    from edition_utils.sphinxext import nodes as en

    doctree = app.env.get_doctree("figures")
    chart = next(iter(doctree.findall(en.plotly_chart)))
    assert chart["title"] == "Test chart" and chart["trace_types"] == ["bar"]
    figure = soup.select_one("figure.edition-chart")
    assert figure.select_one("figcaption").get_text() == "Test chart Two bars, for the test."
    # the figure's data is a script of its own, which figures.js loads with the bundle the chart names
    chart_div = figure.select_one("div.edition-plotly")
    draw = (Path(app.outdir) / chart_div["data-edition-chart"]).read_text(encoding="utf-8")
    assert f'Plotly.newPlot("{chart_div["id"]}",[{{"type":"bar"' in draw
    bundle = chart_div["data-plotly"].split("?")
    assert bundle[0] == "_static/vendor/plotly-basic/plotly-basic.min.js"  # bar only: the small bundle
    assert (Path(app.outdir) / bundle[0]).is_file() and re.fullmatch(r"v=[0-9a-f]{8}", bundle[1])
    the_map = soup.select_one("figure.edition-map")
    assert the_map.select_one("div#map_test") is not None
    assert the_map.select_one("figcaption").get_text() == "Test map An empty map, for the test."
    assert 'var map_test = L.map("map_test");' in (Path(app.outdir) / the_map["data-edition-map"]).read_text()
    assert (Path(app.outdir) / the_map["data-leaflet"].split("?")[0]).is_file()
    assert not [s for s in soup.body("script") if "Plotly" in s.get_text() or "L.map" in s.get_text()]  # none inline
    scripts = [s.get("src", "").split("?")[0] for s in soup.head("script")]
    assert not [src for src in scripts if "plotly" in src or "leaflet" in src]  # loaded only when a figure is near
    # folium's style rules are moved into <head> (no <style> in <body>); the JupyterLab fallback is not shown
    assert "#map_test{height:300px;}" in "".join(s.get_text() for s in soup.head("style"))
    assert not soup.body("style") and not soup("iframe")
    assert not [src for src in scripts if src.startswith(("http:", "https:", "//"))]  # nothing from another host


def test_a_figure_file_no_page_uses_is_removed(tmp_path):
    root = make_root(tmp_path / "edition")
    app, _ = build(root)
    folder = Path(app.outdir) / "_figures"
    live = sorted(p.name for p in folder.glob("*.js"))
    assert len(live) == 2, live  # the chart's script and the map's
    (folder / "chart-0123456789.js").write_text("left by a figure that changed", encoding="utf-8")
    app, _ = build(root)  # nothing changed, so no page is written again: the record is the environment's
    assert sorted(p.name for p in folder.glob("*.js")) == live


def test_bibliography_entries_are_list_items(built):
    app, _ = built
    soup = page(app, "chapters/apparatus/bibliography")
    works = len(re.findall(r"^@\w+\{", (REPO / "data" / "references.bib").read_text(encoding="utf-8"), flags=re.M))
    assert not soup.select('[role="doc-biblioentry"]')  # deprecated, and not a list item (bibstyle.visit_citation)
    # one list, every work in it as a list item (a list without items is empty to assistive technology)
    [listing] = soup.select('[role="list"]')
    assert len(listing.find_all("div", class_="citation", role="listitem", recursive=False)) == works > 10


def test_exports_are_written_for_the_test_edition(built):
    app, _ = built
    out = Path(app.outdir) / "edition"
    assert (out / "tei" / "chicherin-1918.xml").is_file()
    assert '"chicherin-1918.1"' in (out / "passages.json").read_text(encoding="utf-8")


def test_bad_data_names_file_entry_and_field(tmp_path, monkeypatch):
    """...and the wheel, packed from the start of the build while the data are checked, is dropped: nothing of it
    is left in the temporary folder."""
    import tempfile

    root = make_root(tmp_path / "edition")
    path = root / "data" / "sources.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("reliability: B", "reliability: Q", 1), encoding="utf-8")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    with pytest.raises(ExtensionError) as exc:
        build(root)
    message = str(exc.value)
    assert "data/sources.yml" in message and "entry #1 (chicherin-1918)" in message and "field 'reliability'" in message
    assert not [p for p in scratch.iterdir() if p.name.startswith("edition-wheel-")]


def test_downloadable_notebooks_are_skipped_only_while_nothing_changed(built, monkeypatch):
    """The .ipynb downloads are made again only when a chapter, the site address or the code changed, or a file
    written last time was changed since (the theme's own copy written over it): a no-change rebuild skips jupytext."""
    app, _ = built
    from edition_utils import standalone
    from edition_utils.sphinxext import outputs

    notebooks = app.env.get_domain("edition").notebooks
    notebooks.add("figures")  # the test edition's notebook, offered for download as a notebook chapter is
    try:
        target = Path(app.outdir) / "figures.ipynb"
        outputs._write_notebooks(app)
        made = target.read_text(encoding="utf-8")
        assert "edition-install" in made and (Path(app.doctreedir) / "edition-notebooks.json").is_file()

        def fail(*args):
            raise AssertionError("made again although nothing changed")

        monkeypatch.setattr(standalone, "downloadable_notebook", fail)
        outputs._write_notebooks(app)  # nothing changed: not made again
        target.write_text('{"cells": []}', encoding="utf-8")  # as the theme's copy would be written over it
        with pytest.raises(AssertionError, match="made again"):
            outputs._write_notebooks(app)
        monkeypatch.undo()
        outputs._write_notebooks(app)
        assert target.read_text(encoding="utf-8") == made
    finally:
        notebooks.discard("figures")


def test_bibliography_formatting_is_reused_only_while_nothing_changed(tmp_path, monkeypatch):
    """sphinxcontrib-bibtex's formatting of every work (most of a no-change rebuild) is skipped only when no page
    was read, the .bib is unchanged and the last build ended without a warning (sphinxext/bibtex_reuse.py)."""
    from sphinxcontrib.bibtex.domain import BibtexDomain

    from edition_utils.sphinxext import bibtex_reuse

    root = make_root(tmp_path / "edition")
    app, warnings = build(root)
    stamp = Path(app.doctreedir) / bibtex_reuse.STAMP
    assert THEME_OPTION.search(warnings) and not stamp.exists()  # a warning: the next build formats again
    formatted = []
    real = BibtexDomain.env_updated
    monkeypatch.setattr(BibtexDomain, "env_updated", lambda self: formatted.append(1) or real(self))
    from edition_utils.sphinxext import state

    monkeypatch.setattr(state, "clean", lambda app, exception: exception is None)  # this project's one warning
    build(root)  # nothing changed, but the last build had a warning
    assert formatted == [1] and stamp.is_file()
    app, _ = build(root)  # nothing changed: the citations pickled with the environment stand
    assert formatted == [1] and app.env.get_domain("cite").citations
    bib = root / "data" / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + "\n% edited\n", encoding="utf-8")
    build(root)
    assert formatted == [1, 1]


def test_a_page_warning_is_logged_again_until_the_page_is_fixed(tmp_path):
    """A build that logs a warning while reading a page fails, yet pickles the environment and writes the page; an
    unchanged rebuild must log it again (and fail again), not pass because it does not read the page again
    (sphinxext/rereads.py)."""
    root = make_root(tmp_path / "edition")
    scales = root / "chapters" / "front" / "scales.md"
    fixed = scales.read_text(encoding="utf-8")
    scales.write_text(fixed + "\n```{no-such-directive}\n```\n", encoding="utf-8")  # logged while reading
    for _ in range(2):  # the second build has nothing new to read
        _, warnings = build(root)
        assert "Unknown directive type: 'no-such-directive'" in warnings
    scales.write_text(fixed, encoding="utf-8")
    _, warnings = build(root)
    assert "no-such-directive" not in warnings


def test_each_work_is_formatted_once_until_it_changes(tmp_path, monkeypatch):
    """The bibliography's style (edition_plain, sphinxext/bibtex_reuse.py) gives what pybtex's plain style gives,
    formats an entry again only when its content or label changed, and keeps what it formatted for the next build
    only under the same code and pybtex."""
    from types import SimpleNamespace

    from pybtex.database import Entry, Person, parse_file
    from pybtex.plugin import find_plugin
    from pybtex.style.formatting.plain import Style as Plain

    from edition_utils.sphinxext import bibtex_reuse as br

    assert br.STYLE in (REPO / "_config.yml").read_text(encoding="utf-8")
    br.setup_bibtex_reuse(SimpleNamespace(connect=lambda *a, **k: None))
    assert find_plugin("pybtex.style.formatting", br.STYLE) is br.FormattedOnce
    entries = list(parse_file(str(REPO / "data" / "references.bib")).entries.values())
    expected = [Plain().format_entry(str(i), e) for i, e in enumerate(entries)]
    monkeypatch.setattr(br.FormattedOnce, "formatted", {})
    monkeypatch.setattr(br.FormattedOnce, "used", set())
    calls, real = [], Plain.format_entry
    monkeypatch.setattr(Plain, "format_entry", lambda self, label, entry, bib_data=None:
                        calls.append(entry.key) or real(self, label, entry, bib_data))
    style = br.FormattedOnce()

    def rendered(items):
        return [(f.key, f.label, f.text.render_as("text")) for f in items]

    for _ in range(2):  # the entry, then its tooltip: one formatting
        assert rendered(style.format_entry(str(i), e) for i, e in enumerate(entries)) == rendered(expected)
    assert len(calls) == len(entries) > 20
    first = entries[0]
    persons = {role: [Person(str(p)) for p in people] for role, people in first.persons.items()}
    changed = [Entry(first.type, {**first.fields, "title": "EDITED"}, persons),  # a field
               Entry(first.type, dict(first.fields), {**persons, "author": [Person("Other, A. B.")]}),  # a name
               Entry("misc" if first.type != "misc" else "book", dict(first.fields), persons)]  # its type
    for entry in changed:
        entry.key = first.key
        style.format_entry("0", entry)
    style.format_entry("99", first)  # another label
    assert len(calls) == len(entries) + 4

    app = SimpleNamespace(doctreedir=str(tmp_path))
    br._save_formatted(app)
    monkeypatch.setattr(br.FormattedOnce, "formatted", {})
    br._load_formatted(app)
    assert len(br.FormattedOnce.formatted) == len(entries) + 4
    monkeypatch.setattr(br.FormattedOnce, "formatted", {})
    monkeypatch.setattr(br, "_version", lambda: "other code or pybtex")
    br._load_formatted(app)
    assert br.FormattedOnce.formatted == {}


def test_templates_are_compiled_by_the_first_build_only(tmp_path, monkeypatch):
    """The theme's templates compiled by one build are loaded by the next that writes a page, not compiled again
    (sphinxext/template_cache.py: most of the first page's writing in a one-note rebuild)."""
    import jinja2

    from edition_utils.sphinxext import template_cache

    root = make_root(tmp_path / "edition")
    app, _ = build(root)
    assert list((Path(app.doctreedir) / template_cache.FOLDER).glob("__jinja2_*"))
    compiled, real = [], jinja2.Environment.compile

    def compile(self, source, name=None, *args, **kwargs):
        compiled.append(name)
        return real(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    scales = root / "chapters" / "front" / "scales.md"
    scales.write_text(scales.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    app, _ = build(root)
    assert "One more line." in page(app, "chapters/front/scales").get_text()
    assert "page.html" not in compiled and "layout.html" not in compiled, compiled
    monkeypatch.setattr(template_cache, "FOLDER", "elsewhere")  # without the cache: compiled (the test can fail)
    scales.write_text(scales.read_text(encoding="utf-8") + "\nAnd another.\n", encoding="utf-8")
    build(root)
    assert "page.html" in compiled


def test_what_lives_as_long_as_the_build_is_set_aside_from_the_collector_until_the_next(tmp_path, monkeypatch):
    """sphinxext/state.py freezes the environment, the modules and the edition for the collector while the build
    runs (its full passes walked them again and again), and leaves them frozen when it ends, so that a process
    ending then does not walk them again (0.4 s of every build); the next build in the same process unfreezes them
    first, so what the last one left behind (here a reference cycle) is freed."""
    import gc
    import weakref

    from edition_utils.sphinxext import state

    seen, thaw = [], state._thaw

    def counted(app, exception):
        seen.append((gc.get_freeze_count(), gc.get_threshold()))
        thaw(app, exception)

    monkeypatch.setattr(state, "_thaw", counted)

    class Leftover:
        pass

    left = Leftover()
    left.me = left  # freed only by the collector
    gone = weakref.ref(left)
    before = gc.get_threshold()
    root = make_root(tmp_path / "edition")
    build(root)
    assert seen and seen[0][0] > 10000 and seen[0][1] != before  # frozen, young objects collected less often
    del left
    gc.collect()
    assert gone() is not None and gc.get_freeze_count() > 10000 and gc.get_threshold() == before
    build(root)
    assert gone() is None and gc.get_threshold() == before


def test_exports_that_fail_in_the_forked_process_fail_the_build(tmp_path, monkeypatch):
    """The exports and TEI are made by a process forked at the start of the build, the wheel packed meanwhile
    (sphinxext/outputs.py): an error in the child still stops the build with the data error's message (or the
    traceback of any other error), the build is not recorded as done and no wheel is published; the next good
    build makes them all."""
    import os

    from edition_utils.errors import EditionDataError
    from edition_utils.exports import Exports
    from edition_utils.paths import WHEEL
    from edition_utils.sphinxext import outputs

    root = make_root(tmp_path / "edition")
    app, _ = build(root)
    outdir = Path(app.outdir)
    stamp, wheel = outdir / "edition" / ".inputs", outdir / WHEEL
    assert stamp.is_file() and wheel.is_file()
    pids = []
    real_init = outputs._Outputs.__init__

    def spy(self, app, wheel):
        real_init(self, app, wheel)
        pids.append(self.process.pid)

    monkeypatch.setattr(outputs._Outputs, "__init__", spy)
    writers = tmp_path / "writers"  # a file: the child's memory is its own

    def fail(self, outdir):
        with writers.open("a") as fh:
            fh.write(f"{os.getpid()}\n")
        raise EditionDataError("data/notes/x.yml", "#1", "body", "boom")

    for failure, expected in ((fail, "bad edition data: .*boom"),
                              (lambda self, outdir: 1 / 0, "(?s)Traceback.*ZeroDivisionError")):
        stamp.unlink(missing_ok=True)  # as after an edit: the outputs are made again
        wheel.unlink(missing_ok=True)
        monkeypatch.setattr(Exports, "write", failure)
        with pytest.raises(ExtensionError, match=expected):
            build(root)
        assert not stamp.exists() and not wheel.exists()
    assert pids and pids[0] != os.getpid() and writers.read_text().split() == [str(pids[0])]  # in the child
    monkeypatch.undo()
    app, _ = build(root)
    assert stamp.is_file() and wheel.is_file() and (outdir / "edition" / "tei" / "corpus.xml").is_file()


def test_a_build_that_fails_reports_its_own_error_not_the_outputs(tmp_path, monkeypatch):
    """When the build itself fails while the forked child's outputs fail too, the build's own error is the one
    reported (the child's is only waited for), and no wheel is published."""
    from sphinx.builders.html import StandaloneHTMLBuilder

    from edition_utils.errors import EditionDataError
    from edition_utils.exports import Exports
    from edition_utils.paths import WHEEL

    root = make_root(tmp_path / "edition")

    def child_fails(self, outdir):
        raise EditionDataError("data/notes/x.yml", "#1", "body", "child boom")

    def page_fails(self, docname, doctree):
        raise RuntimeError("page boom")

    monkeypatch.setattr(Exports, "write", child_fails)
    monkeypatch.setattr(StandaloneHTMLBuilder, "write_doc", page_fails)
    with pytest.raises(Exception) as raised:
        build(root)
    assert "page boom" in str(raised.value) and "child boom" not in str(raised.value)
    assert not (root / "_build" / "html" / WHEEL).exists()


def test_without_fork_the_outputs_are_made_when_the_build_ends(tmp_path, monkeypatch):
    """Where Sphinx cannot fork (not POSIX), the same outputs are made in the build's own process."""
    from edition_utils.paths import WHEEL
    from edition_utils.sphinxext import outputs

    monkeypatch.setattr(outputs, "parallel_available", False)
    app, _ = build(make_root(tmp_path / "edition"))
    outdir = Path(app.outdir)
    assert (outdir / "edition" / ".inputs").is_file() and (outdir / WHEEL).is_file()
    assert (outdir / "edition" / "tei" / "corpus.xml").is_file() and (outdir / "edition" / "edition.bib").is_file()


def test_the_plaintext_backend_is_found_without_a_scan_once_pages_are_written(monkeypatch):
    """sphinxcontrib-bibtex asks pybtex for the plaintext backend at every citation it resolves; pybtex scans every
    installed distribution's entry points each time (0.13 s of a one-note rebuild) unless the name is registered.
    Registered when writing starts, it is the class pybtex's own entry point names, found with no scan."""
    from importlib.metadata import entry_points
    from types import SimpleNamespace

    import pybtex.plugin

    from edition_utils.sphinxext import bibtex_reuse

    connected = []
    bibtex_reuse.setup_bibtex_reuse(SimpleNamespace(connect=lambda event, fn: connected.append((event, fn))))
    handlers = [fn for event, fn in connected if event == "write-started"]
    assert handlers == [bibtex_reuse._register_plaintext]
    monkeypatch.setattr(pybtex.plugin, "_RUNTIME_PLUGINS", {})  # as in a fresh process
    handlers[0](None, None)

    def no_scan(**kw):
        raise AssertionError(f"entry points scanned for {kw}")

    monkeypatch.setattr(pybtex.plugin, "entry_points", no_scan)
    found = pybtex.plugin.find_plugin("pybtex.backends", "plaintext")
    assert found is next(iter(entry_points(group="pybtex.backends", name="plaintext"))).load()
