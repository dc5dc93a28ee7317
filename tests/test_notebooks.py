"""The notebook chapters run outside the book too (as in JupyterLab via jupytext) and emit MIME bundles that
JupyterLab renders: plotly's JSON for charts, and for maps a self-contained iframe besides the book's Leaflet
bundle (tests/test_jupyterlab.py proves both draw in JupyterLab with no network)."""

import jupytext
import pytest
from nbclient import NotebookClient


@pytest.mark.parametrize("chapter, mime", [
    ("chapters/smilga/career.md", "application/vnd.plotly.v1+json"),
    ("chapters/nakhchivan/maps.md", "application/vnd.edition.leaflet+json"),
])
def test_notebook_runs_and_emits_renderable_outputs(root, chapter, mime):
    nb = jupytext.read(root / chapter)
    NotebookClient(nb, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": str((root / chapter).parent)}}).execute()
    bundles = [o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert any(mime in b for b in bundles)
    if "leaflet" in mime:
        html = next(b["text/html"] for b in bundles if mime in b)
        assert html.startswith("<iframe") and "https://" not in html.split("srcdoc=")[0]  # what JupyterLab shows
        assert "cdn.jsdelivr" not in html and "cdnjs" not in html  # Leaflet inlined, not fetched
