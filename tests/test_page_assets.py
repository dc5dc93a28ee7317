"""What each built page loads (sphinxext.page_assets): no script that holds up the first paint, the search index only
on the search page, and the assets of Jupyter Book's always-on extensions only where a page uses them."""

import re

import pytest
from bs4 import BeautifulSoup

from edition_utils.assets import BOOTSTRAP_COMPONENTS, BOOTSTRAP_JS, EDITION_THEME_CSS, theme_bootstrap

SEARCH = ("searchtools.js", "language_data.js", "searchindex.js")


def _head(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").head


def _pages(site):
    return [p for p in sorted(site.rglob("*.html"))
            if "_static" not in p.parts and 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")[:2000]]


def _src(el):
    return (el.get("src") or el.get("href") or "").split("?")[0]


def blocking_scripts(head) -> list[str]:
    """<script src> in <head> that the parser must stop for: neither defer, async nor a module."""
    return [_src(s) for s in head.find_all("script", src=True)
            if not ({"defer", "async"} & set(s.attrs)) and s.get("type") != "module"]


def test_the_helper_sees_a_blocking_script():
    head = BeautifulSoup('<head><script src="a.js"></script><script defer src="b.js"></script>'
                         '<script async src="c.js"></script><script type="module" src="d.js"></script></head>',
                         "html.parser").head
    assert blocking_scripts(head) == ["a.js"]


def test_no_page_but_search_has_a_render_blocking_script(site):
    pages = _pages(site)
    assert len(pages) > 20
    blocking = {p.relative_to(site).as_posix(): blocking_scripts(_head(p)) for p in pages}
    assert blocking.pop("search.html")  # the theme's own search page loads Sphinx's search synchronously
    assert {page: scripts for page, scripts in blocking.items() if scripts} == {}
    # the inline DOCUMENTATION_OPTIONS comes before the theme's inline scripts that set its properties
    head = str(_head(site / "chapters/intro.html"))
    assert "documentation_options.js" not in head
    assert -1 < head.index("const DOCUMENTATION_OPTIONS") < head.index("DOCUMENTATION_OPTIONS.pagename")


def test_search_index_is_loaded_only_by_the_search_page(site):
    loaded = {p.relative_to(site).as_posix() for p in _pages(site)
              if any(_src(s).endswith(SEARCH) for s in BeautifulSoup(p.read_text(encoding="utf-8"),
                                                                       "html.parser").find_all("script", src=True))}
    assert loaded == {"search.html"}


def test_extensions_assets_only_where_used(site):
    def assets(rel):
        head = _head(site / rel)
        return {re.sub(r"\.[0-9a-f]{32,}\.", ".", _src(el).rsplit("/", 1)[-1])
                for el in head.find_all(["script", "link"]) if _src(el)}

    text = assets("chapters/intro.html")
    for unused in ("copybutton.js", "clipboard.min.js", "togglebutton.js", "design-tabs.js", "sphinx-thebe.js",
                   "sphinx-thebe.css", "sphinx-design.min.css", "mystnb.css", "figures.css", "figures.js",
                   "registers.js", "pygments.css"):
        assert unused not in text
    assert {"edition.css", "edition.js", "doctools.js", "sphinx_highlight.js"} <= text
    chart = assets("chapters/smilga/career.html")
    assert {"figures.css", "figures.js"} <= chart and "mystnb.css" not in chart
    # plotly.js is not in <head>: figures.js loads it when a chart comes near (the chart names the bundle)
    assert "plotly-basic.min.js" not in chart and "leaflet.js" not in assets("chapters/nakhchivan/maps.html")
    charts = BeautifulSoup((site / "chapters/smilga/career.html").read_text(encoding="utf-8"), "html.parser")
    assert {d["data-plotly"].split("?")[0] for d in charts.select("div.edition-plotly")} == {
        "../../_static/vendor/plotly-basic/plotly-basic.min.js"}
    assert "registers.js" in assets("chapters/apparatus/persons.html")
    # the theme's stylesheets (and myst-nb's) are one, reduced to what the site uses; Font Awesome's font is cut
    assert "edition-theme.css" in text and not text & {"theme.css", "pydata-sphinx-theme.css", "sphinx-book-theme.css"}
    css = (site / "_static/styles/edition-theme.css").read_text(encoding="utf-8")
    assert ".bd-header" in css and ".cell_output" in css and ".fa-magnifying-glass" in css and "html[data-theme=dark]" in css
    assert ".fa-hippo" not in css and len(css) < 200_000  # of 470 KB
    for page in _pages(site):
        assert "THEBE_JS_URL" not in page.read_text(encoding="utf-8")


def test_bootstrap_is_served_with_only_the_components_the_site_uses(site):
    """The theme's bootstrap.js is rebuilt with BOOTSTRAP_COMPONENTS only (assets.stage_bootstrap): a page that
    asks for another component (data-bs-toggle) or a script that calls one (bootstrap.X) would silently get none,
    so each must be one of them; and the served file must be the reduced one, on the theme's Bootstrap version."""
    toggles, calls, options = set(), set(), set()
    for page in _pages(site):
        toggles |= set(re.findall(r'data-bs-toggle="([^"]+)"', page.read_text(encoding="utf-8")))
        options |= set(re.findall(r"\bdata-bs-([a-z-]+)=", page.read_text(encoding="utf-8")))
    assert options <= {"toggle", "placement", "title"}, options  # no data-bs-spy, -ride, -dismiss...
    for js in (site / "_static").rglob("*.js"):
        if "vendor" not in js.parts and js.name != "bootstrap.js":
            calls |= set(re.findall(r"\bbootstrap\.([A-Z]\w*)", js.read_text(encoding="utf-8")))
    assert toggles == {"dropdown", "tooltip"} and calls == {"Tooltip"}  # what the site has today
    assert {t.capitalize() for t in toggles} | calls <= set(BOOTSTRAP_COMPONENTS)
    served = (site / "_static" / BOOTSTRAP_JS).read_text(encoding="utf-8")
    _, version = theme_bootstrap()
    assert served.startswith(f"/*! Bootstrap v{version} ") and "MIT licence" in served
    assert len(served) < 55_000  # the theme's own bundle, all of Bootstrap: 81 KB
    for component in ("Dropdown", "Tooltip"):
        assert f"{component}:" in served  # window.bootstrap's members, as the theme's scripts read them
    for absent in ("Modal", "Carousel", "Offcanvas", "ScrollSpy", "Popover", "Toast"):
        assert f"{absent}:" not in served
    # its address changes with it (the theme's digest would not)
    head = (site / "chapters/intro.html").read_text(encoding="utf-8")
    assert re.search(r'src="\.\./_static/scripts/bootstrap\.js\?v=[0-9a-f]{8}&amp;digest=', head)


def test_bundled_stylesheets_keep_their_urls():
    """basic.css sits in _static, the bundle in _static/styles: its relative url()s are rebased, others kept."""
    from edition_utils.assets import _rebased

    css = 'a{background:url(file.png)} b{src:url("../vendor/x.woff2")} c{background:url(data:image/png;base64,AA)}'
    assert _rebased(css, "basic.css", "styles/edition-theme.css") == (
        'a{background:url("../file.png")} b{src:url("../../vendor/x.woff2")} c{background:url(data:image/png;base64,AA)}')
    assert 'url("../vendor/x.woff2")' in _rebased(css, "styles/pydata-sphinx-theme.css", "styles/edition-theme.css")


# ---------------------------------------------------------------------------- minified styles and scripts

#: The licences of the theme's stylesheets, each kept once in the joined, minified file (esbuild keeps one copy of
#: each /*! ... */ comment; Sphinx's basic.css names its licence in a plain comment, kept as one).
THEME_LICENCES = ("Sphinx team", "Bootstrap", "Font Awesome Free", "sphinx-book-theme CSS")


def _minified(text: str) -> bool:
    """Lines hundreds of characters long on average, comments aside: what a minifier leaves (a script keeps the
    line breaks of its template literals), never a hand-written file."""
    code = re.sub(r"/\*.*?\*/", "", text, flags=re.S).strip()
    return len(code) / (code.count("\n") + 1) > 200


def test_the_helper_tells_minified_from_readable():
    assert _minified("/*! licence\n * MIT\n */a{color:red}" + "c{margin:0}" * 30 + "\n/* edition-theme 0123 */\n")
    assert not _minified("a {\n  color: red;\n}\n")
    assert not _minified("function f() {\n  return 1;\n}\n")


def test_served_styles_and_scripts_are_minified(site, root):
    static = root / "src/edition_utils/sphinxext/static"
    sources = sorted(f for f in static.iterdir() if f.suffix in (".css", ".js"))
    assert {f.name for f in sources} >= {"edition.css", "edition.js", "figures.css", "figures.js", "registers.js"}
    for src in sources:
        served = (site / "_static" / src.name).read_text(encoding="utf-8")
        assert _minified(served), src.name
        assert len(served) < 0.85 * len(src.read_text(encoding="utf-8")), src.name
        assert not _minified(src.read_text(encoding="utf-8")), f"{src.name}: the repository keeps the readable file"
    for name in ("doctools.js", "sphinx_highlight.js"):  # Sphinx's, on every page
        assert _minified((site / "_static" / name).read_text(encoding="utf-8")), name
    assert ":license: BSD" in (site / "_static/doctools.js").read_text(encoding="utf-8")
    css = (site / "_static" / EDITION_THEME_CSS).read_text(encoding="utf-8")
    assert _minified(css)
    for licence in THEME_LICENCES:
        assert len(re.findall(r"/\*!(?:(?!\*/).)*%s" % re.escape(licence), css, flags=re.S)) == 1, licence
    # custom properties: those no kept rule reads are gone; those the edition's CSS and figures.js read are kept
    declared = set(re.findall(r"(--[\w-]+):", css))
    assert "--bs-card-cap-bg" not in declared and "--bs-breakpoint-md" not in declared and len(declared) < 500
    edition_css = (static / "edition.css").read_text(encoding="utf-8") + (static / "figures.css").read_text("utf-8")
    assert set(re.findall(r"var\((--pst-[\w-]+)", edition_css)) <= declared
    for name in ("--pst-color-background", "--pst-color-text-base"):  # read by figures.js in the dark theme
        assert re.search(r"html\[data-theme=dark\][^{]*\{[^}]*%s:" % name, css), name


def test_the_icon_and_the_header_font_come_without_a_request(site):
    """The site's icon (a small SVG) and Font Awesome's cut solid font (the header's icons) are data: URLs."""
    icon = _head(site / "chapters/intro.html").find("link", rel="icon")
    assert icon["href"].startswith("data:image/svg+xml;base64,")
    css = (site / "_static" / EDITION_THEME_CSS).read_text(encoding="utf-8")
    solid = re.search(r"@font-face\{[^}]*font-weight:900[^}]*\}", css).group(0)
    assert "url(data:font/woff2;base64," in solid and "fa-solid-900.ttf" in solid  # the full font as the fallback


def test_the_minifier_keeps_licences_and_works_only_on_a_change(root, tmp_path):
    from edition_utils.assets import stage_minified

    src, out = tmp_path / "static", tmp_path / "staged"
    src.mkdir()
    files = lambda: list(src.iterdir())  # noqa: E731
    (src / "a.css").write_text("/*! Kept: MIT */\n/* Copyright 2020 Someone, BSD licence */\n"
                               "/* a note for editors */\n.a {\n  color: #ffffff;\n  margin: 0px;\n}\n")
    (src / "b.js").write_text("/* b.js\n * :license: BSD */\n// a note\nfunction edition(first, second) {\n"
                              "  const total = first + second;\n  return total;\n}\n")
    assert sorted(p.name for p in stage_minified(root, files(), out)) == ["a.css", "b.js"]
    css, js = (out / "a.css").read_text(), (out / "b.js").read_text()
    assert "Kept: MIT" in css and "Copyright 2020 Someone" in css and "a note for editors" not in css
    assert ".a{color:#fff;margin:0}" in css
    assert ":license: BSD" in js and "a note" not in js
    assert "function edition(" in js and "total" not in js  # the global name kept, the local one shortened
    assert stage_minified(root, files(), out) == []  # nothing changed: nothing minified again
    (src / "b.js").write_text("function edition() { return 2; }\n")
    assert [p.name for p in stage_minified(root, files(), out)] == ["b.js"]
    (src / "a.css").unlink()
    stage_minified(root, files(), out)
    assert not (out / "a.css").exists()


def test_without_node_the_build_says_what_is_missing(root, tmp_path, monkeypatch):
    from edition_utils import assets
    from edition_utils.errors import EditionDataError

    (tmp_path / "a.js").write_text("var a = 1;\n")
    monkeypatch.setattr(assets.shutil, "which", lambda name: None)
    with pytest.raises(EditionDataError, match="Node.js is needed"):
        assets.stage_minified(root, [tmp_path / "a.js"], tmp_path / "out")


def test_the_theme_stylesheet_is_purged_again_only_when_the_pages_use_other_names(site, root, tmp_path,
                                                                                    monkeypatch):
    """A wording edit changes a page but no name the stylesheet's selectors use: PurgeCSS (about a second of an
    edited note's rebuild) is not run again and the stylesheet keeps its rules. A new class it styles brings them."""
    import shutil

    from edition_utils.assets import purge_theme_css

    copy = tmp_path / "html"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("*.ipynb", "*.whl", "tei", "edition"))
    css_file = copy / "_static" / EDITION_THEME_CSS
    body = lambda: css_file.read_text(encoding="utf-8").rsplit("/* edition-theme ", 1)[0]  # noqa: E731
    before = body()
    assert purge_theme_css(root, copy) is False  # nothing changed at all
    page = copy / "chapters" / "intro.html"
    from edition_utils import assets

    node = assets._node
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", "<p>Zyxwvut quillet</p></article>"),
                    encoding="utf-8")
    assert purge_theme_css(root, copy) is False and body() == before  # a new word, no new rule (Node.js said so)
    page.write_text(page.read_text(encoding="utf-8").replace("quillet", "quillets"), encoding="utf-8")

    def not_run(*args):
        raise AssertionError("the purge script was run for a word no selector uses")

    monkeypatch.setattr(assets, "_node", not_run)  # a word no selector uses again: told without Node.js
    assert purge_theme_css(root, copy) is False and body() == before
    stamp = css_file.read_text(encoding="utf-8").rsplit("/* edition-theme ", 1)[1]
    assert purge_theme_css(root, copy) is False and css_file.read_text(encoding="utf-8").endswith(stamp)
    monkeypatch.setattr(assets, "_node", node)
    assert ".fa-hippo" not in before
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", '<i class="fa-hippo"></i></article>'),
                    encoding="utf-8")
    assert purge_theme_css(root, copy) is True and ".fa-hippo" in body()  # the icon's rule comes back
    # what follows the purge (the minifier, the font cut: assets._after_purge) is part of the key as well
    monkeypatch.setattr(assets, "_after_purge", lambda root: b"another minifier")
    assert purge_theme_css(root, copy) is True
