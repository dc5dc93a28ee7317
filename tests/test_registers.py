"""Registers of persons and places, and the claims page: built from data, linked to passages."""

import shutil

import pytest
from bs4 import BeautifulSoup

from edition_utils.errors import EditionDataError
from edition_utils.registers import load_persons, occurrences


def test_hyphenated_and_longer_names_do_not_leak(root):
    from types import SimpleNamespace as P

    from edition_utils.edition import load_edition

    fake = [P(id="a", text="Nadezhda Smilga-Poluyan was shot."), P(id="b", text="Smilga was arrested."),
            P(id="c", text="in Leningrad"), P(id="d", text="Lenin wrote")]
    assert occurrences(fake, ["Smilga"]) == ["b"]
    assert occurrences(fake, ["Lenin"]) == ["d"]
    persons = load_edition(root).persons.set_index("person_id")
    assert "smilga-bio.1" in persons.loc["ivar-smilga", "passages"]


def test_a_spelling_found_nowhere_is_an_error(tmp_path, root):
    from edition_utils.edition import load_edition

    ed = load_edition(root)
    shutil.copy(root / "data/persons.csv", tmp_path / "persons.csv")
    text = (tmp_path / "persons.csv").read_text().splitlines()
    head, first = text[0], text[1].split(",", 3)
    first[2] = "Smylga"
    (tmp_path / "persons.csv").write_text("\n".join([head, ",".join(first)]) + "\n")
    with pytest.raises(EditionDataError) as info:
        load_persons(tmp_path, ed.passages)
    assert info.value.field == "spellings" and "row 2" in info.value.entry


def test_register_pages_link_every_entry_to_its_passages(site):
    persons = BeautifulSoup((site / "chapters/apparatus/persons.html").read_text(), "html.parser")
    smilga = persons.find(id="person-ivar-smilga").find_parent("tr")
    assert smilga.find("a", href="../smilga/smilga-bio.html#smilga-bio.1") is not None
    places = BeautifulSoup((site / "chapters/apparatus/places.html").read_text(), "html.parser")
    shahtakhty = places.find(id="place-shahtakhty").find_parent("tr")
    assert "not located" in shahtakhty.get_text()
    claims = BeautifulSoup((site / "chapters/apparatus/claims.html").read_text(), "html.parser")
    assert claims.find("a", href="../smilga/smilga-bio.html#smilga-bio.15") is not None
    index = (site / "genindex.html").read_text()
    assert "Ivar Smilga (person)" in index and "Julfa (Culfa) (place)" in index
