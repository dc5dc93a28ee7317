"""Smilga's career data and figures, tested as plain functions: no Sphinx, no browser."""

import shutil

import pandas as pd
import pytest

from edition_utils import career_figures as cf
from edition_utils.career import load_career
from edition_utils.edition import load_edition
from edition_utils.errors import EditionDataError


@pytest.fixture(scope="module")
def ed(root):
    return load_edition(root)


@pytest.fixture(scope="module")
def link(ed):
    return ed.link_from("chapters/smilga/career")


def test_career_rows_cite_passages_and_references(ed):
    career = ed.career
    assert len(career) >= 60
    assert set(career["category"]) == {"party", "military", "state-economic", "repression-exile", "life"}
    attested = career[career["status"] == "attested"]
    assert all(len(r) > 0 for r in attested["references"])
    death = career.set_index("event_id").loc["death"]
    assert death["start"] == "1937-01-10" and "smilga-bio.15" in death["passages"]


def test_timeline_traces_categories_dates_hover_and_links(ed, link):
    fig = cf.timeline(ed.career, link)
    assert [t.name for t in fig.data] == ["Party", "Military", "State and economic", "Repression and exile", "Life"]
    shown = ed.career[ed.career["status"] != "rejected-claim"]
    assert sum(len(t.y) for t in fig.data) == len(shown)
    rep = next(t for t in fig.data if t.name == "Repression and exile")
    arrest = [h for h in rep.hovertext if "Kirov" in h][0]
    assert "1935-01-01 (day)" in arrest and "smilga-bio.15" in arrest
    assert fig.layout.xaxis.type == "date"
    assert any('href="smilga-bio.html#smilga-bio.1"' in t for t in fig.layout.yaxis.ticktext)
    # chronological: the first tick is the birth
    assert "Birth" in fig.layout.yaxis.ticktext[0]


def test_disagreements_mark_wrong_claims_and_best_dates(ed, link):
    fig = cf.disagreements(ed.claims, ed.career, ed.source_titles, link)
    wrong = next(t for t in fig.data if t.name == "Wrong")
    assert any("claims 1933" in h for h in wrong.hovertext)
    death = [(x, h) for x, h in zip(wrong.x, wrong.hovertext) if "claims 1938 (year)" in h][0]
    assert 0.5 < death[0] < 1.5  # mid-1938 is about a year after 10 January 1937
    links = [c[2] for c in wrong.customdata]
    assert "smilga-bio.html#smilga-bio.15" in links


def test_fates_chart(ed, link):
    fig = cf.fates(ed.people, link)
    names = {t.name for t in fig.data if t.mode == "markers"}
    assert names == {"Shot", "Killed in prison", "Assassinated", "Accident"}
    shot = next(t for t in fig.data if t.name == "Shot")
    assert "Ivar Smilga" in list(shot.y)


def _broken_copy(tmp_path, root, row_edit):
    shutil.copytree(root / "data", tmp_path / "data")
    path = tmp_path / "data/smilga_career.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    row_edit(df)
    df.to_csv(path, index=False, lineterminator="\n")
    return tmp_path / "data"


@pytest.mark.parametrize("edit, field", [
    (lambda df: df.loc[2, "start"].__class__ and df.__setitem__("start", df["start"].where(df.index != 2, "1907-13")), "start"),
    (lambda df: df.__setitem__("category", df["category"].where(df.index != 4, "sports")), "category"),
    (lambda df: df.__setitem__("passages", df["passages"].where(df.index != 0, "smilga-bio.999")), "passages"),
])
def test_malformed_rows_are_named(tmp_path, root, ed, edit, field):
    data = _broken_copy(tmp_path, root, edit)
    with pytest.raises(EditionDataError) as info:
        load_career(data, {p.id for p in ed.passages})
    err = info.value
    assert err.file == "data/smilga_career.csv" and err.entry.startswith("row ") and err.field == field


def test_old_style_dates_are_drawn_in_new_style_and_hover_gives_both(ed, link):
    """The axis is Gregorian: Lenin's letter of 27 September 1917 (Old Style) stands at 10 October 1917, and its hover
    text gives both styles. Old Style stops at 31 January 1918: an 'OS' row's later dates are not shifted."""
    from edition_utils.dates import both_styles, interval

    fig = cf.timeline(ed.career, link)
    party = next(t for t in fig.data if t.name == "Party")
    i = [e for e, _ in party.customdata].index("lenin-letter-1917")
    assert str(party.base[i])[:10] == "1917-10-10"
    assert "27 Sep 1917 OS = 10 Oct 1917 NS" in party.hovertext[i]
    assert interval("1917-10-25", "day", "OS") == (pd.Timestamp("1917-11-07"),) * 2
    assert interval("1918-01-31", "day", "OS")[0] == pd.Timestamp("1918-02-13")
    assert interval("1918-04", "month", "OS")[0] == pd.Timestamp("1918-04-01")
    assert both_styles("1892-12-02", "NS") == "2 Dec 1892 NS = 20 Nov 1892 OS"
    assert both_styles("1917-04", "OS") == "1 Apr 1917 to 30 Apr 1917 OS = 14 Apr 1917 to 13 May 1917 NS"


def test_figure_links_lead_to_the_site_when_the_data_is_not_beside_the_pages(ed, root, tmp_path, monkeypatch):
    """In a clone a chart's passage links are relative to its page; with the data as the published wheel carries it
    (standalone.DATA, no _config.yml), as in a downloaded notebook, a relative link would lead nowhere, so each is
    the passage's address on the edition's site (CITATION.cff's url, or $EDITION_SITE_URL)."""
    from edition_utils.standalone import DATA

    monkeypatch.delenv("EDITION_SITE_URL", raising=False)
    assert ed.link_from("chapters/smilga/career")("smilga-bio.15") == "smilga-bio.html#smilga-bio.15"
    for name in DATA:
        (shutil.copytree if (root / name).is_dir() else shutil.copy2)(root / name, tmp_path / name)
    wheel_data = load_edition(tmp_path)
    link = wheel_data.link_from("chapters/smilga/career")
    from edition_utils.publication import edition_metadata

    site = edition_metadata(root)["url"].rstrip("/") + "/"
    assert link("smilga-bio.15") == f"{site}chapters/smilga/smilga-bio.html#smilga-bio.15"
    monkeypatch.setenv("EDITION_SITE_URL", "https://edition.example.org/smilga")
    assert wheel_data.link_from("chapters/nakhchivan/maps")("nakhchivan-assr.3") == \
        "https://edition.example.org/smilga/chapters/nakhchivan/nakhchivan-assr.html#nakhchivan-assr.3"


def test_dates_validated_without_pandas_match_the_timestamps_drawn():
    """dates.days (what validating the data compares) gives the days dates.interval gives as Timestamps, 'circa'
    widened by pandas' own DateOffset, 29 February included."""
    import pandas as pd

    from edition_utils.dates import days, interval

    for value, precision, cal in [("1917-10-25", "day", "OS"), ("1920-02-29", "circa", ""), ("1918", "circa", "OS"),
                                  ("1924-02", "month", "NS"), ("1916-02-29", "circa", "OS")]:
        start, end = days(value, precision, cal)
        assert (pd.Timestamp(start), pd.Timestamp(end)) == interval(value, precision, cal)
        if precision == "circa":
            plain = [pd.Timestamp(d) for d in days(value, "year" if len(value) == 4 else "day", cal)]
            assert (plain[0] - pd.DateOffset(years=1), plain[1] + pd.DateOffset(years=1)) == interval(value, precision, cal)


def test_loading_the_edition_does_not_import_pandas(root):
    """A build whose data changed validates everything, but a chapter's text needs no DataFrame: pandas (a quarter
    of a second to import) is imported only when a table is first asked for as one (Edition.career etc.)."""
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from edition_utils.edition import load_edition; "
            "ed = load_edition(Path(sys.argv[1])); from edition_utils import tei; "
            "tei.source_document(ed, 'nakhchivan-assr', tei.imprint_from(ed.root)); before = 'pandas' in sys.modules; "
            "frames = [ed.career, ed.claims, ed.people, ed.places, ed.persons]; "
            "print(before, [list(f.columns)[:2] for f in frames])")
    out = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True, check=True).stdout
    assert out.split(" ", 1)[0] == "False"
    assert "['event_id', 'label']" in out and "['place_id', 'name_in_text']" in out
