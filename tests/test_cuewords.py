"""Tests for mentionmap.cuewords: the word lists are matched against the normalised
text (:func:`mentionmap.scantext.normalise`), so each must be reachable there."""

from __future__ import annotations

import pytest

from mentionmap import cuewords
from mentionmap.scantext import normalise

LISTS = sorted(name for name in dir(cuewords) if name.isupper())


def test_every_list_is_found():
    assert {"CLUB_WORDS", "VESSEL_WORDS", "TITLES", "UKRAINE_CUES"} <= set(LISTS)


@pytest.mark.parametrize("name", LISTS)
def test_cue_words_are_single_lower_case_words_found_in_normalised_text(name):
    words = getattr(cuewords, name)
    assert words, name
    for word in words:
        assert word == word.lower() and word.split() == [word], (name, word)
        # a spelling the normaliser folds (ё -> е) must come with its folded form
        assert normalise(word) in words, (name, word)
