"""Where the edition's files live. Everything takes an explicit root so tests can point at a copy."""

from __future__ import annotations

import os
from pathlib import Path


def find_root(start: Path | None = None) -> Path:
    """The repository root: $EDITION_ROOT, else the nearest parent holding both _config.yml and seeds/."""
    env = os.environ.get("EDITION_ROOT")
    if env:
        return Path(env).resolve()
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "_config.yml").is_file() and (candidate / "seeds").is_dir():
            return candidate
    raise FileNotFoundError(f"no edition root (a folder with _config.yml and seeds/) above {here}")


def rel(path: Path, root: Path) -> str:
    """A path as the user sees it in messages: relative to the root when possible."""
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
