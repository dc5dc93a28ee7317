"""Who publishes the edition and where: the canonical site address and the editors, read from the project's own
configuration files without Sphinx (the CLI, the exports, the Sphinx extension and any later export use these).

- The site address is ONE setting, `html.baseurl` in _config.yml (Jupyter Book passes it to Sphinx as
  html_baseurl), overridden by the environment variable EDITION_SITE_URL (set by the publishing workflow).
- The editors are the `authors` of CITATION.cff, the edition's metadata file (Citation File Format 1.2.0).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from . import yamlfile
from .errors import EditionDataError

ENV_SITE_URL = "EDITION_SITE_URL"


def _yaml(path: Path) -> dict:
    try:
        data = yamlfile.load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise EditionDataError(path.name, None, None, f"unreadable: {exc}") from None
    if not isinstance(data, dict):
        raise EditionDataError(path.name, None, None, "must be a YAML mapping")
    return data


def normalise_url(url: str, where: str) -> str:
    """An absolute http(s) address ending in "/", so that `site_url + "chapters/x.html"` is the page's address."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise EditionDataError(where, None, None, f"{url!r} is not an absolute http(s) address of the site root")
    return url.strip().rstrip("/") + "/"


def configured_site_url(root: Path) -> str:
    """The setting itself (html.baseurl in _config.yml), ignoring the environment."""
    value = (_yaml(root / "_config.yml").get("html") or {}).get("baseurl")
    if not value:
        raise EditionDataError("_config.yml", None, "html.baseurl", "the site's canonical address must be set")
    return normalise_url(str(value), "_config.yml, field 'html.baseurl'")


def site_url(root: Path) -> str:
    """The canonical address of the published site: EDITION_SITE_URL if set, else html.baseurl of _config.yml."""
    env = os.environ.get(ENV_SITE_URL, "").strip()
    if env:
        return normalise_url(env, f"environment variable {ENV_SITE_URL}")
    return configured_site_url(root)


def edition_metadata(root: Path) -> dict:
    """CITATION.cff, checked for the keys the edition's citations need."""
    cff = _yaml(root / "CITATION.cff")
    for key in ("cff-version", "message", "title", "authors", "version", "date-released", "url"):
        if not cff.get(key):
            raise EditionDataError("CITATION.cff", None, key, "required by the edition's citations")
    return cff


def editors(root: Path) -> list[dict]:
    """The edition's editors as CSL name objects: {"literal": organisation} or {"family": ..., "given": ...}."""
    out = []
    for person in edition_metadata(root)["authors"]:
        if person.get("name"):
            out.append({"literal": str(person["name"])})
        elif person.get("family-names"):
            name = {"family": str(person["family-names"])}
            if person.get("given-names"):
                name["given"] = str(person["given-names"])
            out.append(name)
        else:
            raise EditionDataError("CITATION.cff", None, "authors", "each author needs `name` or `family-names`")
    return out


def display_name(name: dict) -> str:
    """A CSL name object as one would write it: "Given Family" or the literal name."""
    return name.get("literal") or " ".join(x for x in (name.get("given"), name.get("family")) if x)


def editor_names(root: Path) -> list[str]:
    return [display_name(n) for n in editors(root)]
