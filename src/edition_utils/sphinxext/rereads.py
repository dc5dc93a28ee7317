"""Which pages re-read when edition data are added or removed, the table of contents changes, or the last build
failed. (Which page shows which passage and note, and the checks that every passage is shown once, are the edition
domain's: sphinxext/domain.py.)"""

from __future__ import annotations

import hashlib
from pathlib import Path

from . import domain, state
from .dependencies import listing_digest


def _toc_digest(app) -> str:
    path = getattr(app.config, "external_toc_path", None)
    toc = Path(app.srcdir, path) if path else None
    return hashlib.sha256(toc.read_bytes()).hexdigest() if toc and toc.is_file() else ""


def _outdated(app, env, added, changed, removed):
    """A file added to or removed from data/ or seeds/ re-reads every page of edition data (a new notes file, for
    instance, is not yet anybody's dependency); a changed file re-reads only the pages that declared it, which
    Sphinx does itself (sphinxext/dependencies.py)."""
    listing = listing_digest(state.edition(app).root)
    stale = set()
    if getattr(env, "edition_listing", None) != listing:
        stale = set(domain.of(env).docs) - set(removed)
    env.edition_listing = listing
    # Every page's sidebar shows the table of contents, but Sphinx rewrites only the pages it re-reads (and
    # sphinx-external-toc re-reads only the pages whose own entries changed): a page added to _toc.yml would be
    # missing from the other pages' menus until a clean build. So a changed _toc.yml re-reads every page.
    toc = _toc_digest(app)
    if getattr(env, "edition_toc", None) not in (None, toc):
        stale |= set(env.found_docs) - set(removed)
    env.edition_toc = toc
    return sorted(stale | (_failed(app) & set(env.found_docs)) - set(removed))


#: The pages a build that failed read or wrote, in the doctree folder beside Sphinx's pickled environment.
FAILED = "edition-failed-pages.txt"


def _failed(app) -> set[str]:
    path = Path(app.doctreedir) / FAILED
    return set(path.read_text(encoding="utf-8").split()) if path.is_file() else set()


def _finished(app, exception):
    """Sphinx logs a page's warnings only while it reads or writes that page, and after a build that failed on them
    (-W --keep-going still pickles the environment and writes the pages) an unchanged rebuild would do neither,
    and pass. So the pages a failed build read or wrote are read again by every build until one ends clean."""
    path = Path(app.doctreedir) / FAILED
    if state.clean(app, exception):
        path.unlink(missing_ok=True)
        return
    pages = _failed(app) | set(state.of(app).read) | (state.of(app).written & set(app.env.found_docs))
    path.write_text("\n".join(sorted(pages)) + "\n", encoding="utf-8")


def setup_rereads(app) -> None:
    app.connect("env-get-outdated", _outdated)
    app.connect("build-finished", _finished)
