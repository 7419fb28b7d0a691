"""Tests for mentionmap.lexicon: look-ups in the pymorphy3 dictionaries."""

from __future__ import annotations

import pytest

from mentionmap.lexicon import analyser, is_finite_verb, is_given_name


@pytest.mark.parametrize(
    ("word", "expected"), [("Сергій", True), ("Анна", True), ("Херсон", False)]
)
def test_issue4_given_names(word, expected):
    assert is_given_name(word) is expected


@pytest.mark.parametrize(
    ("word", "expected"), [("заявил", True), ("повідомив", True), ("Херсон", False)]
)
def test_issue4_finite_verbs(word, expected):
    assert is_finite_verb(word) is expected


def test_issue4_analysers_load_both_languages():
    assert analyser("uk") is not None and analyser("ru") is not None
