"""The source registry: schema, coverage of every non-blank seed line, and clear errors on bad input."""

import json
import shutil

import pytest
import yaml

from edition_utils.errors import EditionDataError
from edition_utils.seeds import read_seed, seed_names
from edition_utils.sources import json_schema, load_registry


@pytest.fixture(scope="module")
def registry(root):
    return load_registry(root / "data/sources.yml", root / "seeds", root)


def test_every_nonblank_line_belongs_to_exactly_one_unit(root, registry):
    # Computed here independently of the loader's own check.
    claimed = {}
    for src in registry.sources:
        for n in src.lines:
            key = (src.seed_file, n)
            assert key not in claimed, f"{key} claimed by {claimed[key]} and {src.id}"
            claimed[key] = src.id
    total = 0
    for name in seed_names(root / "seeds"):
        seed = read_seed(root / "seeds", name)
        for n in seed.nonblank():
            total += 1
            assert (name, n) in claimed, f"{name} line {n} belongs to no source unit"
    assert total == 524


def test_units_statuses_and_kinds(registry):
    status = {}
    for src in registry.sources:
        status.setdefault(src.status, []).append(src.id)
    assert len(status["presented"]) == 15
    assert sorted(status["duplicate"]) == ["ah-thread-repost", "lenin-excerpt"]
    assert {"page-header", "page-footer", "ivar-name-page", "repost-comment", "seed002-footer"} == set(status["excluded"])
    assert registry.get("ah-thread").kind == "fiction"
    assert all(s.chapter for s in registry.presented)


def test_schema_file_is_in_step_with_the_model(root):
    committed = json.loads((root / "data/sources.schema.json").read_text())
    assert committed == json_schema(), "regenerate: python -m edition_utils schema > data/sources.schema.json"


def _broken(tmp_path, root, mutate):
    shutil.copytree(root / "seeds", tmp_path / "seeds")
    (tmp_path / "data").mkdir()
    data = yaml.safe_load((root / "data/sources.yml").read_text())
    mutate(data["sources"])
    path = tmp_path / "data/sources.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    with pytest.raises(EditionDataError) as info:
        load_registry(path, tmp_path / "seeds", tmp_path)
    return info.value


def _find(sources, sid):
    return next(s for s in sources if s["id"] == sid)


def test_missing_field_is_named(tmp_path, root):
    err = _broken(tmp_path, root, lambda s: _find(s, "smilga-bio").pop("rights"))
    assert err.file == "data/sources.yml" and "smilga-bio" in err.entry and err.field == "rights"


def test_overlapping_ranges_are_named(tmp_path, root):
    err = _broken(tmp_path, root, lambda s: _find(s, "smilga-fi").update(seed_lines=[[60, 77]]))
    assert "smilga-fi" in err.entry and err.field == "seed_lines" and "overlap" in str(err)


def test_range_past_the_end_is_named(tmp_path, root):
    err = _broken(tmp_path, root, lambda s: _find(s, "page-footer").update(seed_lines=[[844, 900]]))
    assert "page-footer" in err.entry and err.field == "seed_lines" and "875 lines" in str(err)


def test_unknown_flag_is_named(tmp_path, root):
    err = _broken(tmp_path, root, lambda s: _find(s, "chicherin-1918").update(reliability="G"))
    assert "chicherin-1918" in err.entry and err.field == "reliability"


def test_unknown_kind_is_named(tmp_path, root):
    err = _broken(tmp_path, root, lambda s: _find(s, "smilga-da").update(kind="blog"))
    assert "smilga-da" in err.entry and err.field == "kind"


def test_uncovered_line_is_reported(tmp_path, root):
    err = _broken(tmp_path, root, lambda s: s.remove(_find(s, "page-footer")))
    assert "844" in str(err) and "belong to no source" in str(err)


def test_bad_date_is_named(tmp_path, root):
    err = _broken(tmp_path, root, lambda s: _find(s, "wsws-dmitriev-2020").update(date="12 May 2020"))
    assert "wsws-dmitriev-2020" in err.entry and err.field == "date"


def test_a_duplicate_that_does_not_repeat_its_original_is_named(tmp_path, root):
    # `python -m edition_utils check` runs this too (it is part of loading the registry, not of the extension)
    dup = next(s for s in yaml.safe_load((root / "data/sources.yml").read_text())["sources"]
               if s.get("status") == "duplicate")
    first = dup["duplicate_of_lines"][0][0]
    err = _broken(tmp_path, root, lambda s: _find(s, dup["id"]).update(duplicate_of_lines=[[first + 1, first + 1]]))
    assert dup["id"] in err.entry and err.field == "duplicate_of_lines" and "verbatim" in str(err)


def test_sources_and_passages_json_say_what_the_registry_says(root):
    """Without the book: sources.json has every source once, with every registry field the registry gives (same
    values; none set to a stringified None or NaN), its page and its passage count; passages.json every passage
    with its text, seed line and permalink."""
    import hashlib

    from edition_utils.edition import load_edition
    from edition_utils.exports import passages_json, sources_json

    ed = load_edition(root)
    site = "https://example.org/ed/"
    out = sources_json(ed, site)
    assert [s["id"] for s in out] == [s.id for s in ed.registry.sources]
    for item, src in zip(out, ed.registry.sources):
        for field, value in src.model_dump(mode="json").items():
            if field != "url":  # the source's own address is source_url; url is its page in the edition
                assert item.get(field) == value, (src.id, field)
        assert item.get("source_url") == src.url and item["passages"] == len(ed.passages_of(src.id))
        # an excluded or duplicate unit: its entry on the excluded page (it once had no address at all)
        assert item["url"] == (f"{site}{ed.page_url(src.chapter)}" if src.chapter else
                               f"{site}chapters/appendix/excluded.html#source-{src.id}")
        assert not any(bad in json.dumps(item) for bad in ('"None"', '"nan"', "NaN")), src.id
    passages = passages_json(ed, site)
    assert [p["id"] for p in passages] == [p.id for p in ed.passages] and len(set(p.id for p in ed.passages)) == 445
    for item, p in zip(passages, ed.passages):
        assert (item["source_id"], item["text"], item["seed_lines"]) == (p.source_id, p.text, [p.line, p.line])
        assert item["url"] == f"{site}{ed.page_url(ed.registry.get(p.source_id).chapter)}#{p.id}"
        assert item["text_sha256"] == hashlib.sha256(p.text.encode("utf-8")).hexdigest()
