"""W3C Web Annotation TextQuoteSelector resolution: find the one place a quote (with prefix/suffix) sits in a text."""

from __future__ import annotations


class AnchorError(ValueError):
    pass


def locate(text: str, exact: str, prefix: str = "", suffix: str = "") -> tuple[int, int]:
    """Start and end offsets of `exact` in `text`, where it is immediately preceded by `prefix` and followed by
    `suffix`. Exactly one such place must exist: an ambiguous or missing quote is an error, never a guess."""
    if not exact:
        raise AnchorError("empty quote")
    hits, start = [], text.find(exact)
    while start != -1:
        end = start + len(exact)
        if text[:start].endswith(prefix) and text[end:].startswith(suffix):
            hits.append((start, end))
        start = text.find(exact, start + 1)
    if len(hits) != 1:
        state = "not found" if not hits else f"found {len(hits)} times"
        raise AnchorError(f"quote {exact!r} (prefix {prefix!r}, suffix {suffix!r}) {state}")
    return hits[0]


def segments(text: str, spans: dict[str, tuple[int, int]]) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """Split `text` at every span boundary. Each segment is (text, ids of spans covering it, ids of spans ending
    with it), so overlapping notes can all be marked without nesting and each gets a marker where it ends."""
    cuts = sorted({0, len(text), *(b for span in spans.values() for b in span)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        covering = tuple(k for k, (s, e) in spans.items() if s <= a and b <= e)
        ending = tuple(k for k, (s, e) in spans.items() if e == b)
        out.append((text[a:b], covering, ending))
    return out
