"""Tests for mentionmap.mentions: extraction, offsets, folding, look-alikes, explain."""

from __future__ import annotations

from mentionmap.datafiles import SAMPLE_ARTICLE
from mentionmap.mentions import KINDS, extract_mentions


def _regions(text: str) -> set[str]:
    return {m.region for m in extract_mentions(text)}


def _surfaces(text: str) -> list[tuple[str, str]]:
    return [(m.surface, m.region) for m in extract_mentions(text)]


def test_issue2_seed_article():
    text = SAMPLE_ARTICLE.read_text(encoding="utf-8")
    mentions = extract_mentions(text)
    assert {m.region for m in mentions} == {"UA-09", "UA-14", "UA-23", "UA-43", "UA-65"}
    for m in mentions:
        assert text[m.start : m.end] == m.surface
        assert m.kind in KINDS
        assert m.excerpt == text[m.excerpt_start : m.excerpt_start + len(m.excerpt)]
        assert m.start >= m.excerpt_start and m.end <= m.excerpt_start + len(m.excerpt)
    found = {(m.surface, m.region, m.start) for m in mentions}
    for surface, region in [
        ("Donetsk", "UA-14"),
        ("Luhansk", "UA-09"),
        ("Kherson", "UA-65"),
        ("Zaporizka", "UA-23"),
        ("Crimea", "UA-43"),
        ("Donbas", "UA-14"),
        ("Donbas", "UA-09"),
    ]:
        assert (surface, region, text.index(surface)) in found
    donbas = [m for m in mentions if m.surface == "Donbas"]
    assert {m.region for m in donbas} == {"UA-14", "UA-09"}
    assert len({(m.start, m.end) for m in donbas}) == 1
    assert all(m.kind == "area" for m in donbas)
    for word in ("Ukraine", "Russia", "Moscow", "Kremlin"):
        assert all(word not in m.surface for m in mentions)
    # the excerpt is the whole sentence, even after "Vladimir V. Putin"
    putin = next(m for m in donbas)
    assert putin.excerpt.startswith("President Vladimir V. Putin of Russia")
    assert putin.excerpt.endswith("Donbas region.")
