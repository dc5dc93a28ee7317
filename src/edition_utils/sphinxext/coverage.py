"""Which page shows which passage and note, kept in Sphinx's environment across incremental builds; and the check
that every passage of every presented source is shown somewhere (nothing vanishes unexplained)."""

from __future__ import annotations

from sphinx.util import logging

from . import state
from .dependencies import listing_digest

logger = logging.getLogger(__name__)

#: The environment's edition records and their empty values.
RECORDS = (("edition_shown", dict), ("edition_note_labels", dict), ("edition_docs", set), ("edition_notebooks", set))


def _init_records(app):
    for attr, empty in RECORDS:
        if not hasattr(app.env, attr):
            setattr(app.env, attr, empty())


def _outdated(app, env, added, changed, removed):
    """A file added to or removed from data/ or seeds/ re-reads every page of edition data (a new notes file, for
    instance, is not yet anybody's dependency); a changed file re-reads only the pages that declared it, which
    Sphinx does itself (sphinxext/dependencies.py)."""
    listing = listing_digest(state.edition(app).root)
    stale = set()
    if getattr(env, "edition_listing", None) != listing:
        stale = set(env.edition_docs) - set(removed)
    env.edition_listing = listing
    return sorted(stale)


def _purge(app, env, docname):
    env.edition_docs.discard(docname)
    env.edition_notebooks.discard(docname)
    env.edition_shown = {k: v for k, v in getattr(env, "edition_shown", {}).items() if v != docname}
    getattr(env, "edition_note_labels", {}).pop(docname, None)


def _merge(app, env, docnames, other):
    env.edition_shown.update(getattr(other, "edition_shown", {}))
    env.edition_note_labels.update(getattr(other, "edition_note_labels", {}))
    env.edition_docs.update(getattr(other, "edition_docs", set()))
    env.edition_notebooks.update(getattr(other, "edition_notebooks", set()))


def _consistency(app, env):
    """Every passage of every presented source must be shown somewhere: nothing vanishes unexplained."""
    if not state.of(app).read and not state.edition(app).loaded:
        return  # a no-change rebuild of already validated inputs: nothing new to check
    missing = [p.id for p in state.edition(app).passages if p.id not in env.edition_shown]
    if missing:
        logger.warning(f"{len(missing)} passages are shown on no page, e.g. {', '.join(missing[:5])}")


def setup_coverage(app) -> None:
    app.connect("builder-inited", _init_records)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-check-consistency", _consistency)
