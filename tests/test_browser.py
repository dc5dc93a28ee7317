"""The book as a reader sees it, in Debian's headless Chromium: chapters, cards, badges, passages, offline."""

import json

import pytest

pytestmark = pytest.mark.browser



def presented(site):
    return [s for s in json.loads((site / "edition/sources.json").read_text()) if s["status"] == "presented"]


def test_every_source_chapter_shows_card_badge_and_passages(watch, site):
    for s in presented(site):
        page = watch.goto(s["url"])
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
