"""YAML parsed by libyaml's C parser when PyYAML was built with it (as the PyPI wheels are): the same safe schema
and the same result as yaml.safe_load, about ten times faster (the notes files took most of a data check)."""

from __future__ import annotations

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str):
    return yaml.load(text, Loader=_LOADER)
