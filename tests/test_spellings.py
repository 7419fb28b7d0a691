"""Tests for mentionmap.spellings: consonant skeletons and romanisations of names."""

from __future__ import annotations

from mentionmap.spellings import skeleton, transliterations


def test_issue4_skeleton_and_transliterations():
    assert skeleton("Kharkiv") == skeleton("Kharkov") == skeleton("Харків") == skeleton("Харьков")
    assert {"luhansk", "lugansk"} <= transliterations("Луганськ") | transliterations("Луганск")
