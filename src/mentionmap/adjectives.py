"""Adjective declension (Ukrainian and Russian) and the relational adjectives of
place names.

The ending tables decline an adjective in every gender and number (кримський ->
кримська, кримської; крымский -> крымская); :func:`relational_adjective` derives
the regular adjective of a one-word place name (Бахмут -> бахмутський, бахмутский).
"""

from __future__ import annotations

from collections.abc import Iterable

from mentionmap.caseforms import VOWELS, Forms, merge_forms, suffixed

_UK_ADJ = {
    "masc": {
        "nom": ("ий",),
        "gen": ("ого",),
        "dat": ("ому",),
        "acc": ("ий", "ого"),
        "ins": ("им",),
        "loc": ("ому", "ім"),
    },
    "fem": {
        "nom": ("а",),
        "gen": ("ої",),
        "dat": ("ій",),
        "acc": ("у",),
        "ins": ("ою",),
        "loc": ("ій",),
    },
    "neut": {
        "nom": ("е",),
        "gen": ("ого",),
        "dat": ("ому",),
        "acc": ("е",),
        "ins": ("им",),
        "loc": ("ому", "ім"),
    },
    "plur": {
        "nom": ("і",),
        "gen": ("их",),
        "dat": ("им",),
        "acc": ("і", "их"),
        "ins": ("ими",),
        "loc": ("их",),
    },
}

_RU_ADJ = {
    "masc": {
        "nom": ("ий", "ый", "ой"),
        "gen": ("ого",),
        "dat": ("ому",),
        "acc": ("ий", "ый", "ой", "ого"),
        "ins": ("им", "ым"),
        "loc": ("ом",),
    },
    "fem": {
        "nom": ("ая",),
        "gen": ("ой",),
        "dat": ("ой",),
        "acc": ("ую",),
        "ins": ("ой", "ою"),
        "loc": ("ой",),
    },
    "neut": {
        "nom": ("ое", "ее"),
        "gen": ("ого",),
        "dat": ("ому",),
        "acc": ("ое", "ее"),
        "ins": ("ым", "им"),
        "loc": ("ом",),
    },
    "plur": {
        "nom": ("ие", "ые"),
        "gen": ("их", "ых"),
        "dat": ("им", "ым"),
        "acc": ("ие", "ые", "их", "ых"),
        "ins": ("ими", "ыми"),
        "loc": ("их", "ых"),
    },
}


def adjective_gender(word: str, lang: str) -> tuple[str, str] | None:
    """Return (stem, gender) if ``word`` has an adjective ending, else None.

    Ukrainian: -ий/-а(after -ськ/-цьк/-ов/-ин...)/-е/-і are ambiguous with nouns,
    so only unambiguous adjective endings are recognised here; callers pass
    ``kind='adjective'`` to force adjective treatment.
    """
    w = word.lower()
    if lang == "uk":
        for ending, gender in (("ий", "masc"), ("ій", "masc")):
            if w.endswith(ending):
                return word[: -len(ending)], gender
        return None
    for ending, gender in (
        ("ий", "masc"),
        ("ый", "masc"),
        ("ой", "masc"),
        ("ая", "fem"),
        ("яя", "fem"),
        ("ое", "neut"),
        ("ее", "neut"),
        ("ие", "plur"),
        ("ые", "plur"),
    ):
        if w.endswith(ending):
            return word[: -len(ending)], gender
    return None


def adjective_forms(
    stem: str, lang: str, genders: Iterable[str] = ("masc", "fem", "neut", "plur")
) -> Forms:
    """All case forms of an adjective with ``stem`` ("донецьк", "крымск") in ``genders``."""
    table = _UK_ADJ if lang == "uk" else _RU_ADJ
    return merge_forms(*(suffixed(stem, table[g]) for g in genders))


_UK_ONLY = set("іїєґ")
_RU_ONLY = set("ыэёъ")


def relational_adjective(name: str, lang: str) -> str | None:
    """The regular relational adjective of a one-word place name, or None where the
    formation is irregular or the name is not plausibly in ``lang``:
    Бахмут -> бахмутський (uk) / бахмутский (ru); Краматорськ -> краматорський;
    Маріуполь -> маріупольський; Одеса -> одеський; Суми -> сумський."""
    low = name.lower()
    letters = set(low)
    if " " in low or "-" in low or len(low) < 4:
        return None
    if (lang == "uk" and letters & _RU_ONLY) or (lang == "ru" and letters & _UK_ONLY):
        return None
    sky = "ський" if lang == "uk" else "ский"
    if (lang == "uk" and low.endswith(("ськ", "цьк"))) or (
        lang == "ru" and low.endswith(("ск", "цк")) and not low.endswith(("ьск", "ьцк"))
    ):
        return low + "ий"
    last = low[-1]
    if last in "кгхцчжшщйоея":  # consonant alternations or irregular formations
        return None
    stem = low[:-1] if last in "аиіы" else low
    if stem[-1:] in VOWELS:
        return None
    if stem.endswith("с"):  # Одеса -> одеський, Одесса -> одесский
        return stem + sky[1:]
    return stem + sky


_CONSONANTS = set("бвгґджзклмнпрстфхцчшщ")


def area_noun(name: str) -> str | None:
    """The noun for the area around a town, as Ukrainian and Russian news name it, or
    None where the formation is irregular: Нікополь -> Нікопольщина, Умань -> Уманщина,
    Покровськ -> Покровщина, Бахмут -> Бахмутщина, Токмак -> Токмаччина, Полтава ->
    Полтавщина, Каховка -> Каховщина, Одеса -> Одещина, Суми -> Сумщина, Олешки ->
    Олешківщина, Сватове -> Сватівщина."""
    low = name.lower()
    if " " in low or "-" in low or len(low) < 4:
        return None
    if low.endswith(("ськ", "зьк")):
        return name[:-3] + "щина"
    if low.endswith("цьк"):
        return name[:-3] + "ччина"
    if low.endswith("ль"):
        return name + "щина"
    if low.endswith("ь"):
        return name[:-1] + "щина"
    if low.endswith("ове"):
        return name[:-3] + "івщина"
    if low.endswith("ка") and low[-3] in _CONSONANTS | VOWELS:
        return name[:-2] + "щина"
    if low.endswith(("са", "си")):
        return name[:-2] + "щина"
    if low.endswith(("ки", "ги", "хи")):  # Олешки -> Олешківщина, Пологи -> Пологівщина
        return name[:-1] + "івщина"
    if low.endswith(("а", "и")) and low[-2] in _CONSONANTS:
        return name[:-1] + "щина"
    if low.endswith("к"):
        return name[:-1] + "ччина"
    if low[-1] in _CONSONANTS:
        return name + "щина"
    return None
