"""Tests for mentionmap.adjectives: adjective declension and relational adjectives."""

from __future__ import annotations

import pytest

from mentionmap.adjectives import relational_adjective
from mentionmap.morphology import inflect


@pytest.mark.parametrize(
    ("lemma", "lang", "forms"),
    [
        (
            "запорізький",
            "uk",
            {"запорізька", "запорізької", "запорізькій", "запорізьку", "запорізькою"},
        ),
        ("кримський", "uk", {"кримського", "кримському", "кримським", "кримські"}),
        ("запорожский", "ru", {"запорожская", "запорожской", "запорожскую"}),
        ("крымский", "ru", {"крымского", "крымском", "крымские"}),
    ],
)
def test_issue4_adjective_paradigms(lemma, lang, forms):
    assert forms <= inflect(lemma, lang, adjective=True)


@pytest.mark.parametrize(
    ("name", "lang", "adjective"),
    [
        ("Бахмут", "uk", "бахмутський"),
        ("Бахмут", "ru", "бахмутский"),
        ("Краматорськ", "uk", "краматорський"),
        ("Мариуполь", "ru", "мариупольский"),
        ("Одеса", "uk", "одеський"),
        ("Одесса", "ru", "одесский"),
        ("Суми", "uk", "сумський"),
        ("Запоріжжя", "uk", None),  # irregular (запорізький): not derived
        ("Кременчук", "uk", None),
    ],
)
def test_issue4_relational_adjectives(name, lang, adjective):
    assert relational_adjective(name, lang) == adjective
