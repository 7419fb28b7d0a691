"""Tests for mentionmap.gazetteer: the name data, normalisation, the matcher's forms."""

from __future__ import annotations

import csv

import pytest

from mentionmap.datafiles import geodata_path
from mentionmap.gazetteer import (
    foreign_homonyms,
    gazetteer_names,
    normalise,
    place_entries,
    region_entries,
    scan_text,
    site_entries,
    skeleton,
    surface_forms,
    transliterations,
)
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


@pytest.mark.parametrize(
    ("alias", "iso"),
    [
        ("Zaporizhzhia", "UA-23"),
        ("Zaporozhye", "UA-23"),
        ("Zaporiz'ka", "UA-23"),
        ("Luhansk", "UA-09"),
        ("Lugansk", "UA-09"),
        ("Kyiv", "UA-30"),
        ("Kiev", "UA-30"),
        ("Odesa", "UA-51"),
        ("Odessa", "UA-51"),
        ("Kharkov", "UA-63"),
        ("Nikolaev", "UA-48"),
        ("Krym", "UA-43"),
        ("Крим", "UA-43"),
        ("Крым", "UA-43"),
        ("Transcarpathia", "UA-21"),
        ("Volhynia", "UA-07"),
        ("Chernovtsy", "UA-77"),
        ("Херсонщина", "UA-65"),
        ("Донеччина", "UA-14"),
        ("Київщина", "UA-32"),
        ("Donbas", "UA-14"),
        ("Donbas", "UA-09"),
        ("Донбасс", "UA-09"),
    ],
)
def test_issue2_gazetteer_names_include_usual_aliases(alias, iso):
    assert (alias, iso) in set(gazetteer_names())


def test_issue4_surface_forms_include_generated_inflections():
    forms = {(form.lower(), iso) for form, iso in surface_forms()}
    for pair in [
        ("херсонщині", "UA-65"),
        ("донецької", "UA-14"),
        ("запорізькій", "UA-23"),
        ("криму", "UA-43"),
        ("мариуполе", "UA-14"),
        ("києві", "UA-30"),
    ]:
        assert pair in forms
    names = set(gazetteer_names())
    assert ("Херсонщині", "UA-65") not in names  # names are lemmas only
    assert len(forms) > len(names)


def test_issue4_places_and_sites_are_in_the_gazetteer():
    names = set(gazetteer_names())
    assert ("Mariupol", "UA-14") in names
    assert ("Simferopol", "UA-43") in names
    assert ("ZNPP", "UA-23") in names
    sites = site_entries()
    assert sites and all(e.isos for e in sites)
    for e in sites:
        if e.lat is not None:
            assert 44.0 < e.lat < 52.5 and 22.0 < e.lon < 40.5, e
    assert {e.source for e in region_entries()} == {"region"}


def test_issue4_noisy_alternate_names_are_filtered():
    by_name = {}
    for e in place_entries():
        by_name.setdefault(e.name, set()).add(e.place)
    assert "Lutsk" in by_name.get("Lutsk", set())
    assert "Luck" not in by_name  # Polish spelling, an English word
    assert "Stalin" not in by_name  # a former name of Donetsk that is a person
    assert "Lugansk" in by_name  # a romanisation of Луганск


def test_issue4_foreign_homonyms_know_odessa_texas():
    homonyms = foreign_homonyms()
    assert "odessa" in homonyms
    assert "texas" in homonyms["odessa"].cues
    assert "kherson" not in homonyms


@pytest.mark.parametrize(
    "text", ["Kherson’s", "İstanbul and Kyiv", "Ёлка в Києві", "Zaporiz`ka—oblast", ""]
)
def test_issue2_normalise_keeps_length(text):
    out = normalise(text)
    assert len(out) == len(text)
    assert len(scan_text(out)) == len(text) + 2  # one space either side


def test_issue2_normalise_folds_case_apostrophes_dashes():
    assert normalise("Kherson’s") == "kherson's"
    assert normalise("Ivano‑Frankivsk") == "ivano frankivsk"
    assert normalise("Сєвєродонецьк") == normalise("Сєверодонецьк")


def test_issue4_skeleton_and_transliterations():
    assert skeleton("Kharkiv") == skeleton("Kharkov") == skeleton("Харків") == skeleton("Харьков")
    assert {"luhansk", "lugansk"} <= transliterations("Луганськ") | transliterations("Луганск")
