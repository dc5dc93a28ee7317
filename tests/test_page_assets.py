"""What each built page loads (sphinxext.page_assets): no script that holds up the first paint, the search index only
on the search page, and the assets of Jupyter Book's always-on extensions only where a page uses them."""

import re

from bs4 import BeautifulSoup

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


def test_bundled_stylesheets_keep_their_urls():
    """basic.css sits in _static, the bundle in _static/styles: its relative url()s are rebased, others kept."""
    from edition_utils.assets import _rebased

    css = 'a{background:url(file.png)} b{src:url("../vendor/x.woff2")} c{background:url(data:image/png;base64,AA)}'
    assert _rebased(css, "basic.css", "styles/edition-theme.css") == (
        'a{background:url("../file.png")} b{src:url("../../vendor/x.woff2")} c{background:url(data:image/png;base64,AA)}')
    assert 'url("../vendor/x.woff2")' in _rebased(css, "styles/pydata-sphinx-theme.css", "styles/edition-theme.css")
