import pytest

from edition_utils.anchoring import AnchorError, locate, segments

TEXT = "Smilga was arrested in 1935. Smilga was shot in 1937."


def test_prefix_and_suffix_disambiguate():
    assert locate(TEXT, "Smilga", "", " was arrested") == (0, 6)
    assert locate(TEXT, "Smilga", ". ", " was shot") == (29, 35)


def test_ambiguous_or_missing_quote_is_an_error():
    with pytest.raises(AnchorError, match="found 2 times"):
        locate(TEXT, "Smilga")
    with pytest.raises(AnchorError, match="not found"):
        locate(TEXT, "Trotsky")


def test_segments_cover_text_and_mark_overlaps():
    spans = {"a": (0, 27), "b": (23, 27)}
    segs = segments(TEXT, spans)
    assert "".join(s for s, _, _ in segs) == TEXT
    assert segs[0] == ("Smilga was arrested in ", ("a",), ())
    assert segs[1] == ("1935", ("a", "b"), ("a", "b"))
