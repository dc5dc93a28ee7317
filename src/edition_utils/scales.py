"""The edition's scales and vocabularies (no heavy imports: the Sphinx extension loads this at start-up)."""

from __future__ import annotations

#: Source reliability on the NATO/Admiralty scale (STANAG 2511 / AJP-2.1), as used throughout the edition.
FLAGS: dict[str, tuple[str, str]] = {
    "A": ("Completely reliable", "No doubt of authenticity, trustworthiness or competency; a history of complete reliability."),
    "B": ("Usually reliable", "Minor doubt about authenticity, trustworthiness or competency; a history of valid information most of the time."),
    "C": ("Fairly reliable", "Doubt about authenticity, trustworthiness or competency, but has provided valid information in the past."),
    "D": ("Not usually reliable", "Significant doubt about authenticity, trustworthiness or competency, but has provided valid information in the past."),
    "E": ("Unreliable", "Lacking in authenticity, trustworthiness and competency; a history of invalid information."),
    "F": ("Reliability cannot be judged", "No basis exists for evaluating the reliability of the source."),
}

CATEGORIES: dict[str, str] = {
    "factual-error": "Factual error",
    "doubtful": "Doubtful or unverified",
    "sources-conflict": "Sources conflict",
    "context": "Context",
    "bias": "Bias or framing",
    "fiction": "Fiction versus history",
    "textual": "Textual ([sic], garbling, mistranslation, OCR)",
}

#: Information credibility on the Admiralty scale, for the claim a note concerns.
CREDIBILITY: dict[int, tuple[str, str]] = {
    1: ("Confirmed", "Confirmed by other independent sources; logical in itself; consistent with other information."),
    2: ("Probably true", "Not confirmed; logical in itself; consistent with other information on the subject."),
    3: ("Possibly true", "Not confirmed; reasonably logical in itself; agrees with some other information."),
    4: ("Doubtful", "Not confirmed; possible but not logical; no other information on the subject."),
    5: ("Improbable", "Not confirmed; not logical in itself; contradicted by other information on the subject."),
    6: ("Cannot be judged", "No basis exists for evaluating the validity of the information."),
}

#: How exactly a partial date is known ("circa": within a year either side), and the calendar a date is stated in
#: (Old Style, Julian; New Style, Gregorian; "" for none stated). See dates.py.
PRECISIONS = ("day", "month", "year", "circa")
CALENDARS = ("NS", "OS", "")
