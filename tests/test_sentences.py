"""Tests for mentionmap.sentences: sentence spans for excerpts.

The sentences are written for these tests (none is taken from the evaluation sets).
"""

from __future__ import annotations

import random

from mentionmap.sentences import has_rare_terminators, sentence_span

PIECES = [
    "Officials in Kherson said the grid was repaired.",
    "Gen. Petrenko met Mr. Ivanov in Kyiv.",
    "The U.S. Army sent 2.5 tonnes.",
    "Prices rose... Then",
    "В м. Херсон 3 тис. людей.",
    "У Донецькій обл. тривають бої.",
    "«Харків» — місто.",
    "(Odesa.)",
    "wrapped line\ncontinues here.",
    "\n\n",
    "\n",
    "a.b.c",
    "end.",
]


def _texts(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(PIECES) for _ in range(rng.randint(1, 8))) for _ in range(n)]


def test_issue4_spans_without_rare_terminators_agree():
    """Told that a text holds no "!", "?" or "…" (speed, issue 4), sentence_span finds
    full stops and line breaks another way; it must give the same spans."""
    checked = 0
    for text in _texts(4, 300):
        assert not has_rare_terminators(text)
        for start in range(0, len(text) - 1, 3):
            end = start + 1
            expected = sentence_span(text, start, end)
            assert sentence_span(text, start, end, rare=False) == expected, (text, start)
            checked += 1
    assert checked > 1000


def test_rare_terminators_are_seen():
    assert has_rare_terminators("Why? Because.")
    assert has_rare_terminators("Stop! Now.")
    assert has_rare_terminators("And then… nothing.")
    assert not has_rare_terminators("Kyiv. Kharkiv.\n\nOdesa.")


def test_span_is_the_whole_sentence():
    text = "Gen. Petrenko met Mr. Ivanov in Kyiv. Then he left for Odesa."
    start = text.index("Kyiv")
    s, e = sentence_span(text, start, start + 4, rare=False)
    assert text[s:e] == "Gen. Petrenko met Mr. Ivanov in Kyiv."
