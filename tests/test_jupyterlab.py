"""The notebook chapters as a reader of the notebooks sees them: opened in JupyterLab (as notebooks, via jupytext),
every cell run by the venv's kernel, the plotly charts and the Leaflet map drawn, with no network at all."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from conftest import ARTIFACTS, CHROMIUM_ARGS, ROOT, chromium_path
from edition_utils.schema import LEAFLET_MIME, PLOTLY_MIME

pytestmark = pytest.mark.browser

VENV_BIN = ROOT / ".venv" / "bin"
# Chromium resolves no host but 127.0.0.1: a CDN request fails here (and is recorded) instead of leaking out.
OFFLINE_ARGS = CHROMIUM_ARGS + ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
SETTINGS = {  # user settings of the throw-away JupyterLab
    # Nothing is written back to the chapters: no autosave (and the test never saves).
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    # Every cell rendered (no virtual scrolling), so every chart and map is drawn, not only those in view.
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """`jupyter lab` from the venv on a free port, with throw-away config/data/runtime/settings/workspaces dirs."""
    home = tmp_path_factory.mktemp("jupyter")
    for name, values in SETTINGS.items():
        path = home / "settings" / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_DATA_DIR": str(home / "data"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime")}
    env.pop("EDITION_ROOT", None)  # the kernel finds the edition from the notebook's own folder, as a reader's does
    port = _free_port()
    cmd = [str(VENV_BIN / "jupyter"), "lab", "--no-browser", "--ServerApp.open_browser=False",
           "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
           f"--ServerApp.root_dir={ROOT}", "--IdentityProvider.token=", "--ServerApp.password=",
           "--ServerApp.allow_root=True",  # CI containers run as root
           "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
           "--LabApp.extension_manager=readonly",  # the default one asks PyPI about extensions
           "--LabApp.expose_app_in_browser=True",  # window.jupyterapp, to open a file with a chosen factory
           f"--LabApp.user_settings_dir={home / 'settings'}", f"--LabApp.workspaces_dir={home / 'workspaces'}",
           # JupyterLab checkpoints every file it opens: into the throw-away dir, not .ipynb_checkpoints/ in chapters/
           f"--FileCheckpoints.checkpoint_dir={home / 'checkpoints'}"]
    log_path = home / "server.log"
    log = log_path.open("w")
    # Its own process group, so that the server and its kernels are stopped together.
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, "jupyter lab exited:\n" + log_path.read_text()[-4000:]
            try:
                with urllib.request.urlopen(f"{base}/api/status", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "jupyter lab does not answer:\n" + log_path.read_text()[-4000:]
            time.sleep(0.3)
        yield {"base": base, "proc": proc}
    finally:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(proc.pid, sig)
                proc.wait(timeout=15)
                break
            except ProcessLookupError:
                break
            except subprocess.TimeoutExpired:
                continue
        log.close()


@pytest.fixture(scope="module")
def offline_browser(browser):
    """A second Chromium with the host-resolver rule (a launch argument), from the Playwright of the shared
    `browser` fixture, which also decides whether browser tests skip (never under CI=true)."""
    b = browser.browser_type.launch(executable_path=chromium_path(), args=OFFLINE_ARGS)
    yield b
    b.close()


@pytest.fixture
def chapters_unchanged():
    """Neither JupyterLab nor jupytext may write to the chapters (no save, no paired .ipynb, no checkpoints)."""
    def snapshot():
        return {str(p.relative_to(ROOT)): p.stat().st_mtime_ns for p in (ROOT / "chapters").rglob("*")}

    before, top = snapshot(), set(os.listdir(ROOT))
    yield
    assert snapshot() == before, "JupyterLab changed files in chapters/"
    assert set(os.listdir(ROOT)) - top - {ARTIFACTS.name} == set(), "new files in the repository root"


RUN_ALL = """async (path) => {
    const app = window.jupyterapp;
    await app.started; await app.restored;
    // JupyterLab 4 opens .md in the text editor, and its /lab/tree/ route ignores a ?factory= parameter: open it
    // explicitly with jupytext's notebook factory.
    const panel = await app.commands.execute('docmanager:open', {path, factory: 'Jupytext Notebook'});
    await panel.context.ready; await panel.sessionContext.ready;
    window.__edition = {panel, done: false};
    app.shell.activateById(panel.id);
    app.shell.collapseLeft();  // room for the notebook in the screenshots
    await app.commands.execute('notebook:run-all-cells');
    window.__edition.done = true;
}"""
FINISHED = """() => {
    const e = window.__edition, session = e && e.panel.sessionContext.session;
    return !!(e && e.done && session && session.kernel && session.kernel.status === 'idle'
              && e.panel.content.widgets.every(c => c.model.type !== 'code' || c.model.executionCount !== null));
}"""
OUTPUTS = """() => {
    const out = [];
    for (const cell of window.__edition.panel.content.widgets) {
        if (cell.model.type !== 'code') continue;
        for (let i = 0; i < cell.model.outputs.length; i++) {
            const o = cell.model.outputs.get(i).toJSON();
            out.push({type: o.output_type, mimes: Object.keys(o.data || {}), name: o.name || null,
                      text: [].concat(o.text || o.traceback || []).join('').slice(0, 2000)});
        }
    }
    return out;
}"""


class LabRun:
    """One chapter opened in a fresh JupyterLab workspace and run; every request and error recorded."""

    def __init__(self, browser, lab, path: str):
        self.base = lab["base"]
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.on("request", lambda r: self.requests.append(r.url))  # all pages and frames, iframes too
        self.page = page = self.context.new_page()
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        # A workspace of its own: nothing restored from another test's tabs.
        page.goto(f"{self.base}/lab/workspaces/{Path(path).stem}", wait_until="load")
        page.wait_for_function("window.jupyterapp !== undefined", timeout=60000)
        page.evaluate(RUN_ALL, path)
        page.wait_for_function(FINISHED, timeout=120000, polling=250)
        assert page.evaluate("window.__edition.panel.hasClass('jp-NotebookPanel')"), f"{path} is not a notebook"
        self.outputs = page.evaluate(OUTPUTS)
        failed = [o for o in self.outputs
                  if o["type"] == "error" or (o["name"] == "stderr" and "Traceback" in o["text"])]
        assert failed == [], failed
        assert page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]',
                            has_text="Traceback").count() == 0
        kernels = [p.cmdline()[0] for p in psutil.Process(lab["proc"].pid).children(recursive=True)
                   if "ipykernel_launcher" in p.cmdline()]
        assert kernels and all(Path(k).parent.resolve() == VENV_BIN.resolve() for k in kernels), kernels  # venv's

    @property
    def foreign_requests(self) -> list[str]:
        local = (self.base + "/", self.base.replace("http", "ws", 1) + "/", "data:", "blob:", "about:")
        return [u for u in self.requests if not u.startswith(local)]

    def shot(self, name: str):
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


@pytest.fixture
def run_chapter(offline_browser, lab, chapters_unchanged):
    runs = []

    def run(path: str) -> LabRun:
        runs.append(LabRun(offline_browser, lab, path))
        return runs[-1]

    yield run
    for run in runs:
        run.context.close()


def test_career_charts_draw_in_jupyterlab_offline(run_chapter):
    run = run_chapter("chapters/smilga/career.md")
    charts = sum(PLOTLY_MIME in o["mimes"] for o in run.outputs)
    assert charts >= 3
    # plotly's own JupyterLab extension (shipped in the plotly wheel) draws each figure as SVG with its traces, in
    # an output element that is itself the .js-plotly-plot
    run.page.wait_for_function(f"""() => [...document.querySelectorAll('.jp-OutputArea-output.js-plotly-plot')]
        .filter(p => p.querySelector('.main-svg g.trace')).length === {charts}""", timeout=60000)
    assert run.page.locator(".js-plotly-plot").count() == charts
    run.page.locator(".js-plotly-plot").first.evaluate("e => e.scrollIntoView({block: 'start'})")
    run.shot("jupyterlab-career")
    assert run.foreign_requests == []
    assert run.errors == []


def test_nakhchivan_map_draws_in_jupyterlab_offline(run_chapter):
    run = run_chapter("chapters/nakhchivan/maps.md")
    maps = [o for o in run.outputs if LEAFLET_MIME in o["mimes"]]
    assert maps and all("text/html" in o["mimes"] for o in maps)  # JupyterLab shows the text/html iframe
    frames = run.page.locator(".jp-OutputArea-output iframe")
    assert frames.count() == len(maps)
    for i in range(len(maps)):
        frame = frames.nth(i).element_handle().content_frame()
        frame.wait_for_selector(".leaflet-container .leaflet-overlay-pane path", state="attached", timeout=30000)
        assert frame.locator(".leaflet-overlay-pane path").count() >= 20  # base + areas + lines + places
        assert frame.locator(".leaflet-control-layers-overlays label").count() == 6
    # a place's popup (built with jQuery, inlined too) cites its passages
    frames.first.evaluate("e => e.scrollIntoView({block: 'start'})")
    frame = frames.first.element_handle().content_frame()
    frame.locator('path.leaflet-interactive[stroke="#222222"]').first.click(force=True)
    frame.wait_for_selector(".leaflet-popup-content a", timeout=5000)
    frame.wait_for_function("getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")
    run.shot("jupyterlab-maps")
    assert run.foreign_requests == []
    assert run.errors == []
