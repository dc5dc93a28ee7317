"""Site-level files Sphinx's extensions get wrong for this book: the root redirect and an incremental sitemap."""

from __future__ import annotations

import html
from pathlib import Path

from . import state

REDIRECT_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="0; url={url}">
<title>{title}</title>{icon}
</head>
<body>
<main>
<h1>{title}</h1>
<p><a href="{url}">Continue to the edition</a></p>
</main>
</body>
</html>
"""


def _index_redirect(app, exception):
    """The site root. With a root document other than "index", sphinx-external-toc writes index.html as a bare
    <meta refresh> (no lang, no title, no link: a blank page where refreshes are blocked) unless the file exists."""
    if exception is not None or app.builder.name != "html" or app.config.root_doc == "index":
        return
    url = html.escape(app.builder.get_target_uri(app.config.root_doc))
    title = html.escape(app.config.html_title or app.config.project)
    # The site's icon, or the browser asks for /favicon.ico and logs a 404 before the refresh.
    favicon = app.config.html_favicon
    icon = f'\n<link rel="icon" href="_static/{html.escape(Path(favicon).name)}">' if favicon else ""
    (Path(app.outdir) / "index.html").write_text(
        REDIRECT_PAGE.format(lang=app.config.language or "en", url=url, title=title, icon=icon), encoding="utf-8")


def _complete_sitemap(app, exception):
    """sphinx-sitemap lists only the pages written by this build (its open issue jdillard/sphinx-sitemap#13), so an
    incremental build would publish a sitemap of the few pages an edit touched: hand it the unchanged ones too."""
    if exception is not None or "sphinx_sitemap" not in app.extensions or app.builder.format != "html":
        return
    from sphinx_sitemap import add_html_link

    for docname in sorted(app.env.found_docs - state.of(app).written):
        add_html_link(app, docname, None, None, None)


def setup_site_pages(app) -> None:
    app.connect("build-finished", _complete_sitemap, priority=400)  # before sphinx-sitemap writes it (500)
    app.connect("build-finished", _index_redirect, priority=400)  # before sphinx-external-toc's (500)
