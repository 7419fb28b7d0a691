"""Tests for mentionmap.adjectives: adjective declension and relational adjectives."""

from __future__ import annotations

import pytest

from mentionmap.adjectives import area_noun, relational_adjective
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


@pytest.mark.parametrize(
    ("town", "area"),
    [
        ("Нікополь", "Нікопольщина"),
        ("Умань", "Уманщина"),
        ("Покровськ", "Покровщина"),
        ("Сєвєродонецьк", "Сєвєродонеччина"),
        ("Бахмут", "Бахмутщина"),
        ("Токмак", "Токмаччина"),
        ("Полтава", "Полтавщина"),
        ("Каховка", "Каховщина"),
        ("Одеса", "Одещина"),
        ("Суми", "Сумщина"),
        ("Олешки", "Олешківщина"),
        ("Сватове", "Сватівщина"),
        ("Никополь", "Никопольщина"),
        ("Запоріжжя", None),
        ("Дніпро", None),
        ("Нова Каховка", None),
    ],
)
def test_issue4_area_noun_of_a_town(town, area):
    assert area_noun(town) == area
