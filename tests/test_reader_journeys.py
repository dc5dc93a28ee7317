"""Reader journeys (issue 12): what a new reader does in the first minutes, on a phone (390x844, touch) and on a
laptop (1366x900), in Debian's headless Chromium. Each step asserts what the reader sees (visibility, boxes inside
the window, text), runs the axe audit in that state, and leaves a screenshot in test-artifacts/journey-*.png."""

from __future__ import annotations

import io
import re

import pytest

from conftest import ARTIFACTS, PageWatch
from test_accessibility import ALL_RULES, COLOUR_RULES, audit, report, set_scheme

pytestmark = pytest.mark.browser

SIZES = {
    "phone": {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True},
    "desktop": {"viewport": {"width": 1366, "height": 900}},
}


@pytest.fixture(params=list(SIZES))
def reader(request, browser, server):
    context = browser.new_context(**SIZES[request.param], reduced_motion="reduce", color_scheme="light")
    watch = PageWatch(context.new_page(), server)
    watch.size = request.param
    watch.failures = {}
    yield watch
    context.close()
    assert watch.foreign_requests == [], watch.foreign_requests
    assert watch.errors == [], watch.errors


def shot(watch, name):
    ARTIFACTS.mkdir(exist_ok=True)
    watch.page.screenshot(path=str(ARTIFACTS / f"journey-{name}-{watch.size}.png"))


def check(watch, where, options=ALL_RULES):
    if violations := audit(watch.page, options):
        watch.failures[f"{where} ({watch.size})"] = violations


def inside_window(page, locator) -> dict:
    box = locator.bounding_box()
    vw, vh = page.viewport_size["width"], page.viewport_size["height"]
    assert box is not None, "not rendered"
    assert box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= vw + 0.5 \
        and box["y"] + box["height"] <= vh + 0.5, f"{box} is not inside the {vw}x{vh} window"
    return box


def tap(watch, locator):
    """A tap on a phone, a click on a laptop."""
    if watch.size == "phone":
        locator.tap()
    else:
        locator.click()


def visible_one(page, selector):
    """The one element matching selector that the reader can see (themes render hidden duplicates)."""
    found = [el for el in page.locator(selector).all() if el.is_visible()]
    assert len(found) == 1, f"{len(found)} visible {selector}"
    return found[0]


def test_menu_opens_and_leads_to_the_nakhchivan_map(reader):
    page = reader.goto("chapters/intro.html")
    toggle = visible_one(page, ".primary-toggle")
    inside_window(page, toggle)
    if reader.size == "desktop":
        sidebar = page.locator("#pst-primary-sidebar")
        assert sidebar.is_visible()
        toggle.click()  # the ☰ collapses the sidebar and brings it back
        page.wait_for_function("!document.querySelector('#pst-primary-sidebar').checkVisibility({visibilityProperty: true})")
        shot(reader, "menu-collapsed")
        toggle.click()
        page.wait_for_function("document.querySelector('#pst-primary-sidebar').checkVisibility({visibilityProperty: true})")
        nav = sidebar
    else:
        tap(reader, toggle)
        nav = page.locator("#pst-primary-sidebar-modal")
        nav.wait_for(state="visible")
        assert page.evaluate("document.querySelector('#pst-primary-sidebar-modal').open")
        inside_window(page, nav)
        # focus stays inside the open menu (the page behind is inert)
        for _ in range(5):
            page.keyboard.press("Tab")
            assert page.evaluate("!!document.activeElement.closest('#pst-primary-sidebar-modal')")
        check(reader, "intro, menu open")
        shot(reader, "menu-open")
        page.keyboard.press("Escape")
        nav.wait_for(state="hidden")
        tap(reader, toggle)  # a tap outside closes it too
        nav.wait_for(state="visible")
        box = nav.bounding_box()
        page.mouse.click(min(389, box["x"] + box["width"] + 10), 600)
        nav.wait_for(state="hidden")
        tap(reader, toggle)
        nav.wait_for(state="visible")
    link = nav.get_by_role("link", name=re.compile("Nakhchivan.s borders on the map"))
    link.scroll_into_view_if_needed()
    tap(reader, link)
    page.wait_for_url(re.compile(r"chapters/nakhchivan/maps\.html$"))
    heading = page.locator("article h1")
    assert heading.is_visible() and "Nakhchivan" in heading.inner_text()
    shot(reader, "menu-map")
    assert not reader.failures, report(reader.failures)


NOTE_ON_LAST_WORDS = """() => {
  // passages whose text ends with a note marker: the note is on the passage's last words
  const out = [];
  document.querySelectorAll(".edition-passage > .edition-text").forEach((p) => {
    let last = p.lastChild;
    while (last && last.nodeType === 3 && !last.textContent.trim()) last = last.previousSibling;
    if (last && last.matches && last.matches(".edition-note-wrap")) out.push(last.querySelector("a.edition-note-ref").id);
  });
  return out;
}"""


def open_note(reader, marker):
    page = reader.page
    marker.scroll_into_view_if_needed()
    tap(reader, marker)
    pop = page.locator("#edition-note-popover")
    pop.wait_for(state="visible")
    page.wait_for_function("(() => { const p = document.querySelector('#edition-note-popover');"
                           " return p.style.top !== '' && p.style.left !== ''; })()")
    page.wait_for_timeout(100)  # Floating UI places it in the next frame
    return pop


def test_read_a_note_on_a_passages_last_words_in_place(reader):
    page = reader.goto("chapters/smilga/smilga-bio.html")
    ids = page.evaluate(NOTE_ON_LAST_WORDS)
    assert ids, "no note on a passage's last words"
    marker = page.locator(f'[id="{ids[-1]}"]')
    note = page.locator(f'[id="{marker.get_attribute("href")[1:]}"]')
    # Floating UI comes when a reader goes to a note, not with the page (edition.js)
    floating = lambda: [u for u in reader.requests if "/floating-ui/" in u]  # noqa: E731
    assert page.evaluate("typeof window.FloatingUIDOM") == "undefined" and floating() == []
    pop = open_note(reader, marker)
    assert page.evaluate("typeof window.FloatingUIDOM.computePosition") == "function" and len(floating()) == 1
    assert pop.evaluate("p => p.style.bottom") == ""  # placed by Floating UI beside the marker, not the fallback sheet
    inside_window(page, pop)
    text = pop.inner_text()
    body = note.locator("p").nth(1).inner_text()
    assert body in text  # the whole note, not a preview
    assert "credibility" in text and "… (full note below)" not in text
    checked = pop.locator(".edition-note-checked")
    assert checked.count() == 1 and re.match(r"(Checked|Consulted)", checked.inner_text())
    shot(reader, "note-open")
    check(reader, "smilga-bio, note open")
    # read to the end: the sources, inside the popover and inside the window
    pop.evaluate("p => { p.scrollTop = p.scrollHeight; }")
    inside_window(page, checked)
    pbox, cbox = pop.bounding_box(), checked.bounding_box()
    assert cbox["y"] >= pbox["y"] and cbox["y"] + cbox["height"] <= pbox["y"] + pbox["height"] + 1
    shot(reader, "note-sources")
    page.keyboard.press("Escape")
    pop.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.id") == ids[-1]
    open_note(reader, marker)
    page.mouse.click(5, page.viewport_size["height"] - 5)  # a tap outside
    pop.wait_for(state="hidden")
    assert not reader.failures, report(reader.failures)


def test_every_note_popover_stays_inside_the_window(reader):
    """Before: 7 of 32 previews opened past the right edge of a phone, and previews near the bottom were clipped."""
    page = reader.goto("chapters/smilga/smilga-bio.html")
    markers = page.locator(".edition-passage a.edition-note-ref")
    count = markers.count()
    assert count >= 30
    outside = []
    for i in range(count):
        pop = open_note(reader, markers.nth(i))
        try:
            inside_window(page, pop)
        except AssertionError as exc:
            outside.append((markers.nth(i).get_attribute("id"), str(exc)))
        page.keyboard.press("Escape")
        pop.wait_for(state="hidden")
    assert outside == [], f"{len(outside)} of {count} popovers outside the window: {outside[:3]}"


def test_critical_notes_in_page_contents_and_highlights_by_category(reader):
    page = reader.goto("chapters/nakhchivan/nakhchivan-assr.html")
    heading = page.locator("h2", has_text="Critical notes")
    assert heading.count() == 1
    if reader.size == "phone":
        toggle = visible_one(page, ".secondary-toggle")
        tap(reader, toggle)
        contents = page.locator("#pst-secondary-sidebar-modal")
        contents.wait_for(state="visible")
        inside_window(page, contents)
        shot(reader, "contents-open")
        check(reader, "nakhchivan-assr, contents open")
    else:
        contents = page.locator("#pst-secondary-sidebar")
    link = contents.get_by_role("link", name="Critical notes")
    assert link.is_visible()
    tap(reader, link)
    page.wait_for_function("location.hash === '#critical-notes'")
    page.wait_for_timeout(300)
    inside_window(page, heading)
    # highlights differ by category, with a legend, and the reader can turn them off
    page.goto(f"{reader.base}/chapters/nakhchivan/nakhchivan-assr.html")
    styles = page.evaluate("""() => [...new Set([...document.querySelectorAll('mark.edition-noted')].map((m) => {
        const s = getComputedStyle(m); return s.backgroundColor + '|' + s.textDecorationStyle; }))]""")
    assert len(styles) >= 3, styles
    legend = page.locator(".edition-highlight-legend")
    assert legend.is_visible() and legend.locator(".edition-legend-item").count() >= 3
    toggle = legend.locator(".edition-highlights-toggle")
    legend.scroll_into_view_if_needed()
    shot(reader, "highlights-legend")
    tap(reader, toggle)
    assert toggle.get_attribute("aria-pressed") == "false"
    assert page.evaluate("getComputedStyle(document.querySelector('mark.edition-noted')).backgroundColor") \
        == "rgba(0, 0, 0, 0)"
    check(reader, "nakhchivan-assr, highlights off")
    tap(reader, toggle)
    assert toggle.get_attribute("aria-pressed") == "true"
    assert not reader.failures, report(reader.failures)


def test_source_footnote_numbers_look_unlike_the_editions_markers(reader):
    """The WSWS profile keeps its own reference numbers ("[2]"): plain grey text, not the edition's numbered pills."""
    page = reader.goto("chapters/smilga/wsws-smilga-2017.html")
    numbers = page.locator(".edition-passage .edition-source-number")
    assert numbers.count() >= 1 and re.fullmatch(r"\[\d+\]", numbers.first.inner_text())
    number, marker = numbers.first, page.locator(".edition-passage .edition-note-num").first
    style = "el => { const s = getComputedStyle(el); return [s.backgroundColor, s.fontWeight, s.verticalAlign]; }"
    assert number.evaluate(style) != marker.evaluate(style)
    assert number.evaluate(style)[0] == "rgba(0, 0, 0, 0)" and number.evaluate("el => !el.closest('a')")
    number.scroll_into_view_if_needed()
    shot(reader, "source-numbers")


def test_reach_a_note_from_the_english_side_of_the_finnish_chapter(reader):
    page = reader.goto("chapters/smilga/smilga-fi.html")
    marker = page.locator(".edition-translation a.edition-note-ref").first
    assert marker.count() == 1
    passage = marker.locator("xpath=ancestor::div[contains(@class,'edition-passage')][1]")
    original = passage.locator(".edition-text")
    before = original.evaluate("el => getComputedStyle(el).backgroundColor")
    marker.scroll_into_view_if_needed()
    marker.focus()  # focusing the English side shows its original counterpart
    after = original.evaluate("el => getComputedStyle(el).backgroundColor")
    assert before != after
    pop = open_note(reader, marker)
    inside_window(page, pop)
    note = page.locator(f'[id="{marker.get_attribute("href")[1:]}"]')
    assert note.locator("p").nth(1).inner_text() in pop.inner_text()
    # the same note is marked in the Finnish original
    assert passage.locator(f'.edition-text a.edition-note-ref[href="{marker.get_attribute("href")}"]').count() == 1
    shot(reader, "translation-note")
    check(reader, "smilga-fi, note from the English side")
    assert not reader.failures, report(reader.failures)


def test_search_khabarovsk_and_land_on_the_passage(reader):
    page = reader.goto("search.html?q=Khabarovsk")
    box = page.locator("#edition-passage-results")
    box.wait_for(state="visible", timeout=15000)
    page.wait_for_selector("#search-results li", timeout=15000)
    # the query is visible: not under the magnifier icon
    field = visible_one(page, "input[name='q']")
    assert field.input_value() == "Khabarovsk"
    assert page.evaluate("""(f) => { const s = getComputedStyle(f); return parseFloat(s.paddingLeft); }""",
                         field.element_handle()) >= 28
    if reader.size == "desktop":  # one search box, here and on any other page
        visible = [el for el in page.locator("input[name='q'], .search-button-field").all() if el.is_visible()]
        assert len(visible) == 1, len(visible)
        # and no empty header bar above the page: the header's one item is the search button, hidden here
        assert not page.locator("header.bd-header").is_visible()
        assert page.locator(".bd-container").bounding_box()["y"] == 0
        other = reader.page.context.new_page()
        other.goto(f"{reader.base}/chapters/intro.html")
        visible = [el for el in other.locator("input[name='q'], .search-button-field").all() if el.is_visible()]
        assert len(visible) == 1, len(visible)
        assert any(el.is_visible() for el in other.locator("header.bd-header .search-button-field").all())  # elsewhere
        other.close()
    first = box.locator("li").first
    assert "Khabarovsk" in first.locator("mark").first.inner_text()
    shot(reader, "search-results")
    check(reader, "search Khabarovsk")
    target = first.locator("a.edition-passage-result")
    pid = target.inner_text()
    tap(reader, target)
    page.wait_for_url(re.compile(re.escape(f"#{pid}") + "$"))
    passage = page.locator(f'[id="{pid}"]')
    page.wait_for_timeout(300)
    assert page.evaluate("document.querySelector(':target').id") == pid
    assert "Khabarovsk" in passage.inner_text()
    box = passage.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"] / 2
    shot(reader, "search-passage")
    assert not reader.failures, report(reader.failures)


def test_print_smilga_bio_without_cite_buttons(reader):
    from pypdf import PdfReader

    page = reader.goto("chapters/smilga/smilga-bio.html")
    page.emulate_media(media="print")
    shot(reader, "print")
    pdf = page.pdf(format="A4", print_background=False)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert re.search(r"\bCite\b", text) is None
    assert "smilga-bio.15" in text and f"{reader.base}/chapters/smilga/smilga-bio.html#smilga-bio.15" in \
        text.replace("\n", "")
    assert "Critical notes" in text
    page.emulate_media(media="screen")


def test_dark_mode_read_a_note(reader):
    page = reader.goto("chapters/smilga/smilga-bio.html")
    set_scheme(page, "dark")
    marker = page.locator(".edition-passage a.edition-note-ref").nth(2)
    pop = open_note(reader, marker)
    inside_window(page, pop)
    bg, fg = pop.evaluate("p => [getComputedStyle(p).backgroundColor, getComputedStyle(p).color]")
    lum = lambda c: sum(int(x) for x in re.findall(r"\d+", c)[:3])
    assert lum(bg) < 200 and lum(fg) > 500, (bg, fg)
    shot(reader, "dark-note")
    check(reader, "smilga-bio, dark, note open", COLOUR_RULES)
    assert not reader.failures, report(reader.failures)
