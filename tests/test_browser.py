"""The book as a reader sees it, in Debian's headless Chromium: chapters, cards, badges, passages, offline."""

import json
import re

import pytest

from conftest import show_figures

pytestmark = pytest.mark.browser


def presented(site):
    return [s for s in json.loads((site / "edition/sources.json").read_text()) if s["status"] == "presented"]


def test_every_source_chapter_shows_card_badge_and_passages(watch, site, root):
    from edition_utils.publication import site_url

    for s in presented(site):
        page = watch.goto(s["url"].removeprefix(site_url(root)))  # served here, not at the canonical address
        assert page.locator(f"#source-{s['id']}").is_visible()
        assert page.locator(".edition-flag").first.inner_text() == f"Reliability {s['reliability']}"
        assert page.locator(".edition-passage").count() == s["passages"]
        watch.shot(f"chapter-{s['id']}")
    assert watch.foreign_requests == []
    assert watch.errors == []


def test_badge_meaning_shows_on_focus_and_tap(watch):
    page = watch.goto("chapters/smilga/smilga-da.html")
    badge = page.locator(".edition-flag").first
    tip = page.locator(f"#{badge.get_attribute('aria-describedby')}")
    assert not tip.is_visible()
    badge.focus()
    assert tip.is_visible() and "Not usually reliable" in tip.inner_text()
    watch.shot("badge-focus")
    badge.evaluate("el => el.blur()")
    assert not tip.is_visible()
    badge.dispatch_event("click")
    assert badge.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Escape")
    assert badge.get_attribute("aria-expanded") == "false"


def test_passage_permalink_scrolls_to_and_highlights_the_passage(watch):
    page = watch.goto("chapters/nakhchivan/nakhchivan-assr.html#nakhchivan-assr.40")
    target = page.locator('[id="nakhchivan-assr.40"]')
    assert target.is_visible()
    bg = target.evaluate("el => getComputedStyle(el).backgroundColor")
    assert bg == "rgb(255, 246, 214)"  # :target highlight
    box = target.bounding_box()
    assert 0 <= box["y"] < 900
    watch.shot("permalink-target")


def test_search_finds_smilga(watch):
    page = watch.goto("search.html?q=Smilga")
    page.wait_for_selector("#search-results li", timeout=15000)
    assert page.locator("#search-results li").count() >= 5
    assert watch.foreign_requests == []


def test_career_charts_draw_offline_and_interactively(watch):
    page = watch.goto("chapters/smilga/career.html")
    watch.show_figures()
    charts = page.locator(".edition-plotly")
    assert charts.count() == 3
    # every chart has drawn its traces as SVG
    assert page.locator(".edition-plotly").nth(0).locator("g.trace.bars").count() == 5
    assert page.locator(".edition-plotly").nth(1).locator("g.trace.scatter").count() >= 4
    assert page.locator(".edition-plotly").nth(2).locator("g.trace.scatter").count() >= 4
    # plotly.js comes from the book, once
    scripts = page.evaluate("[...document.scripts].map(s => s.src).filter(s => s.includes('plotly'))")
    assert len(scripts) == 1 and scripts[0].startswith(watch.base)
    # legend toggling hides a category
    first = charts.nth(0)
    visible_before = first.locator("g.trace.bars").count()
    first.locator("g.legend rect.legendtoggle").first.click()
    page.wait_for_timeout(1000)  # plotly waits out its double-click delay before toggling
    hidden = page.evaluate("document.querySelectorAll('.edition-plotly')[0].data.filter(t => t.visible === 'legendonly').length")
    assert visible_before == 5 and hidden == 1
    # hover shows the evidence
    charts.nth(1).scroll_into_view_if_needed()
    watch.shot("career-charts")
    assert page.locator("table caption", has_text="Table 1").count() == 1
    assert watch.foreign_requests == [] and watch.errors == []


def test_plotly_js_only_on_chart_pages(watch):
    page = watch.goto("chapters/smilga/smilga-bio.html")
    assert page.evaluate("[...document.scripts].filter(s => s.src.includes('plotly')).length") == 0


def test_map_draws_offline_with_layers_markers_and_popups(watch):
    page = watch.goto("chapters/nakhchivan/maps.html")
    watch.show_figures()
    assert page.locator(".edition-map .leaflet-overlay-pane path").count() >= 20  # base + areas + lines + places
    assert page.locator(".edition-map .leaflet-control-layers-overlays label").count() == 6
    assert page.locator(".edition-map-legend").is_visible()
    assert "Make this Notebook Trusted" not in page.content()
    # the legend folds away (mouse or keyboard) where it covers the map, without moving the map
    swatch, summary = page.locator(".edition-map-legend .swatch").first, page.locator(".edition-map-legend summary")
    pane = page.locator(".edition-map .leaflet-map-pane").first  # its transform is the map's pan
    offset = lambda: [float(n) for n in re.findall(r"-?[\d.]+(?=px)", pane.get_attribute("style") or "")]
    page.wait_for_function("""() => {  // the map has settled: its pan has not changed for 300 ms
        const pane = document.querySelector(".edition-map .leaflet-map-pane"), now = pane.style.transform;
        const same = pane.dataset.lastPan === now; pane.dataset.lastPan = now; return same; }""", polling=300)
    centre = offset()
    summary.click()
    assert not swatch.is_visible()
    summary.focus()
    page.keyboard.press("Enter")
    assert swatch.is_visible()
    assert offset() == pytest.approx(centre, abs=1)
    summary.click()
    # a place marker opens a popup that cites passages with links
    page.locator('.edition-map path.leaflet-interactive[stroke="#222222"]').first.click(force=True)
    page.wait_for_selector(".leaflet-popup-content a", timeout=5000)
    page.wait_for_function("getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")
    watch.shot("nakhchivan-map")
    leaflet = page.evaluate("[...document.scripts].map(s => s.src).filter(s => s.includes('leaflet'))")
    assert leaflet and all(s.startswith(watch.base) for s in leaflet)
    assert watch.foreign_requests == [] and watch.errors == []


def test_cite_a_passage_in_one_click_offline(watch, browser, server, root):
    page = watch.goto("chapters/smilga/smilga-bio.html")
    button = page.locator('[id="smilga-bio.15"] button.edition-cite')
    # added and named by edition.js from the passage ID (the page's markup has none: without script it would be dead)
    assert page.get_by_role("button", name="Cite passage smilga-bio.15", exact=True).count() == 1
    passages = page.locator(".edition-passage").count()
    assert passages >= 15 and page.locator(".edition-passage > .edition-passage-head > .edition-permalink"
                                          " + button.edition-cite").count() == passages
    assert page.get_by_role("link", name="Passage smilga-bio.15, permalink", exact=True).count() == 1
    button.click()
    dialog = page.locator("#edition-cite-dialog")
    dialog.wait_for(state="visible")
    assert page.locator("#edition-cite-title").inner_text() == "Cite passage smilga-bio.15"
    text = page.locator(".edition-cite-text")
    page.wait_for_function("!document.querySelector('.edition-cite-text').textContent.startsWith('Loading')")
    chicago = text.inner_text()
    assert "Simkin" in chicago and "Passage smilga-bio.15" in chicago  # citeproc-js title case; the ID kept as is
    from edition_utils.publication import site_url

    # the absolute permalink, on the site's canonical address (not wherever this copy happens to be served)
    assert f"{site_url(root)}chapters/smilga/smilga-bio.html#smilga-bio.15" in chicago
    watch.shot("cite-dialog")
    # keyboard: the style buttons are reachable and switch the format
    page.locator(".edition-cite-styles button", has_text="BibTeX").focus()
    page.keyboard.press("Enter")
    assert text.inner_text().startswith("@incollection{smilga-bio.15,")
    assert "Source flagged D" in text.inner_text()  # the reliability caveat, in the note field
    page.locator(".edition-cite-styles button", has_text="CSL-JSON").click()
    assert '"id": "smilga-bio.15"' in text.inner_text()
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    # notes and chapters have their own Cite buttons
    assert page.locator(".edition-source-card button.edition-cite").count() == 1
    assert page.locator(".edition-notes button.edition-cite").count() >= 30
    assert watch.foreign_requests == [] and watch.errors == []


def test_copy_to_clipboard(browser, server):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{server}/chapters/documents/chicherin-1918.html")
    page.locator('[id="chicherin-1918.3"] button.edition-cite').click()
    page.wait_for_function("document.querySelector('.edition-cite-text') && !document.querySelector('.edition-cite-text').textContent.startsWith('Loading')")
    page.locator(".edition-cite-copy").click()
    page.wait_for_selector(".edition-cite-status:has-text('Copied')")
    assert "chicherin-1918.3" in page.evaluate("navigator.clipboard.readText()")
    context.close()


def all_pages(site):
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html")
                  if not str(p.relative_to(site)).startswith(("_static", "_sources", "edition")))


def test_every_page_offline_without_errors_and_with_its_figures_drawn(watch, site):
    pages = all_pages(site)
    assert len(pages) >= 25
    drawn = {"charts": 0, "maps": 0}
    for path in pages:
        page = watch.goto(path)
        charts = page.locator(".edition-plotly").count()
        maps = page.locator(".edition-map").count()
        assert show_figures(page) == charts + maps, path  # every figure drawn once the reader reaches it
        drawn["charts"] += charts
        drawn["maps"] += maps
        plotly_scripts = page.evaluate("[...document.scripts].filter(s => s.src.includes('plotly')).length")
        assert plotly_scripts == (1 if charts else 0), path
        assert watch.foreign_requests == [], (path, watch.foreign_requests)
        assert watch.errors == [], (path, watch.errors)
    assert drawn == {"charts": 3, "maps": 1}
    # The theme's fontawesome.js (1.5 MB, run on every page) is left out: its stylesheet already draws the icons.
    assert not [u for u in watch.requests if "fontawesome.js" in u]


def test_downloads_page_links_every_export(site):
    """The Downloads page (rendered from edition_utils.downloads.DOWNLOADS) links every file the build exports, and
    every link leads to a file of the site; a source chapter offers no ".md" download (its Markdown is only a
    directive stub)."""
    from bs4 import BeautifulSoup

    page = site / "chapters/front/downloads.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    links = {(page.parent / a["href"]).resolve() for a in soup.select("a.edition-download-link")}
    assert links and all(p.is_file() for p in links), [str(p) for p in links if not p.is_file()]
    exported = {p.resolve() for p in (site / "edition").rglob("*") if p.is_file() and not p.name.startswith(".")}
    assert exported - links == set(), sorted(str(p.relative_to(site)) for p in exported - links)
    for block in soup.select(".edition-download"):
        meta = block.select_one(".edition-download-meta").get_text()
        assert "Format:" in meta and "Licence:" in meta
    bio = (site / "chapters/smilga/smilga-bio.html").read_text(encoding="utf-8")
    assert "download-source-button" not in bio and "_sources/chapters/smilga/smilga-bio.md" not in bio


def _opened(browser, url: str, width: int, height: int):
    """A page opened at its top in a fresh context, with the URLs it requests (the list grows as it loads more)."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url, wait_until="load")
    page.wait_for_timeout(1500)
    return context, page, requests


def test_figures_load_only_when_the_reader_comes_near_them(browser, server):
    """A chart or map costs its library (plotly.js 1.2 MB, Leaflet 143 KB), its data and seconds of a phone's CPU:
    figures.js loads them only when the figure comes within half a window of being seen. On a phone the first
    career chart is more than a window and a half down, and the map is further down than that even on a desktop."""
    context, page, requests = _opened(browser, f"{server}/chapters/smilga/career.html", 390, 844)
    assert not [u for u in requests if "plotly" in u or "/_figures/" in u], "the text is read without plotly.js"
    assert page.locator(".edition-plotly .main-svg").count() == 0
    display = "[...document.querySelectorAll('.edition-plotly')].map(c => getComputedStyle(c).display)"
    page.emulate_media(media="print")  # on paper a chart never drawn leaves no blank space; its caption prints
    assert set(page.evaluate(display)) == {"none"} and page.locator("figure.edition-chart figcaption").first.is_visible()
    page.emulate_media(media="screen")
    first = page.locator(".edition-plotly").first
    first.scroll_into_view_if_needed()
    first.locator(".main-svg").first.wait_for(state="attached", timeout=20000)
    assert len([u for u in requests if "plotly" in u]) == 1 and len([u for u in requests if "/_figures/" in u]) == 1
    drawn = page.evaluate("[...document.querySelectorAll('.edition-plotly')].filter(c => c.querySelector('.main-svg')).length")
    assert drawn == 1, "the next charts, far below, wait for the reader"
    page.emulate_media(media="print")
    assert page.evaluate(display)[:2] == ["block", "none"]  # the drawn chart prints
    context.close()

    context, page, requests = _opened(browser, f"{server}/chapters/nakhchivan/maps.html", 1280, 900)
    assert not [u for u in requests if "leaflet.js" in u or "/_figures/" in u]
    the_map = page.locator("figure.edition-map")
    the_map.scroll_into_view_if_needed()
    the_map.locator(".leaflet-overlay-pane path").first.wait_for(state="attached", timeout=20000)
    assert len([u for u in requests if "leaflet.js" in u]) == 1
    context.close()
