"""Tests for mentionmap.disambiguation: the policy's pointers, the Decision record and
the sentence-start test. The sentences are written for these tests."""

from __future__ import annotations

import importlib
import json
import re

import pytest

from mentionmap import disambiguation
from mentionmap.disambiguation import Decision, is_sentence_initial


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        ("", True),
        ("Shelling went on. ", True),
        ("Was it over? ", True),
        ("Headline\n", True),
        ('He said: "', True),
        ("Тоді. « ", True),
        ("the front line — ", True),
        ("(", True),
        ("Officials in ", False),
        ("Irpin, ", False),
        ("near the city of\t", False),
        ("Mr. Smith visited ", False),
    ],
)
def test_sentence_initial(before, expected):
    text = before + "Kherson was shelled."
    assert is_sentence_initial(text, len(before)) is expected


def test_decision_to_dict_is_json_ready_and_leaves_out_coordinates():
    d = Decision(
        surface="Kyiv Oblast",
        start=4,
        end=15,
        regions=("UA-32",),
        kind="region",
        kept=True,
        reason="region name",
        place="Kyiv Oblast",
        lat=50.4,
        lon=30.5,
        alternatives=("UA-30",),
    )
    out = d.to_dict()
    assert out == {
        "surface": "Kyiv Oblast",
        "start": 4,
        "end": 15,
        "regions": ["UA-32"],
        "kind": "region",
        "kept": True,
        "reason": "region name",
        "place": "Kyiv Oblast",
    }
    assert json.loads(json.dumps(out)) == out


def test_policy_points_to_modules_that_exist_and_point_back():
    """The policy is stated once, here; the modules that apply it name it in their own
    docstrings rather than restating it."""
    named = set(re.findall(r":mod:`(mentionmap\.\w+)`", disambiguation.__doc__))
    appliers = {
        "mentionmap.mentions",
        "mentionmap.localveto",
        "mentionmap.cuewords",
        "mentionmap.namecontext",
        "mentionmap.textcontext",
    }
    assert appliers <= named
    for name in named:
        module = importlib.import_module(name)
        assert module.__doc__, name
        if name in appliers:
            assert "mentionmap.disambiguation" in module.__doc__, name
