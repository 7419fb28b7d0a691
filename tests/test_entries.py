"""Tests for mentionmap.entries: the curated region names (every alias resolves)."""

from __future__ import annotations

import csv

import pytest

from mentionmap.datafiles import geodata_path
from mentionmap.mentions import extract_mentions


def _rows(filename: str) -> list[dict[str, str]]:
    with geodata_path(filename).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


REGION_ROWS = _rows("curated/region_names.csv")


def _sentence(row: dict[str, str]) -> str:
    """A short sentence naming ``row["name"]`` as its kind and language allow."""
    name = row["name"]
    if row["lang"] == "en":
        return f"Reports from {name} arrived on Monday."
    if row["kind"] == "adjective":
        return f"Там {name} край."
    return f"Новини про {name} надійшли."


@pytest.mark.parametrize("row", REGION_ROWS, ids=[f"{r['lang']}-{r['name']}" for r in REGION_ROWS])
def test_issue2_every_region_alias_resolves_to_its_region(row):
    text = _sentence(row)
    mentions = extract_mentions(text)
    expected = set(row["iso"].split("|"))
    assert {m.region for m in mentions} == expected
    assert all(text[m.start : m.end] == m.surface for m in mentions)
    # a trailing apostrophe (Ternopil') is punctuation to the matcher
    assert any(m.surface in (row["name"], row["name"].rstrip("'")) for m in mentions)


def test_issue2_region_names_cover_all_27_units_in_three_languages():
    codes = {r["iso"] for r in _rows("curated/regions.csv")}
    assert len(codes) == 27
    for lang in ("en", "uk", "ru"):
        named = {iso for r in REGION_ROWS if r["lang"] == lang for iso in r["iso"].split("|")}
        # Kyiv Oblast is named in English as "Kyiv" + suffix, so UA-32 may only come from aliases
        assert codes <= named | {"UA-32"}, (lang, codes - named)
    kinds = {r["kind"] for r in REGION_ROWS}
    assert kinds <= {"region", "capital", "adjective", "area"}
