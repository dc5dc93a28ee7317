"""The notebook chapters run outside the book too (as in JupyterLab via jupytext) and emit MIME bundles that
JupyterLab renders: plotly's JSON for charts, and for maps folium's own HTML besides the book's Leaflet bundle."""

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
        assert "iframe" in html  # folium's standard rendering, what JupyterLab shows
