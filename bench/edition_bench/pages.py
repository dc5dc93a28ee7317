"""Pages of a built site in headless Chromium (Debian's, through Playwright), served on 127.0.0.1: bytes, requests,
scripts, requests to other hosts, plotly.js loads, render-blocking resources and time to the first chart or map."""

from __future__ import annotations

import json
import re
import socket
import statistics
import subprocess
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from .env import CHROMIUM, CHROMIUM_ARGS, VENV_PY, say

VIEWPORT = "1280×720"  # Playwright's default window, in which every page is loaded
CHART_SEL = ".edition-plotly .main-svg"
MAP_SEL = ".edition-map .leaflet-overlay-pane path"
DRAW_PROBE = """
(() => {
  const CHART = %s, MAP = %s;
  window.__benchDraw = null;
  const check = () => {
    if (window.__benchDraw !== null) return;
    const chart = document.querySelector(CHART), map = document.querySelector(MAP);
    if (chart || map) {
      window.__benchDraw = {t: performance.now(), kind: chart ? "chart" : "map"};
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, {childList: true, subtree: true});
})();
""" % (json.dumps(CHART_SEL), json.dumps(MAP_SEL))

PAGE_INFO = """() => {
        const nav = performance.getEntriesByType('navigation')[0];
        return {scripts: document.querySelectorAll('script').length,
                chart: !!document.querySelector('.edition-plotly'), map: !!document.querySelector('.edition-map'),
                dcl: nav ? nav.domContentLoadedEventStart : null, load: nav ? nav.loadEventStart : null,
                plotly: performance.getEntriesByType('resource').filter(e => /plotly[^/]*[.]js/.test(e.name))
                                   .map(e => e.responseEnd)[0] ?? null};
    }"""


# ------------------------------------------------------------------------------------------- serving the site

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(site: Path, port: int | None = None) -> tuple[subprocess.Popen, str]:
    port = port or free_port()
    server = subprocess.Popen([str(VENV_PY), "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(site)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "index.html", timeout=1).read()
            return server, base
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("http.server did not start")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=10)


def site_pages(site: Path) -> list[str]:
    out = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel in ("genindex.html", "search.html") or rel.split("/")[0].startswith("_"):
            continue  # _static/*.html are theme template macros, not pages
        out.append(rel)
    return out


def html_sizes(site: Path) -> dict:
    sizes = [(site / rel).stat().st_size for rel in site_pages(site) if rel != "index.html"]
    return {"html_max": max(sizes), "html_median": statistics.median(sizes), "pages": len(sizes)}


# ------------------------------------------------------------------------------------------- render-blocking

class _HeadScan(HTMLParser):
    """Synchronous scripts and stylesheets in <head>: what the parser must fetch (and run) before first paint."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_head, self.done, self.blocking = False, False, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head, self.done = False, True
        if not self.in_head or self.done:
            return
        if tag == "script" and a.get("src") and not _deferred(a):
            self.blocking.append(("script", a["src"]))
        elif tag == "link" and "stylesheet" in (a.get("rel") or "").split() and _blocks_style(a):
            self.blocking.append(("stylesheet", a.get("href") or ""))

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head, self.done = False, True


def _deferred(a: dict) -> bool:
    return "defer" in a or "async" in a or (a.get("type") or "").strip().lower() == "module"


def _blocks_style(a: dict) -> bool:
    media = (a.get("media") or "all").strip().lower()
    return "disabled" not in a and media in ("all", "screen", "") and "alternate" not in (a.get("rel") or "")


def render_blocking(html: str) -> list[tuple[str, str]]:
    scan = _HeadScan()
    scan.feed(html)
    return [(kind, url.split("?")[0]) for kind, url in scan.blocking]


# ------------------------------------------------------------------------------------------- one cold load

def _external(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname != "127.0.0.1"


def _watch_requests(context, page, url: str):
    """Record the page's requests until it sends the browser elsewhere (a redirect page)."""
    counted, finished, failed = [], set(), []
    state = {"away": False}

    def on_request(req):
        if req.is_navigation_request() and req.frame == page.main_frame and req.url.split("#")[0] != url:
            state["away"] = True  # a redirect page sends the browser on: the next page is not this page's weight
        if not state["away"]:
            counted.append(req)

    context.on("request", on_request)
    context.on("requestfinished", lambda req: finished.add(id(req)))
    context.on("requestfailed", lambda req: failed.append(req.url))
    return counted, finished, failed, state


def _page_info(page, state: dict) -> dict:
    info = {"scripts": None, "chart": False, "map": False, "dcl": None, "load": None, "plotly": None}
    try:
        info = page.evaluate(PAGE_INFO)
    except Exception:  # noqa: BLE001 - a redirect page (meta refresh) navigated away under us
        if not state["away"]:
            raise
    if state["away"]:
        info = {**info, "scripts": None, "dcl": None, "load": None}  # those were the next page's
    return info


def _first_draw(page, info: dict) -> dict | None:
    if not (info["chart"] or info["map"]):
        return None
    try:
        page.wait_for_function("window.__benchDraw !== null", timeout=15_000)
        return page.evaluate("window.__benchDraw")
    except Exception:  # noqa: BLE001 - a timeout is a result
        return {"t": None, "kind": "timeout"}


def _sizes(counted, finished) -> list[tuple[str, int]]:
    sizes = []
    for req in counted:
        size = 0
        if id(req) in finished:
            try:
                size = req.sizes()["responseBodySize"]
            except Exception:  # noqa: BLE001
                pass
        sizes.append((req.url, size))
    return sizes


#: A figure's element id (sphinxext.nodes: the chart's div, the map's figure), to load a page at its first figure.
FIGURE_ID = re.compile(r'<(?:div|figure)\b[^>]*\bid="((?:chart|map)-[0-9a-f]{10})"')


def load_page(browser, base: str, rel: str, fragment: str = "") -> dict:
    """One cold load (fresh browser context, so an empty cache). With a fragment (a figure's id) the page opens
    scrolled to that figure, as when a reader follows a link to it, and the time to its first drawing is taken;
    without one, the page opens at its top and draws only the figures near the window (figures.js), and `draw`
    says whether any figure had drawn by the time the network was idle."""
    url = base + rel
    context = browser.new_context()
    context.add_init_script(DRAW_PROBE)
    page = context.new_page()
    counted, finished, failed, state = _watch_requests(context, page, url)
    page.goto(url + (f"#{fragment}" if fragment else ""), wait_until="load", timeout=60_000)
    info = _page_info(page, state)
    draw = _first_draw(page, info) if fragment else None
    try:
        page.wait_for_load_state("networkidle", timeout=10_000)
    except Exception:  # noqa: BLE001
        pass
    if not fragment and (info["chart"] or info["map"]) and not state["away"]:
        draw = page.evaluate("window.__benchDraw") or {"t": None, "kind": "not near"}
    sizes = _sizes(counted, finished)
    context.close()
    urls = [u for u, _ in sizes]
    return {"requests": len(urls), "bytes": sum(n for _, n in sizes), "external": [u for u in urls if _external(u)],
            "plotly_requests": sum(1 for u in urls if re.search(r"/plotly[^/]*\.js(\?|$)", u.split("#")[0])),
            "dom_scripts": info["scripts"], "chart": info["chart"], "map": info["map"],
            "dcl_ms": info["dcl"], "load_ms": info["load"], "plotly_end_ms": info["plotly"], "draw": draw,
            "failed": failed, "redirected": state["away"],
            "resources": [(u.replace(base, "/").split("?")[0], n) for u, n in sizes]}


# ------------------------------------------------------------------------------------------- every page

def _median(values) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def _repeat_draws(browser, base: str, rel: str, first: dict, draw_runs: int, figure: str | None) -> dict:
    """The first-draw times: `draw_runs` cold loads of the page opened at its first figure (`figure`, its id);
    `first`, the load at the top of the page, counts only if it drew a figure (one near the window)."""
    loads = []
    if figure and (first["chart"] or first["map"]):
        loads = [load_page(browser, base, rel, figure) for _ in range(draw_runs)]
    draws = [x["draw"] for x in loads]
    times = [d["t"] for d in draws if d and d.get("t") is not None]
    top = first.get("draw") or {}
    return {"draw_ms": [round(t, 1) for t in times], "draw_median": _median(times),
            "dcl_median": _median(x["dcl_ms"] for x in loads),
            "plotly_end_median": _median(x["plotly_end_ms"] for x in loads),
            "draw_kind": next((d["kind"] for d in draws if d), None),
            "draw_timeouts": sum(1 for d in draws if d and d.get("t") is None),
            "figure": figure, "drawn_at_top": top.get("t"), "figure_bytes": _median(x["bytes"] for x in loads),
            "figure_requests": _median(x["requests"] for x in loads)}


def measure_page(browser, base: str, site: Path, rel: str, draw_runs: int) -> dict:
    html = (site / rel).read_text(encoding="utf-8", errors="replace")
    first = load_page(browser, base, rel)
    figure = FIGURE_ID.search(html)
    inline_plotly = len(re.findall(r"plotly\.js v\d", html))
    refresh = re.search(r'http-equiv="refresh"[^>]*url=([^"]+)"', html, re.I)
    r = {"page": rel, "html_bytes": (site / rel).stat().st_size,
         "static_scripts": len(re.findall(r"<script\b", html, re.I)), "blocking": render_blocking(html),
         "inline_plotly": inline_plotly, "plotly_loads": first["plotly_requests"] + inline_plotly,
         **_repeat_draws(browser, base, rel, first, draw_runs, figure and figure.group(1)),
         "redirect": refresh.group(1) if refresh else None, **first}
    say(f"page {rel}: {r['html_bytes'] / 1024:.0f} KB html, {r['bytes'] / 1024:.0f} KB in, "
        f"{r['requests']} req, {len(r['blocking'])} render-blocking, {len(r['external'])} external"
        + (f", first {r['draw_kind']} {r['draw_ms']} ms" if r["draw_ms"] or r["draw_timeouts"] else ""))
    return r


def measure_pages(site: Path, draw_runs: int, baseline: Path | None = None) -> tuple[list[dict], dict | None, str]:
    """Every page of `site`, and the index page of the empty book's site `baseline` (same browser, same way)."""
    from playwright.sync_api import sync_playwright

    server, base = serve(site)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            version = f"Chromium {browser.version}"
            warm = "chapters/intro.html" if (site / "chapters/intro.html").exists() else site_pages(site)[0]
            load_page(browser, base, warm)  # warm-up, discarded
            results = [measure_page(browser, base, site, rel, draw_runs) for rel in site_pages(site)]
            empty = _measure_baseline(browser, baseline) if baseline else None
            browser.close()
    finally:
        stop(server)
    return results, empty, version


def _measure_baseline(browser, site: Path) -> dict:
    server, base = serve(site)
    try:
        return measure_page(browser, base, site, "index.html", 1)
    finally:
        stop(server)
