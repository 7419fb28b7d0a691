"""Tests for mentionmap.places: GeoNames places and which alternate names are kept."""

from __future__ import annotations

from mentionmap.places import place_entries


def test_issue4_noisy_alternate_names_are_filtered():
    by_name = {}
    for e in place_entries():
        by_name.setdefault(e.name, set()).add(e.place)
    assert "Lutsk" in by_name.get("Lutsk", set())
    assert "Luck" not in by_name  # Polish spelling, an English word
    assert "Stalin" not in by_name  # a former name of Donetsk that is a person
    assert "Lugansk" in by_name  # a romanisation of Луганск
