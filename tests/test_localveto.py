"""Tests for mentionmap.localveto: the vetoes read from a match's nearest words.

The sentences are written for these tests (none is taken from the evaluation sets).
"""

from __future__ import annotations

import itertools

import pytest

from mentionmap.localveto import local_veto, word_veto
from mentionmap.scantext import normalise

# Left and right contexts chosen to reach every test of the word lists: clubs, dishes,
# diseases, historical states, stations, rivers, ships, seas, districts, units, titles,
# initials, punctuation-only tokens and words that merely contain a vessel word.
LEFTS = [
    "",
    "Officials in ",
    "Shelling near the ",
    "Fans of Shakhtar ",
    "He ordered chicken ",
    "across the river, on the ",
    "the cruiser ",
    "the gunboats Nikopol and ",
    "The Sea of ",
    "She met Gen. ",
    "Vladimir V. ",
    "President ",
    "the leadership of ",
    "Then « ",
    "на ",
    "рух через ",
    "Фанати Шахтаря та ",
    "катер ",
    "Portugal and ",
    "Maria ",
    "In ",
    "на вулиці ",
]
RIGHTS = [
    "",
    " on Monday.",
    " Oblast said.",
    " Post reported.",
    " Regiment fighters",
    " river bank",
    " Sea coast",
    " and Berdiansk frigates sank.",
    " district court",
    " район міста",
    " і Київський район",
    " » said",
    " вокзал",
    " війна",
    " Congo fever",
    " , the relationship",
    " Street in Moscow",
    " metro station",
    " вулиця",
]
NAMES = ["Kherson", "Dnipro", "Azov", "Kiev", "Kyiv", "Дніпрі", "Київський", "Odesa", "Odeska"]


@pytest.mark.parametrize("name", NAMES)
def test_issue4_quick_look_agrees_with_the_word_lists(name):
    """local_veto answers most matches from the nearest words alone (speed, issue 4);
    it must always give the answer that the full word lists give."""
    answers = set()
    for left, right, adjective in itertools.product(LEFTS, RIGHTS, (False, True)):
        text = left + name + right
        norm = normalise(text)
        start, end = len(left), len(left) + len(name)
        expected = word_veto(text, norm, start, end, adjective)
        assert local_veto(text, norm, start, end, adjective) == expected, text
        answers.add(expected)
    assert len(answers) > 3  # the contexts do reach several different vetoes


def test_lower_case_match_is_not_a_name():
    text = "a kherson melon"
    assert local_veto(text, normalise(text), 2, 9, False).startswith("not capitalised")


def test_ship_and_river_vetoes():
    text = "The cruiser Moskva and the frigate Kherson."
    start = text.index("Kherson")
    assert local_veto(text, normalise(text), start, start + 7, False) == "ship name (frigate …)"
    text = "They crossed the Dnipro at night."
    start = text.index("Dnipro")
    assert local_veto(text, normalise(text), start, start + 6, False) == (
        "the river Dnipro/Dnieper"
    )


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("the leadership of ", " on monday"),  # "ship" inside another word counts
        ("", ""),
        ("the frigate", ""),
        ("", "катер і"),
        ("frig", "ate"),  # a word split across the two windows is in neither
        ("\U0001f6a2 boat\udc80", " \ud800"),  # astral characters and lone surrogates
        ("officials in ", " said on monday"),
        ("тепло", "хід"),
    ],
)
def test_issue4_vessel_check_equals_a_substring_search(left, right):
    """The one-scan vessel-word check (ahocorasick_rs over both windows) says what
    looking for every vessel word in each window says."""
    from mentionmap.cuewords import VESSEL_WORDS
    from mentionmap.localveto import _vessel_word_in

    expected = any(w in left or w in right for w in VESSEL_WORDS)
    assert _vessel_word_in(left, right) is expected


@pytest.mark.parametrize(
    ("text", "name", "adjective", "why"),
    [
        ("Protesters gathered on Kherson Street in Moscow.", "Kherson", False, "street"),
        ("Moscow's Kievskaya metro station was closed.", "Kievskaya", False, "station"),
        ("The singer Maria Odeska performed.", "Odeska", False, "surname"),
        ("Oleksandr Kharkivskyi spoke to reporters.", "Kharkivskyi", False, "surname"),
        ("На вулиці Херсонській сталася пожежа.", "Херсонській", True, "street"),
        ("Перекрито Киевскую улицу.", "Киевскую", True, "street"),
    ],
)
def test_issue4_streets_stations_and_surnames_named_after_places(text, name, adjective, why):
    start = text.index(name)
    end = start + len(name)
    veto = local_veto(text, normalise(text), start, end, adjective)
    assert veto is not None and why in veto, veto


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Russia claimed Kherson and Zaporizka in the south.", "Zaporizka"),
        ("In Zaporizka, voting began.", "Zaporizka"),
        ("Trains to Kherson were delayed; Kherson station reopened.", "Kherson"),
        ("Kherson street fighting ended in November.", "Kherson"),
    ],
)
def test_issue4_regions_next_to_such_words_are_kept(text, name):
    """A bare adjectival form after a function word, a city's own station, and a name
    before a lower-case or non-street word stay places."""
    start = text.index(name)
    assert local_veto(text, normalise(text), start, start + len(name), False) is None
