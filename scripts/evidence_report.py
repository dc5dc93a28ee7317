"""Checks by kind of evidence (issue 14): every checked/reference entry of the notes, the published works they cite,
the sources' own checks, the career rows, the claims register, the persons register and the oppositionists, counted
by the kind of evidence it is (data/evidence_hosts.csv).

    .venv/bin/python scripts/evidence_report.py                 # this tree
    .venv/bin/python scripts/evidence_report.py --root /tmp/old # another checkout (e.g. main before the work),
                                                                # classified with THIS tree's host table

A checked note item, a source's checked item and each URL of a register's references column count once, by the
host of the URL (a Wayback Machine URL by the page it archives); a register reference without a link that names a
published book ("(Princeton: Princeton University Press, 2017)") counts as scholarly, and a references.bib key
cited in brackets ("[smele2015, s.v. Smilga]") as that work. A `cite:` item counts once, as primary when its
references.bib entry (in either checkout) has `keywords = {primary}`, else as scholarly. Claims have no links: a claim counts under each
kind its reason names in words (heuristic, shown in its own column), or as "not checked" / "unstated".
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE / "src"))
from edition_utils.evidence import load_hosts, url_kind, urls_in  # noqa: E402

ROWS = [("primary", "Primary"), ("scholarly", "Scholarly"), ("reference-work", "Reference work"),
        ("journalism", "Journalism"), ("wikipedia", "Wikipedia (incl. mirrors)"),
        ("wikipedia-mirror", "  of which read in a mirror/copy"), ("other", "Other"),
        ("shadow-library", "Unauthorised copy of a book (shadow library)"), (None, "Unclassified host"),
        ("not-checked", "Claim not checked / not found"), ("unstated", "Claim: evidence not named")]
COLUMNS = [("notes", "Notes: checked"), ("cite", "Notes: works cited"), ("sources", "Sources"),
           ("career", "Career rows"), ("persons", "Persons"), ("oppositionists", "Oppositionists"),
           ("claims", "Claims*")]

#: Words in a claim's reason that name a kind of evidence (claims carry no links). First match per kind counts.
CLAIM_WORDS = {
    "wikipedia-mirror": r"clever-geek|percepti\w+|wiki7|wikisum|wikimili|piglix|cryer|zxc\.wiki|ipfs|"
                        r"Military Wiki|fandom|\bmirror\b(?!-)",
    "wikipedia": r"wikipedia|\bwiki\b",
    "shadow-library": r"bibliboba|rulit|readli|litmir|bookreadfree|vdoc|docslib|stavtravel|flibusta|online copy",
    "primary": r"Memorial|execution|FRUS|treaty text|text of the treaty|Presidential Library|Collected Works|"
               r"Izvestia|Pravda|decree|protocol|minutes|archive|Marxists Internet Archive|marxists\.org",
    "scholarly": r"Smele|Hasanli|Altstadt|Saparov|Swietochowski|Slezkine|Figes|Baberowski|Cornell|Bloxham|"
                 r"Hovannisian|Pipes|Deutscher|Brou[eé]|Rabinowitch|Loginov|Nenarokov|Ratkovsky|Serge|Trotsky|"
                 r"journal|university|\bpp?\. \d",
    "journalism": r"WSWS|RFE|Radio Free|Mirror-Spectator|news|qezeti|newspaper|Kommersant|Spectator",
    "reference-work": r"Britannica|encyclop|dictionary|persona\.rin|archontology|Great Soviet",
}
#: A reference without a link that names a published book: "(Princeton: Princeton University Press, 2017)".
PUBLISHED = re.compile(r"\((?:[^()]*: )?[^()]*\b(?:Press|Publishers|Littlefield|Verlag|Books)\b[^()]*\b(?:1[89]|20)\d\d\b")
#: A references.bib work cited by key in a register: "[smele2015, read in ...]" (data/smilga_career.csv).
BIBKEY = re.compile(r"\[([a-z][a-z0-9]*)[,\]]")
NOT_CHECKED = re.compile(r"^\s*(not checked|not found|unverified)\b", re.I)


def _bib_kinds(root: Path) -> dict[str, str]:
    from pybtex.database import parse_string

    path = root / "data/references.bib"
    if not path.is_file():
        return {}
    data = parse_string(path.read_text(encoding="utf-8"), "bibtex")
    return {key: "primary" if "primary" in e.fields.get("keywords", "").lower() else "scholarly"
            for key, e in data.entries.items()}


def count(root: Path, hosts, classifier_root: Path | None = None) -> dict[str, Counter]:
    counts = {col: Counter() for col, _ in COLUMNS}
    # a work is primary when either checkout's references.bib marks it so (an older checkout may predate keywords)
    bib = _bib_kinds(root)
    for key, kind in (_bib_kinds(classifier_root) if classifier_root else {}).items():
        if kind == "primary" and key in bib:
            bib[key] = kind
    for path in sorted((root / "data/notes").glob("*.yml")):
        for note in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            for item in note.get("checked") or []:
                counts["notes"][url_kind(item["url"], hosts) if item.get("url") else "other"] += 1
            for item in note.get("cite") or []:
                key = item if isinstance(item, str) else item["key"]
                counts["cite"][bib.get(key, "scholarly")] += 1
    sources = yaml.safe_load((root / "data/sources.yml").read_text(encoding="utf-8"))["sources"]
    for src in sources:
        for item in src.get("checked") or []:
            counts["sources"][url_kind(item["url"], hosts) if item.get("url") else "other"] += 1
    for name, file, column in (("career", "smilga_career.csv", "references"), ("persons", "persons.csv", "reference"),
                               ("oppositionists", "oppositionists.csv", "references")):
        with (root / "data" / file).open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for segment in row[column].split("; "):
                    found = urls_in(segment)
                    for url in found:
                        counts[name][url_kind(url, hosts)] += 1
                    keys = [k for k in BIBKEY.findall(segment) if k in bib]  # "[smele2015, s.v. ...]"
                    for key in keys:
                        counts[name][bib[key]] += 1
                    if not found and not keys and PUBLISHED.search(segment):  # a published work without a link
                        counts[name]["scholarly"] += 1
    with (root / "data/claims.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            reason = row["reason"]
            kinds = {k for k, words in CLAIM_WORDS.items() if re.search(words, reason, re.I)}
            if "wikipedia-mirror" in kinds:
                kinds.add("wikipedia")
            if not kinds:
                kinds = {"not-checked" if NOT_CHECKED.search(reason) else "unstated"}
            counts["claims"].update(kinds)
    return counts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=HERE, help="the checkout whose data is counted")
    parser.add_argument("--hosts", type=Path, default=HERE, help="the checkout whose data/evidence_hosts.csv is used")
    args = parser.parse_args(argv)
    counts = count(args.root.resolve(), load_hosts(args.hosts.resolve()), args.hosts.resolve())
    header = ["Kind of evidence", *[label for _, label in COLUMNS], "Total*"]
    lines = [header]
    for kind, label in ROWS:
        cells = [counts[col][kind] + (counts[col]["wikipedia-mirror"] if kind == "wikipedia" else 0)
                 for col, _ in COLUMNS]
        if any(cells):
            lines.append([label, *map(str, cells), str(sum(cells[:-1]))])
    entries = [sum(counts[col].values()) for col, _ in COLUMNS[:-1]]
    with (args.root / "data/claims.csv").open(encoding="utf-8", newline="") as fh:
        claims = sum(1 for _ in csv.DictReader(fh))
    lines.append(["Entries (claims: rows)", *map(str, entries), str(claims), str(sum(entries))])
    print("| " + " | ".join(lines[0]) + " |")
    print("|" + "---|" * len(lines[0]))
    for row in lines[1:]:
        print("| " + " | ".join(row) + " |")
    print("\n* Total: every entry except claims. Claims carry no links: a claim is counted under each kind of "
          "evidence its reason names in words, so that column is a heuristic and its kinds overlap.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
