"""Registers of persons and places, and the claims page: built from data, linked to passages."""

import re
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
    assert "Smilga, Ivar (person)" in index and "Julfa (Culfa) (place)" in index


def test_persons_are_sorted_by_surname_with_the_forms_in_the_sources():
    import pandas as pd

    from edition_utils.registers import by_surname, surname_first

    assert surname_first("Ivar Smilga") == "Smilga, Ivar"
    assert surname_first("Georgy (Yuri) Piatakov") == "Piatakov, Georgy (Yuri)"
    assert surname_first("Jukums Vācietis (Ioakim Vatsetis)") == "Vācietis, Jukums (Ioakim Vatsetis)"
    assert surname_first("Mata Hari (Margaretha Geertruida Zelle)", "mata-hari").startswith("Mata Hari")
    people = pd.DataFrame({"person_id": ["a", "b", "c", "d"],
                           "name": ["Alexander Kolchak", "Anastas Mikoyan", "Ivar Smilga", "Jukums Vācietis"]})
    assert list(by_surname(people)["sort_name"]) == ["Kolchak, Alexander", "Mikoyan, Anastas", "Smilga, Ivar",
                                                     "Vācietis, Jukums"]


def _index_letters(site):
    """The general index as a reader sees it: letter heading -> the entries listed under it."""
    soup = BeautifulSoup((site / "genindex.html").read_text(), "html.parser")
    out = {}
    for h2 in soup.find_all("h2"):
        table = h2.find_next_sibling("table")
        if table is not None and len(h2.get_text(strip=True)) == 1:
            out[h2.get_text(strip=True)] = table.get_text(" ", strip=True)
    return out, soup


def test_index_files_persons_under_the_surname_and_labels_every_link(site):
    letters, soup = _index_letters(site)
    assert "Rakovsky, Christian (person)" in letters["R"] and "Radzinsky, Edvard (person)" in letters["R"]
    assert "Rakovsky" not in letters.get("C", "") and "Radzinsky" not in letters.get("E", "")
    assert "Smilga, Ivar (person)" in letters["S"]
    # every link names its chapter and passage: no bare [1], [2] ...
    links = [a.get_text(strip=True) for a in soup.select("table.indextable a")]
    assert links and not [t for t in links if re.fullmatch(r"\[\d+\]", t)]
    assert any(t == "Ivar Smilga (Spartacus Educational), passage smilga-bio.1" for t in links)


def test_persons_register_has_an_a_to_z_jump(site):
    soup = BeautifulSoup((site / "chapters/apparatus/persons.html").read_text(), "html.parser")
    jump = [a["href"] for a in soup.select(".edition-az a")]
    assert "#persons-s" in jump and "#persons-r" in jump
    s = soup.find(id="persons-s")
    assert s is not None and s.find_next("table").find(id="person-ivar-smilga") is not None
    names = [p.get_text(strip=True) for t in soup.select("table.edition-register") for p in t.select("td strong")]
    assert names.index("Kolchak, Alexander") < names.index("Mikoyan, Anastas") < names.index("Smilga, Ivar")


def test_sources_have_distinct_short_titles(root):
    from edition_utils.edition import load_edition

    ed = load_edition(root)
    titles = ed.source_titles
    assert titles["smilga-bio"] == "Ivar Smilga (Spartacus Educational)"
    assert titles["smilga-fi"] == "Ivar Smilga (Finnish Wikipedia)"
    assert len(set(titles.values())) == len(titles)


def test_a_repeated_short_title_is_an_error(tmp_path, root):
    """Two sources listed under one short title cannot be told apart: the registry refuses it, naming the entry."""
    import yaml

    from edition_utils.sources import load_registry

    raw = yaml.safe_load((root / "data/sources.yml").read_text())
    ids = [s["id"] for s in raw["sources"]]
    raw["sources"][ids.index("smilga-fi")]["short_title"] = raw["sources"][ids.index("smilga-bio")]["short_title"]
    (tmp_path / "sources.yml").write_text(yaml.safe_dump(raw, allow_unicode=True))
    with pytest.raises(EditionDataError) as info:
        load_registry(tmp_path / "sources.yml", root / "seeds", root)
    assert info.value.field == "short_title" and "smilga-fi" in info.value.entry


def test_tables_that_list_sources_tell_them_apart(site):
    """The sources tables (every unit on the scales page, the presented ones on the landing page) and the claims
    tables name each source by its short, distinct title."""
    for page, least in (("chapters/front/scales.html", 20), ("chapters/intro.html", 15)):
        soup = BeautifulSoup((site / page).read_text(), "html.parser")
        names = [tr.find("td").get_text(strip=True) for tr in soup.select("table.edition-sources-table tbody tr")]
        assert len(names) >= least and len(set(names)) == len(names), page
    assert {"Ivar Smilga (Spartacus Educational)", "Ivar Smilga (Finnish Wikipedia)"} <= set(names)
    claims = BeautifulSoup((site / "chapters/apparatus/claims.html").read_text(), "html.parser").get_text()
    assert "Ivar Smilga (Finnish Wikipedia)" in claims and "Ivar Smilga (Spartacus Educational)" in claims
