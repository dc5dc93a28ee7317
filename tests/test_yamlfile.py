"""The parsed YAML a build keeps between runs (edition_utils.yamlfile.use_cache): an unchanged file is not parsed
again, an edited one always is, and the result is what parsing gives."""

from __future__ import annotations

import pytest
import yaml

from edition_utils import yamlfile


@pytest.fixture
def cache(tmp_path):
    path = tmp_path / "yaml.pickle"
    yield path
    yamlfile.use_cache(None)


def test_an_edited_file_is_parsed_again_and_an_unchanged_one_is_not(cache, monkeypatch, root):
    texts = [p.read_text(encoding="utf-8") for p in sorted((root / "data" / "notes").glob("*.yml"))[:3]]
    yamlfile.use_cache(cache)
    first = [yamlfile.load(t) for t in texts]
    assert first == [yaml.safe_load(t) for t in texts]
    yamlfile.save_cache()

    edited = texts[0].replace("body:", "body: EDITED", 1)
    expected = [yaml.safe_load(t) for t in [edited, *texts[1:]]]
    parsed, real = [], yaml.load
    monkeypatch.setattr(yaml, "load", lambda text, Loader: parsed.append(text) or real(text, Loader=Loader))
    yamlfile.use_cache(cache)  # as the next build
    assert [yamlfile.load(t) for t in [edited, *texts[1:]]] == expected
    assert parsed == [edited]
    again = yamlfile.load(texts[1])
    again[0]["id"] = "changed by a caller"
    assert yamlfile.load(texts[1])[0]["id"] != "changed by a caller"  # each load is a fresh copy
    yamlfile.save_cache()

    yamlfile.use_cache(cache)  # only what the last build used is kept: the file before the edit has gone
    yamlfile.load(texts[0])
    assert parsed == [edited, texts[0]]
    with pytest.raises(yaml.YAMLError):
        yamlfile.load("a: [unclosed")
    cache.write_bytes(b"not a pickle")
    yamlfile.use_cache(cache)  # damaged: parsed afresh
    assert yamlfile.load(texts[2]) == first[2]
