"""Stable passage IDs: recorded once, never renumbered, never silently changed."""

import csv
import shutil

import pytest

from edition_utils.errors import EditionDataError
from edition_utils.passages import read_recorded, register, resolve
from edition_utils.sources import load_registry


@pytest.fixture
def copy(tmp_path, root):
    shutil.copytree(root / "seeds", tmp_path / "seeds")
    shutil.copytree(root / "data", tmp_path / "data")
    registry = load_registry(tmp_path / "data/sources.yml", tmp_path / "seeds", tmp_path)
    return tmp_path, registry


def test_every_recorded_id_resolves_with_its_text(root):
    registry = load_registry(root / "data/sources.yml", root / "seeds", root)
    passages = resolve(registry, root / "seeds", root / "data/passages.csv", root / "data/passage_changes.yml")
    recorded = read_recorded(root / "data/passages.csv")
    assert {p.id for p in passages} == {r["id"] for r in recorded}
    assert len(passages) == 445
    first = next(p for p in passages if p.id == "smilga-bio.1")
    assert first.line == 14 and first.text.startswith("Ivar Smilga was born in Aloja")


def test_ids_look_like_source_dot_number(root):
    for row in read_recorded(root / "data/passages.csv"):
        source, _, number = row["id"].rpartition(".")
        assert source == row["source_id"] and number.isdigit()


def test_changed_text_without_a_recorded_reason_fails(copy):
    tmp, registry = copy
    rows = list(csv.DictReader((tmp / "data/passages.csv").open()))
    rows[3]["text_sha256"] = "0" * 64
    with (tmp / "data/passages.csv").open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    with pytest.raises(EditionDataError) as info:
        resolve(registry, tmp / "seeds", tmp / "data/passages.csv", tmp / "data/passage_changes.yml")
    assert info.value.entry == rows[3]["id"] and info.value.field == "text_sha256"


def test_a_vanished_id_fails_unless_retired_with_a_reason(copy):
    tmp, registry = copy
    with (tmp / "data/passages.csv").open("a") as fh:
        fh.write("smilga-bio.99,smilga-bio,001_c40d291770a508ff.txt,13,abc\n")
    with pytest.raises(EditionDataError) as info:
        resolve(registry, tmp / "seeds", tmp / "data/passages.csv", tmp / "data/passage_changes.yml")
    assert info.value.entry == "smilga-bio.99"
    (tmp / "data/passage_changes.yml").write_text(
        "- {id: smilga-bio.99, change: retired, reason: test, date: 2026-11-22}\n")
    resolve(registry, tmp / "seeds", tmp / "data/passages.csv", tmp / "data/passage_changes.yml")


def test_register_appends_and_never_renumbers(copy):
    tmp, registry = copy
    before = read_recorded(tmp / "data/passages.csv")
    # Pretend smilga-bio.3 was never recorded: it must come back as a *new* number, not as 3.
    kept = [r for r in before if r["id"] != "smilga-bio.3"]
    with (tmp / "data/passages.csv").open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(kept[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(kept)
    new = register(registry, tmp / "seeds", tmp / "data/passages.csv")
    assert [r["id"] for r in new] == ["smilga-bio.16"]
    assert register(registry, tmp / "seeds", tmp / "data/passages.csv") == []


def test_unregistered_passage_fails_the_load(copy):
    tmp, registry = copy
    rows = read_recorded(tmp / "data/passages.csv")[:-1]
    with (tmp / "data/passages.csv").open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    with pytest.raises(EditionDataError, match="no recorded ID"):
        resolve(registry, tmp / "seeds", tmp / "data/passages.csv", tmp / "data/passage_changes.yml")
