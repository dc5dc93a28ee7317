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


def page(app, docname: str) -> str:
    return (Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8")


#: The one warning of this test project, not of the book: the extension passes sphinx-book-theme's launch-button
#: options on (standalone.launch_options), which the plain theme used here for speed does not know.
THEME_OPTION = re.compile(r"^.*unsupported theme option 'launch_buttons' given\n?", flags=re.M)


def test_builds_without_a_warning(built):
    _, warnings = built
    assert THEME_OPTION.sub("", warnings).strip() == "", warnings  # the real build is strict: a warning is an error


def test_passage_anchor_and_text_come_from_the_seed(built):
    app, _ = built
    html = page(app, "chapters/documents/chicherin-1918")
    seed = (REPO / "seeds" / SEED).read_text(encoding="utf-8").split("\n")
    first = next(p for p in csv.DictReader((Path(app.srcdir) / "data" / "passages.csv").open(encoding="utf-8"))
                 if p["id"] == "chicherin-1918.1")
    text = seed[int(first["line"]) - 1]
    passage = re.search(r'<div class="edition-passage[^"]*" id="chicherin-1918\.1" data-passage="chicherin-1918\.1" '
                        r'data-source="chicherin-1918">(.*?)</div>\n', html, flags=re.S)
    assert passage, "no passage chicherin-1918.1 with its anchor"
    assert 'href="#chicherin-1918.1"' in passage.group(1)  # the visible permalink
    assert f'<p class="edition-text" lang="en">{text}</p>' in passage.group(1)
    # the doctree keeps the text in Text nodes (searchable), under the edition's passage node
    from edition_utils.sphinxext import nodes as en

    doctree = app.env.get_doctree("chapters/documents/chicherin-1918")
    texts = {p["pid"]: p.astext() for p in doctree.findall(en.passage)}
    assert texts["chicherin-1918.1"] == text
    assert len(texts) == 5 and set(texts) == {f"chicherin-1918.{n}" for n in range(1, 6)}


def test_note_marker_links_to_its_note(built):
    app, _ = built
    html = page(app, "chapters/documents/chicherin-1918")
    notes = yaml.safe_load((Path(app.srcdir) / "data" / "notes" / "chicherin-1918.yml").read_text(encoding="utf-8"))
    first = notes["notes"][0] if isinstance(notes, dict) else notes[0]
    nid = first["id"]
    marker = re.search(rf'<a class="edition-note-ref edition-cat-([a-z-]+)" href="#note-{nid}" '
                       rf'id="ref-note-{nid}" data-note="note-{nid}" aria-haspopup="dialog">'
                       r'<sup class="edition-note-num">(\d+)</sup>', html)
    assert marker, f"no marker for note {nid}"
    assert marker.group(1) == first["category"]
    assert f'<li class="edition-note edition-cat-{first["category"]}" id="note-{nid}">' in html  # its target
    assert f'data-notes="{nid}"' in html  # the span the note is anchored to is highlighted
    assert 'href="#chicherin-1918.2"' in html or "chicherin-1918.html#chicherin-1918.2" in html  # {passage} role


def test_plotly_and_leaflet_bundles_become_figures(built):
    app, _ = built
    html = page(app, "figures")
    from edition_utils.sphinxext import nodes as en

    doctree = app.env.get_doctree("figures")
    chart = next(iter(doctree.findall(en.plotly_chart)))
    assert chart["title"] == "Test chart" and chart["trace_types"] == ["bar"]
    assert '<figure class="edition-chart"' in html and 'Plotly.newPlot("chart-' in html
    assert "<strong class=\"edition-figure-title\">Test chart</strong> Two bars, for the test." in html
    assert "vendor/plotly-basic/plotly-basic.min.js" in html  # bar only: the small bundle, served by the book
    assert '<figure class="edition-map"' in html and 'var map_test = L.map("map_test");' in html
    head, body = html.split("<body", 1)
    assert "<style>#map_test{height:300px;}</style>" in head and "<style>" not in body.split("</body>")[0] \
        .split('class="edition-map-frame"')[1][:200]  # folium's style rules moved into <head>
    assert "vendor/leaflet/leaflet.js" in head
    assert "<iframe" not in html  # the JupyterLab fallback is not what the book shows
    assert "cdn" not in re.sub(r"<a [^>]*>", "", head).lower()


def test_bibliography_entries_are_list_items(built):
    app, _ = built
    html = page(app, "chapters/apparatus/bibliography")
    works = len(re.findall(r"^@\w+\{", (REPO / "data" / "references.bib").read_text(encoding="utf-8"), flags=re.M))
    assert 'role="doc-biblioentry"' not in html  # deprecated, and not a list item (bibstyle.visit_citation)
    # one list, every work in it as a list item (a list without items is empty to assistive technology)
    assert html.count('<div role="list" class="citation-list">') == 1
    assert len(re.findall(r'<div class="citation" id="[^"]+" role="listitem">', html)) == works > 10


def test_exports_are_written_for_the_test_edition(built):
    app, _ = built
    out = Path(app.outdir) / "edition"
    assert (out / "tei" / "chicherin-1918.xml").is_file()
    assert '"chicherin-1918.1"' in (out / "passages.json").read_text(encoding="utf-8")


def test_bad_data_names_file_entry_and_field(tmp_path):
    root = make_root(tmp_path / "edition")
    path = root / "data" / "sources.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("reliability: B", "reliability: Q", 1), encoding="utf-8")
    with pytest.raises(ExtensionError) as exc:
        build(root)
    message = str(exc.value)
    assert "data/sources.yml" in message and "entry #1 (chicherin-1918)" in message and "field 'reliability'" in message
