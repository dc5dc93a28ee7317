"""Shared fixtures: the repository root, a strict build of the book (once per session), a local server and
headless Chromium (Debian's, driven by Playwright through executable_path; never a downloaded browser)."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socketserver
import threading
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]


# Fixtures whose tests need the built book, or a browser: their tests get the marker by themselves, so that
# `pytest -m "not book and not browser"` runs everything that needs neither (no build, seconds). A test that
# builds a book by other means (a copy of the repository) is marked `book` in its own module.
BOOK_FIXTURES = {"site", "server"}
BROWSER_FIXTURES = {"browser", "watch"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & BOOK_FIXTURES:
            item.add_marker(pytest.mark.book)
        if used & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def site(root, tmp_path_factory) -> Path:
    """The book, built strictly from the current tree and published into a temporary folder: the site a developer
    serves from _build/html is never replaced by a test run. Sphinx's environment (_build/.staging) is the one
    `make book` keeps, so the build is incremental. To test a site already built, without building again:
    `make book`, then `EDITION_SKIP_BUILD=1 .venv/bin/python -m pytest ...` reuses _build/html."""
    published = root / "_build" / "html"
    if os.environ.get("EDITION_SKIP_BUILD") == "1" and (published / "index.html").exists():
        return published
    from edition_utils.build import build

    out = tmp_path_factory.mktemp("site") / "html"
    code, seconds, log = build(root, out, staging=root / "_build" / ".staging")
    assert code == 0, "the book does not build:\n" + log[-4000:]
    return out


#: What a copy of the repository (a test that edits data and builds it) leaves out: virtual environments, builds,
#: git and test output. node_modules (~100 MB) is linked instead: the build serves Leaflet from it and runs
#: citeproc-js, but never writes to it.
NOT_COPIED = (".venv", ".venv-tools", "_build", ".git", "test-artifacts", "node_modules", ".pytest_cache")


def copy_repository(root: Path, work: Path) -> Path:
    """The repository at `work`, ready to build: sources and data copied, node_modules linked, and the rendered
    citations cache (keyed by each item's content, so a hit is exact) copied so citeproc-js renders only what the
    test changed."""
    shutil.copytree(root, work, ignore=shutil.ignore_patterns(*NOT_COPIED), symlinks=True)
    (work / "node_modules").symlink_to(root / "node_modules", target_is_directory=True)
    cache = root / "_build" / ".edition-cache"
    if cache.is_dir():
        shutil.copytree(cache, work / "_build" / ".edition-cache")
    return work


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(site):
    handler = functools.partial(_Quiet, directory=str(site))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
        httpd.shutdown()


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser():
    exe = chromium_path()
    if exe is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but Debian's chromium is not installed: browser tests must run in CI")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium); browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        yield b
        b.close()


FIGURES = ".edition-plotly[data-edition-chart], figure.edition-map[data-edition-map]"


def show_figures(page, timeout: float = 20000) -> int:
    """Bring each chart and map into view in page order, as a reader scrolling down does (figures.js loads and
    draws a figure only when it comes near the window), and wait until each has drawn. Returns how many."""
    figures = page.locator(FIGURES).all()
    for fig in figures:
        fig.scroll_into_view_if_needed()
        fig.locator(".main-svg, .leaflet-overlay-pane path").first.wait_for(state="attached", timeout=timeout)
    return len(figures)


class PageWatch:
    """A page with every request and console message recorded, to prove offline behaviour."""

    def __init__(self, page, base):
        self.page, self.base = page, base
        self.requests: list[str] = []
        self.console: list[tuple[str, str]] = []
        self.page_errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", lambda m: self.console.append((m.type, m.text)))
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))

    def goto(self, path: str):
        url = f"{self.base}/{path}"
        self.page.goto(url, wait_until="load")
        # A redirect stub (the root index.html) replaces itself by meta refresh: wait for the page it points at, so
        # that no caller evaluates script in a document that is being torn down. (The browser cannot give back the
        # body of a page it has navigated away from, so ask the local server.)
        with urllib.request.urlopen(url) as stub:
            if b'http-equiv="refresh"' in stub.read():
                self.page.wait_for_url(lambda u: u != url, wait_until="load")
        return self.page

    def show_figures(self):
        show_figures(self.page)
        return self.page

    @property
    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests if not (u.startswith(self.base) or u.startswith("data:") or u.startswith("blob:"))]

    @property
    def errors(self) -> list[str]:
        return [t for k, t in self.console if k == "error"] + self.page_errors

    def shot(self, name: str, full_page: bool = False):
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


@pytest.fixture
def watch(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield PageWatch(page, server)
    context.close()
