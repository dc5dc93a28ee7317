"""Evidence policy (issue 14): every host the edition links to is classified (data/evidence_hosts.csv); no link to,
or name of, a shadow library anywhere in data, pages, code or the built site; no copy of Wikipedia left in the data
(cite the article it copies). The last two fail until the notes' mirrors and pirated copies are replaced (helpers
s1-s3 and i14a): they are the acceptance tests of that work."""

from __future__ import annotations

import json
import re

import pytest

from edition_utils.errors import EditionDataError
from edition_utils.evidence import (HOSTS_FILE, KINDS, HostRow, host_of, kind_of, load_hosts, text_files, unwrap,
                                    url_kind, urls_in)

#: The shadow libraries the house rules name, as words (a host name or brand may appear without a URL).
NAMED = ("bibliboba", "rulit", "readli", "litmir", "bookreadfree", "vdoc.pub", "docslib", "flibusta")


@pytest.fixture(scope="module")
def hosts(root):
    return load_hosts(root)


def _links(root, folders):
    for path, text in text_files(root, folders):
        for url in urls_in(text):
            yield path, url


def test_every_linked_host_is_classified(root, hosts):
    unknown = sorted({(host_of(unwrap(u)), p) for p, u in _links(root, ("data", "chapters"))
                      if url_kind(u, hosts) is None})
    assert not unknown, f"{len(unknown)} hosts not in {HOSTS_FILE}: {unknown[:10]}"
    # the Wayback Machine itself is classified too, not only the pages it archives
    assert all(kind_of(host_of(u), hosts) for _, u in _links(root, ("data", "chapters")))


def _shadow_names(hosts) -> list[str]:
    names = {h.removeprefix("www.") for h, row in hosts.items() if row.kind == "shadow-library"}
    return sorted(names | set(NAMED))


def _shadow_findings(root, hosts, folders, skip=()):
    names = re.compile("|".join(re.escape(n) for n in _shadow_names(hosts)), re.I)
    found = []
    for path, text in text_files(root, folders):
        if path in skip:
            continue
        found += [(path, u) for u in urls_in(text) if url_kind(u, hosts) == "shadow-library"]
        found += [(path, m.group(0)) for m in names.finditer(text)]
    return sorted(set(found))


def test_no_shadow_library_in_data_pages_or_code(root, hosts):
    """No URL of a shadow library, and no name of one, in data/, chapters/ or src/ (the classification list itself
    excepted)."""
    found = _shadow_findings(root, hosts, ("data", "chapters", "src"), skip={HOSTS_FILE})
    files = sorted({p for p, _ in found})
    assert not found, f"{len(found)} shadow-library links or names in {len(files)} files: {files}; e.g. {found[:5]}"


def test_no_shadow_library_in_the_built_site(site, root, hosts):
    found = _shadow_findings(site.parent.parent, hosts, (site.relative_to(site.parent.parent).as_posix(),))
    assert not found, f"{len(found)} shadow-library links or names in the built site, e.g. {found[:5]}"


def test_no_wikipedia_copy_in_the_data(root, hosts):
    """A copy of Wikipedia is cited as the article it copies (https://<lang>.wikipedia.org/wiki/<Title>).
    EXPECTED TO FAIL until the mirrors in the notes and registers are replaced."""
    found = sorted({(p, host_of(unwrap(u))) for p, u in _links(root, ("data",))
                    if url_kind(u, hosts) == "wikipedia-mirror"})
    assert not found, f"{len(found)} links to copies of Wikipedia in the data, e.g. {found[:8]}"


# --- the classification itself ------------------------------------------------------------------------------------

def test_classification_rules():
    table = {r.host: r for r in (
        HostRow(host="wikipedia.org", kind="wikipedia", description="x"),
        HostRow(host="en.wikipedia.org", kind="wikipedia", description="x"),
        HostRow(host="user.bibliboba.online", kind="shadow-library", description="x"),
        HostRow(host="web.archive.org", kind="other", description="x"),
        HostRow(host="www.wsws.org", kind="journalism", description="x"),
    )}
    assert kind_of("ru.wikipedia.org", table) == "wikipedia"  # nearest listed parent
    assert kind_of("ru.m.wikipedia.org", table) == "wikipedia"
    assert kind_of("bibliboba.online", table) is None  # a parent is not covered by its child's row
    assert kind_of("EN.Wikipedia.org.", table) == "wikipedia"
    archived = "http://web.archive.org./web/20170920005924/https://www.wsws.org/en/articles/2017/08/31/smi1-a31.html"
    assert unwrap(archived) == "https://www.wsws.org/en/articles/2017/08/31/smi1-a31.html"
    assert url_kind(archived, table) == "journalism" and kind_of(host_of(archived), table) == "other"
    text = 'see https://user.bibliboba.online/books/x/p/35; and (http://de.wikipedia.org./wiki/Menschen_im_Krieg)'
    assert [host_of(u) for u in urls_in(text)] == ["user.bibliboba.online", "de.wikipedia.org"]
    assert host_of("http://the-uncensored-wiki.com:20171/2017/A/x.html") == "the-uncensored-wiki.com"


def test_hosts_file_matches_its_schema(root, hosts):
    schema = json.loads((root / "data/evidence_hosts.schema.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in schema["fields"]}
    assert list(fields) == list(HostRow.model_fields)
    assert tuple(fields["kind"]["constraints"]["enum"]) == KINDS
    pattern = next(m.pattern for m in HostRow.model_fields["host"].metadata if hasattr(m, "pattern"))
    assert f"^{fields['host']['constraints']['pattern']}$" == pattern
    assert {row.kind for row in hosts.values()} == set(KINDS)  # every kind is in use
    assert all(row.description for row in hosts.values())


@pytest.mark.parametrize("line, field", [
    ("Example.org,primary,x", "host"),
    ("example.org,blog,x", "kind"),
    ("example.org,other,", "description"),
])
def test_bad_host_row_is_named(tmp_path, line, field):
    (tmp_path / "data").mkdir()
    (tmp_path / HOSTS_FILE).write_text(f"host,kind,description\n{line}\n", encoding="utf-8")
    with pytest.raises(EditionDataError) as info:
        load_hosts(tmp_path)
    assert (info.value.file, info.value.entry, info.value.field) == (HOSTS_FILE, f"row 2 ({line.split(',')[0]})", field)


def test_a_host_listed_twice_is_named(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / HOSTS_FILE).write_text("host,kind,description\na.org,other,x\na.org,primary,y\n", encoding="utf-8")
    with pytest.raises(EditionDataError, match="listed twice"):
        load_hosts(tmp_path)


def test_evidence_report_counts_every_entry(root, capsys):
    """scripts/evidence_report.py: the 'Entries' row counts every checked item of the notes and every cited work."""
    import importlib.util

    from edition_utils.edition import load_edition

    spec = importlib.util.spec_from_file_location("evidence_report", root / "scripts/evidence_report.py")
    report = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(report)
    assert report.main(["--root", str(root)]) == 0
    lines = [ln.split("|")[1:-1] for ln in capsys.readouterr().out.splitlines() if ln.startswith("| ")]
    rows = {cells[0].strip(): [c.strip() for c in cells[1:]] for cells in lines}
    ed = load_edition(root)
    assert rows["Entries (claims: rows)"][0] == str(sum(len(n.checked) for n in ed.notes))
    assert rows["Entries (claims: rows)"][1] == str(sum(len(n.cite) for n in ed.notes))
    assert rows["Entries (claims: rows)"][6] == str(len(ed.claims))
    assert "Unclassified host" not in rows
