"""Configuration the edition derives for Sphinx: the canonical site address, our templates first, launch buttons."""

from __future__ import annotations

from pathlib import Path

from ..paths import EXCLUDED_DOC
from .state import data_errors

TEMPLATES = Path(__file__).parent / "templates"


def _site_url(app, config):
    """The canonical site address (publication.site_url: html.baseurl of _config.yml, or EDITION_SITE_URL, which
    the publishing workflow sets) for permalinks, exports, <link rel="canonical">, the sitemap and Open Graph."""
    from ..publication import site_url

    with data_errors():
        config.html_baseurl = site_url(Path(config.edition_root or app.srcdir))
    config.ogp_site_url = config.html_baseurl


def _templates(app, config):
    """Our template overrides (templates/) come before the theme's."""
    config.templates_path.insert(0, str(TEMPLATES))


def _launch_buttons(app, config):
    """Binder/JupyterHub launch buttons on the notebook chapters only once _config.yml names the repository."""
    import yaml

    from ..standalone import launch_options

    path = Path(app.srcdir) / "_config.yml"
    settings = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
    config.html_theme_options = {**(config.html_theme_options or {}), **launch_options(settings or {})}


def setup_config(app) -> None:
    app.add_config_value("edition_legend_doc", "chapters/front/scales", "env")
    app.add_config_value("edition_excluded_doc", EXCLUDED_DOC, "env")
    app.connect("config-inited", _site_url)
    app.connect("config-inited", _templates)
    app.connect("config-inited", _launch_buttons)
