import hashlib
from pathlib import Path

from edition_utils.seeds import checksum_mismatches, read_seed


def test_seed_bytes_match_recorded_checksums(root):
    assert checksum_mismatches(root / "seeds") == []


def test_recorded_checksums_are_the_shipped_ones(root):
    shipped = root.parent / "shared" / "seeds" / "SHA256SUMS"
    ours = (root / "seeds" / "SHA256SUMS").read_text()
    if shipped.exists():  # beside the clone in CI and on developer machines
        assert ours == shipped.read_text()
    assert len(ours.split()) == 6  # three digests, three names


def test_a_changed_byte_is_detected(tmp_path, root):
    for f in (root / "seeds").iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    victim = tmp_path / "002_c91fa67429366061.txt"
    data = bytearray(victim.read_bytes())
    data[10] ^= 1
    victim.write_bytes(bytes(data))
    assert checksum_mismatches(tmp_path) == ["002_c91fa67429366061.txt"]


def test_line_numbering_matches_editors(root):
    seed = read_seed(root / "seeds", "001_c40d291770a508ff.txt")
    assert seed.line(1) == "Ivar Smilga"
    assert seed.line(875) == "Write a message"  # no final newline: still a line
    assert len(read_seed(root / "seeds", "000_d50abba63fe50029.txt").lines) == 94
    assert hashlib.sha256((root / "seeds/001_c40d291770a508ff.txt").read_bytes()).hexdigest() == seed.sha256
