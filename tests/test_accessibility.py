"""Accessibility: axe-core (from node_modules, injected into the page; nothing is fetched from the network) audits
every page of the built site in Debian's headless Chromium. Any violation of impact "serious" or "critical" fails.

What is audited, beyond axe's defaults (no rule is switched off):
- ``label-content-name-mismatch`` (WCAG 2.5.3 "Label in Name", level A) is switched on: axe 4.x ships it disabled
  only because it is tagged experimental.
- Dark mode. ``html_context: {default_mode: auto}`` gives readers whose system is dark the theme's dark colours, and
  the colour-mode button offers dark to everyone. Each page, once audited in light mode with every rule, is switched
  to dark as the theme does it (the system prefers dark; data-theme="dark") and audited again with the rules that
  read colour.
- The states a reader reaches in one step: a passage or a note opened by its permalink (``:target``), a reliability
  badge's explanation, a note's popover, the Cite dialog, the search dialog, search results, a map popup; and on a
  phone (390x844, touch): the navigation menu and the page contents open, a note's popover open.
- The root ``index.html``, a redirect stub written by Jupyter Book (sphinx-external-toc): it must lead to an audited
  page, and its own markup is audited as served.

Skipped: HTML files that are not pages:
anything under a folder whose name starts with "_" or "." (``_static/*webpack-macros.html`` are theme templates).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import show_figures

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
SKIP: set[str] = set()
# Every rule axe runs by default, plus WCAG 2.5.3, which axe leaves off by default as "experimental".
ALL_RULES = {"resultTypes": ["violations"], "rules": {"label-content-name-mismatch": {"enabled": True}}}
# What changes between light and dark mode is colour; these are the rules that read it.
COLOUR_RULES = {"resultTypes": ["violations"], "runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}}
REFRESH = re.compile(r"""<meta\s+http-equiv=["']?refresh["']?\s+content=["']\s*0\s*;\s*url=([^"'\s>]+)""", re.I)

RUN_AXE = """async (options) => {
  const result = await axe.run(document, options);
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
                  targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
                  html: v.nodes[0].html.slice(0, 160)}));
}"""

# A page is audited once it has drawn: the icon webfont has loaded (the theme's stylesheet draws the icons; the
# edition leaves out its fontawesome.js), every plotly chart has its SVG and every folium map has become a Leaflet
# container.
DRAWN = """() => document.fonts.status === "loaded"
  && [...document.querySelectorAll(".edition-plotly")].every((c) => c.querySelector(".main-svg"))
  && [...document.querySelectorAll(".edition-map .folium-map")].every((m) => m.classList.contains("leaflet-container"))"""


def site_pages(site: Path) -> tuple[list[str], dict[str, str]]:
    """(pages, redirect stubs {stub: target}), as paths relative to the site root."""
    pages, stubs = [], {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site)
        if rel.as_posix() in SKIP or any(part.startswith(("_", ".")) for part in rel.parts[:-1]):
            continue
        refresh = REFRESH.search(path.read_text(encoding="utf-8", errors="replace")[:4000])
        if refresh:
            stubs[rel.as_posix()] = (rel.parent / refresh.group(1)).as_posix()
        else:
            pages.append(rel.as_posix())
    return pages, stubs


def report(failures: dict[str, list[dict]]) -> str:
    lines = ["serious or critical accessibility violations (rule, impact, help, first 3 targets):"]
    for where, violations in failures.items():
        lines.append(f"{where}:")
        for v in violations:
            lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({v['count']} elements), e.g. "
                         + " | ".join(v["targets"]))
            lines.append(f"      {v['html']}")
    return "\n".join(lines)


def audit(page, options=ALL_RULES) -> list[dict]:
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE, options)


SET_MODE = """(mode) => {
  // What pydata-sphinx-theme's colour-mode button does (setMode), short of remembering the choice in localStorage.
  document.documentElement.dataset.mode = mode;
  document.documentElement.dataset.theme = mode;
  document.querySelectorAll(".dropdown-menu").forEach((m) => m.classList.toggle("dropdown-menu-dark", mode === "dark"));
}"""


def set_scheme(page, scheme: str) -> None:
    """A reader in dark mode: the system prefers dark, and the theme shows dark (as it does when its mode is "auto",
    the default here, or when the reader picks dark; setting it directly keeps the test independent of the
    configured default_mode)."""
    page.emulate_media(color_scheme=scheme)
    page.evaluate(SET_MODE, scheme)


def both_modes(page, where: str, failures: dict) -> None:
    """Audit the page as it is, in light mode with every rule, then in dark mode with the colour rules."""
    set_scheme(page, "light")
    if violations := audit(page, ALL_RULES):
        failures[f"{where} (light)"] = violations
    set_scheme(page, "dark")
    if violations := audit(page, COLOUR_RULES):
        failures[f"{where} (dark)"] = violations
    set_scheme(page, "light")


def open_page(page, base: str, rel: str):
    """Load a page and wait until it has drawn. A concurrent rebuild swaps _build/html (build.py removes the old
    site, then renames the new one in), so a page listed a moment ago may be missing for a moment: retry briefly."""
    for _ in range(10):
        response = page.goto(f"{base}/{rel}", wait_until="load")
        if response is not None and response.ok:
            break
        page.wait_for_timeout(1000)
    assert response is not None and response.ok, (
        f"{rel}: HTTP {response.status if response else 'no response'} for 10 s, though it was in the site when the "
        "test began (was _build/html rebuilt during the run?)")
    show_figures(page)  # a figure draws when it comes near the window (figures.js)
    page.wait_for_function(DRAWN, timeout=20000)
    return page


@pytest.fixture
def tab(watch):
    """The watched page, with motion reduced so that no colour is caught halfway through a CSS transition."""
    watch.page.emulate_media(reduced_motion="reduce", color_scheme="light")
    return watch.page


@pytest.fixture(scope="module")
def every_page(browser, server, site) -> dict[str, list[dict]]:
    """Every page audited in both modes, once for the module: {"page (mode)": serious/critical violations}."""
    pages, _ = site_pages(site)
    assert "chapters/intro.html" in pages and "search.html" in pages and len(pages) >= 20, pages
    context = browser.new_context(viewport={"width": 1280, "height": 900}, reduced_motion="reduce", color_scheme="light")
    page = context.new_page()
    failures: dict[str, list[dict]] = {}
    try:
        for rel in pages:
            both_modes(open_page(page, server, rel), rel, failures)
    finally:
        context.close()
    return failures


def test_every_page_in_light_mode(every_page):
    failures = {k: v for k, v in every_page.items() if k.endswith("(light)")}
    assert not failures, report(failures)


def test_every_page_in_dark_mode(every_page):
    failures = {k: v for k, v in every_page.items() if k.endswith("(dark)")}
    assert not failures, report(failures)


def test_interactive_states(tab, server):
    failures: dict[str, list[dict]] = {}

    # A passage with a note reference, and a note, each opened by its permalink: the :target highlight.
    page = open_page(tab, server, "chapters/documents/chicherin-1918.html")
    passage = page.evaluate("document.querySelector('.edition-passage:has(.edition-note-ref)').id")
    note = page.evaluate("document.querySelector('.edition-notes .edition-note[id]').id")
    for anchor in (passage, note):
        page.goto(f"{server}/chapters/documents/chicherin-1918.html#{anchor}")
        assert page.evaluate("document.querySelector(':target').id") == anchor
        both_modes(page, f"chicherin-1918.html#{anchor} (:target)", failures)

    # A reliability badge's explanation (tap), a note's pop-up (keyboard focus), the Cite dialog.
    page = open_page(tab, server, "chapters/smilga/smilga-da.html")
    page.locator(".edition-flag").first.click()
    page.locator(".edition-flag-tip").first.wait_for(state="visible")
    both_modes(page, "smilga-da.html, badge explanation open", failures)
    page.keyboard.press("Escape")
    page.locator(".edition-note-ref").first.focus()
    page.keyboard.press("Enter")
    page.locator("#edition-note-popover").wait_for(state="visible")
    both_modes(page, "smilga-da.html, note popover open", failures)
    page.keyboard.press("Escape")
    page.locator("button.edition-cite").first.click()
    page.wait_for_selector("#edition-cite-dialog .edition-cite-styles button")
    both_modes(page, "smilga-da.html, Cite dialog open", failures)

    # The theme's download menu and a tooltip in it: Bootstrap's Dropdown and Tooltip, from the reduced bootstrap.js
    # (assets.stage_bootstrap) that the theme's script runs on.
    page = open_page(tab, server, "chapters/intro.html")
    page.locator(".dropdown-download-buttons button.dropdown-toggle").click()
    menu = page.locator(".dropdown-download-buttons .dropdown-menu.show")
    menu.wait_for(state="visible")
    menu.locator("[data-bs-toggle='tooltip']").first.hover()
    page.locator(".tooltip.show[role='tooltip']").wait_for(state="visible", timeout=5000)  # shown after 500 ms
    both_modes(page, "intro.html, download menu and its tooltip open", failures)
    page.keyboard.press("Escape")
    assert not menu.is_visible()

    # The search dialog (Ctrl+K), and search results with their highlighted terms.
    page = open_page(tab, server, "chapters/intro.html")
    page.keyboard.press("Control+k")
    page.locator("#pst-search-dialog").wait_for(state="visible")
    both_modes(page, "intro.html, search dialog open", failures)
    page = open_page(tab, server, "search.html?q=Smilga")
    page.wait_for_selector("#search-results li", timeout=15000)
    both_modes(page, "search.html?q=Smilga", failures)

    # A map popup: a place marker cites passages with links.
    page = open_page(tab, server, "chapters/nakhchivan/maps.html")
    page.locator('.edition-map path.leaflet-interactive[stroke="#222222"]').first.click(force=True)
    page.wait_for_selector(".leaflet-popup-content a", timeout=5000)
    both_modes(page, "maps.html, map popup open", failures)

    assert not failures, report(failures)


def test_redirect_stub_leads_to_an_audited_page_and_is_accessible_itself(tab, server, site):
    pages, stubs = site_pages(site)
    assert "index.html" in stubs or "index.html" in pages  # the site root is a page or a redirect to one
    failures: dict[str, list[dict]] = {}
    for stub, target in stubs.items():
        assert target in pages, f"{stub} redirects to {target}, which is not an audited page"
        tab.goto(f"{server}/{stub}")
        tab.wait_for_url(f"{server}/{target}", timeout=10000)
        # The stub's own markup, as served, is what a reader whose browser does not follow refreshes gets (Firefox's
        # accessibility.blockautorefresh, for one). On about:blank its relative refresh URL leads nowhere.
        tab.goto("about:blank")
        tab.set_content((site / stub).read_text(encoding="utf-8"))
        if violations := audit(tab):
            failures[stub] = violations
    assert not failures, report(failures)


def test_phone_states(browser, server):
    """On a phone: the navigation menu and the page contents (the theme's sidebars as modal dialogs) and a note's
    popover, each audited in light and dark mode."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True,
                                  reduced_motion="reduce", color_scheme="light")
    page = context.new_page()
    failures: dict[str, list[dict]] = {}
    try:
        open_page(page, server, "chapters/smilga/smilga-fi.html")
        both_modes(page, "smilga-fi.html, phone", failures)
        for toggle, dialog in ((".primary-toggle", "#pst-primary-sidebar-modal"),
                               (".secondary-toggle", "#pst-secondary-sidebar-modal")):
            [el for el in page.locator(toggle).all() if el.is_visible()][0].tap()
            page.locator(dialog).wait_for(state="visible")
            both_modes(page, f"smilga-fi.html, phone, {dialog} open", failures)
            page.keyboard.press("Escape")
            page.locator(dialog).wait_for(state="hidden")
        marker = page.locator(".edition-translation .edition-note-ref").first
        marker.scroll_into_view_if_needed()
        marker.tap()
        page.locator("#edition-note-popover").wait_for(state="visible")
        both_modes(page, "smilga-fi.html, phone, note popover open", failures)
    finally:
        context.close()
    assert not failures, report(failures)
