"""YAML parsed by libyaml's C parser when PyYAML was built with it (as the PyPI wheels are): the same safe schema
and the same result as yaml.safe_load, about ten times faster (the notes files took most of a data check).

A build may also keep what it parsed between runs (use_cache): each text's result under a digest of the text and
PyYAML's version, so that after one edited notes file the other files are not parsed again (their parsing was half
of loading the edition)."""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CACHE: dict = {"path": None, "kept": {}, "used": {}}


def load(text: str):
    if _CACHE["path"] is None:
        return yaml.load(text, Loader=_LOADER)
    key = hashlib.sha256(f"{yaml.__version__}:{_LOADER.__name__}\0{text}".encode()).hexdigest()
    parsed = _CACHE["kept"].get(key)
    if parsed is None:
        parsed = pickle.dumps(yaml.load(text, Loader=_LOADER), pickle.HIGHEST_PROTOCOL)  # a YAMLError is not kept
    _CACHE["used"][key] = parsed
    return pickle.loads(parsed)  # a fresh copy each time, as a parse gives


def use_cache(path: Path | None) -> None:
    """Keep parsed texts in `path` (a pickle file a build owns, beside its other caches); None: parse every time."""
    kept = {}
    if path is not None:
        try:
            with open(path, "rb") as f:
                kept = pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError, ImportError):
            kept = {}  # none yet, or unreadable: parsed afresh
    _CACHE.update(path=path, kept=kept if isinstance(kept, dict) else {}, used={})


def save_cache() -> None:
    """Write the texts parsed or reused since use_cache (only those: an old file's entry does not stay)."""
    path, used = _CACHE["path"], _CACHE["used"]
    if path is None or used == _CACHE["kept"]:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        pickle.dump(used, f, pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
    _CACHE["kept"] = dict(used)
