"""Which pages re-read when edition data are added or removed. (Which page shows which passage and note, and the
checks that every passage is shown once, are the edition domain's: sphinxext/domain.py.)"""

from __future__ import annotations

from . import domain, state
from .dependencies import listing_digest


def _outdated(app, env, added, changed, removed):
    """A file added to or removed from data/ or seeds/ re-reads every page of edition data (a new notes file, for
    instance, is not yet anybody's dependency); a changed file re-reads only the pages that declared it, which
    Sphinx does itself (sphinxext/dependencies.py)."""
    listing = listing_digest(state.edition(app).root)
    stale = set()
    if getattr(env, "edition_listing", None) != listing:
        stale = set(domain.of(env).docs) - set(removed)
    env.edition_listing = listing
    return sorted(stale)


def setup_coverage(app) -> None:
    app.connect("env-get-outdated", _outdated)
