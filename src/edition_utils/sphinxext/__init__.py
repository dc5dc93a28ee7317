"""The edition's one Sphinx extension: source cards, passages, note anchoring, appendix, scales, exports.

Modelled on sphinx-copybutton / sphinx-design: ``setup(app)`` registers nodes, directives, a role and static
files. All data handling lives in the pure modules below it; bad data stops the build before any page is written.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from .. import __version__
from ..edition import load_edition
from ..errors import EditionDataError
from ..exports import write_all
from ..seeds import read_seed
from . import directives as d
from .nodes import HTML_NODES, skip

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"


def _load(app: Sphinx) -> None:
    root = Path(app.config.edition_root or app.srcdir)
    try:
        app.edition = load_edition(root)
    except EditionDataError as exc:
        raise ExtensionError(f"bad edition data: {exc}") from None
    app.edition_seed = lambda name: read_seed(root / "seeds", name)
    _check_duplicates(app)
    app.config.html_static_path.append(str(STATIC))
    env = app.env
    if not hasattr(env, "edition_shown"):
        env.edition_shown = {}
    if not hasattr(env, "edition_note_labels"):
        env.edition_note_labels = {}


def _check_duplicates(app: Sphinx) -> None:
    """A unit recorded as a duplicate must really repeat its original, line by line, verbatim."""
    ed = app.edition
    for src in ed.registry.sources:
        if src.status != "duplicate":
            continue
        seed = app.edition_seed(src.seed_file)
        original = "\n".join(seed.line(n) for a, b in src.duplicate_of_lines for n in range(a, b + 1))
        for n in src.lines:
            if seed.line(n).strip() and seed.line(n) not in original:
                raise ExtensionError(f"bad edition data: data/sources.yml, entry {src.id}, field 'duplicate_of_lines': "
                                     f"line {n} does not occur verbatim in the lines it is said to repeat")


def _is_thebe(filename, attributes) -> bool:
    return filename == "sphinx-thebe.js" or "THEBE_JS_URL" in str(attributes.get("body", ""))


def _drop_thebe(app, env, docnames):
    """Jupyter Book always loads sphinx-thebe, whose loader script is re-added on every read phase and then
    declares THEBE_JS_URL twice (a console error on every page) and points at a CDN. Live code needs a Binder
    server we do not run, so the edition removes thebe's scripts."""
    app.registry.js_files = [(f, a) for f, a in app.registry.js_files if not _is_thebe(f, a)]
    if hasattr(app.builder, "_js_files"):
        app.builder._js_files = [js for js in app.builder._js_files
                                 if not _is_thebe(js.filename, js.attributes)]


def _purge(app, env, docname):
    env.edition_shown = {k: v for k, v in getattr(env, "edition_shown", {}).items() if v != docname}
    getattr(env, "edition_note_labels", {}).pop(docname, None)


def _merge(app, env, docnames, other):
    env.edition_shown.update(getattr(other, "edition_shown", {}))
    env.edition_note_labels.update(getattr(other, "edition_note_labels", {}))


def _consistency(app, env):
    """Every passage of every presented source must be shown somewhere: nothing vanishes unexplained."""
    missing = [p.id for p in app.edition.passages if p.id not in env.edition_shown]
    if missing:
        logger.warning(f"{len(missing)} passages are shown on no page, e.g. {', '.join(missing[:5])}")


def _finished(app, exception):
    if exception is None and app.builder.format == "html":
        write_all(app.edition, Path(app.outdir))


def _context(app, pagename, templatename, context, doctree):
    context["edition_version"] = __version__


def _code_version() -> int:
    """A number that changes whenever the edition's code changes, so Sphinx re-reads every page then
    (a stale page rendered by old directive code would otherwise survive an incremental build)."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parents[1].rglob("*")):
        if path.suffix in {".py", ".css", ".js"}:
            digest.update(path.read_bytes())
    return int(digest.hexdigest()[:8], 16)


def setup(app: Sphinx):
    app.add_config_value("edition_root", "", "env")
    app.add_config_value("edition_legend_doc", "chapters/front/scales", "env")
    app.add_config_value("edition_excluded_doc", "chapters/appendix/excluded", "env")
    for node, (visit, depart) in HTML_NODES.items():
        app.add_node(node, html=(visit, depart), latex=(skip, skip), text=(skip, skip))
    app.add_directive("edition-source", d.SourceDirective)
    app.add_directive("edition-notes", d.NotesDirective)
    app.add_directive("edition-excluded", d.ExcludedDirective)
    app.add_directive("edition-sources-table", d.SourcesTableDirective)
    app.add_directive("edition-scales", d.ScaleDirective)
    app.add_role("passage", d.PassageRole())
    app.connect("builder-inited", _load)
    app.connect("env-before-read-docs", _drop_thebe, priority=900)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-check-consistency", _consistency)
    app.connect("html-page-context", _context)
    app.connect("build-finished", _finished)
    app.add_css_file("edition.css")
    app.add_js_file("edition.js", loading_method="defer")
    return {"version": __version__, "env_version": _code_version(),
            "parallel_read_safe": True, "parallel_write_safe": True}
