"""Ukrainian and Russian inflection of place names by paradigm tables.

A name's paradigm is chosen from its ending (and, for multi-word names, from the
role of each word), then every case form is generated from the stem. The tables
cover the six cases that occur in news prose (nominative, genitive, dative,
accusative, instrumental, locative); where usage varies (genitive -а/-у, the
і/о and ї/є vowel alternation of Харків/Харкова, Київ/Києва) both variants are
generated, because over-generating a form that never occurs costs nothing while a
missing form loses a mention. Words are combined case by case, so an adjective
and its noun agree ("Нова Каховка" -> "Нової Каховки", "Кривий Ріг" -> "Кривого Рогу").

The tables are cross-checked against the pymorphy3 dictionaries in
``tests/test_morphology.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

CASES = ("nom", "gen", "dat", "acc", "ins", "loc")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
Forms = dict[str, set[str]]  # case -> surface forms

_UK_SIBILANTS = set("жчшщ")
_RU_VELARS_SIBILANTS = set("кгхжшчщ")
_VOWELS = set("аеєиіїоуюяыэё")
_UK_DOUBLED_NEUTER = ("жжя", "ччя", "ття", "сся", "лля", "ння", "ддя", "цця", "зя", "шшя")
_LETTERS = set("абвгґдеєжзиіїйклмнопрстуфхцчшщьюяыэёъ'")


def _table(**cases: Iterable[str]) -> Forms:
    return {case: set(cases.get(case, ())) for case in CASES}


def _suffixed(stem: str, endings: dict[str, tuple[str, ...]]) -> Forms:
    return {case: {stem + e for e in endings.get(case, ())} for case in CASES}


def _merge(*tables: Forms) -> Forms:
    out: Forms = {case: set() for case in CASES}
    for table in tables:
        for case, forms in table.items():
            out[case] |= forms
    return out


def _uk_alternated(stem: str) -> list[str]:
    """Stems for oblique cases. Ukrainian і (and ї) in a final closed syllable opens to
    о (є) when an ending is added: Харків -> Харкова, Київ -> Києва, Ріг -> Рогу,
    міст -> мосту, Тернопіль -> Тернополя. Both stems are returned."""
    stems = [stem]
    low = stem.lower()
    i = len(low)
    while i > 0 and low[i - 1] not in _VOWELS:
        i -= 1
    tail = low[i:]
    if i > 1 and 1 <= len(tail.replace("ь", "")) <= 2:
        vowel = low[i - 1]
        if vowel == "і":
            stems.append(stem[: i - 1] + "о" + stem[i:])
        elif vowel == "ї":
            stems.append(stem[: i - 1] + "є" + stem[i:])
    return stems


# --- Ukrainian -----------------------------------------------------------------

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
    return _merge(*(_suffixed(stem, table[g]) for g in genders))


def _uk_noun(word: str) -> Forms:
    w = word.lower()
    last = w[-1]
    if w.endswith("щина") or w.endswith("ччина"):
        s = word[:-1]
        return _suffixed(
            s,
            {
                "nom": ("а",),
                "gen": ("и",),
                "dat": ("і",),
                "acc": ("у",),
                "ins": ("ою",),
                "loc": ("і",),
            },
        )
    if last == "а" and w.endswith(("ова", "ева", "єва", "ська", "цька", "зька", "ина", "їна")):
        noun = _uk_noun_a(word)
        return _merge(noun, adjective_forms(word[:-1], "uk", ("fem",)))
    if last == "а":
        return _uk_noun_a(word)
    return _uk_noun_rest(word)


def _uk_noun_a(word: str) -> Forms:
    """Ukrainian feminine nouns in -а: Одеса, Полтава, Буча, Тошківка."""
    s = word[:-1]
    if s:
        if s[-1:].lower() in _UK_SIBILANTS:
            t = _suffixed(
                s,
                {
                    "nom": ("а",),
                    "gen": ("і",),
                    "dat": ("і",),
                    "acc": ("у",),
                    "ins": ("ею",),
                    "loc": ("і",),
                },
            )
        else:
            t = _suffixed(
                s,
                {
                    "nom": ("а",),
                    "gen": ("и",),
                    "dat": ("і",),
                    "acc": ("у",),
                    "ins": ("ою",),
                    "loc": ("і",),
                },
            )
            alt = {"к": "ц", "г": "з", "х": "с"}.get(s[-1:].lower())
            if alt:  # Тошківка -> Тошківці
                t = _merge(t, _table(dat=[s[:-1] + alt + "і"], loc=[s[:-1] + alt + "і"]))
        return t


def _uk_noun_rest(word: str) -> Forms:
    w = word.lower()
    last = w[-1]
    if last == "я":
        s = word[:-1]
        if w.endswith(_UK_DOUBLED_NEUTER):  # Запоріжжя, Поділля
            return _suffixed(
                s,
                {
                    "nom": ("я",),
                    "gen": ("я",),
                    "dat": ("ю",),
                    "acc": ("я",),
                    "ins": ("ям",),
                    "loc": ("і",),
                },
            )
        if w.endswith("ія"):  # Олександрія
            return _suffixed(
                s,
                {
                    "nom": ("я",),
                    "gen": ("ї",),
                    "dat": ("ї",),
                    "acc": ("ю",),
                    "ins": ("єю",),
                    "loc": ("ї",),
                },
            )
        return _suffixed(
            s,
            {
                "nom": ("я",),
                "gen": ("і",),
                "dat": ("і",),
                "acc": ("ю",),
                "ins": ("ею",),
                "loc": ("і",),
            },
        )
    if last in "иі" and len(w) > 3:  # plural: Суми, Черкаси, Чернівці, Бровари
        s = word[:-1]
        soft = last == "і"
        endings = {
            "nom": (last,),
            "gen": ("ів",) if soft else ("", "ів"),
            "dat": ("ям",) if soft else ("ам",),
            "acc": (last,),
            "ins": ("ями",) if soft else ("ами",),
            "loc": ("ях",) if soft else ("ах",),
        }
        t = _suffixed(s, endings)
        return t
    if last == "о":  # Дніпро, Мукачево, Курахово
        s = word[:-1]
        return _suffixed(
            s,
            {
                "nom": ("о",),
                "gen": ("а",),
                "dat": ("у", "ові"),
                "acc": ("о",),
                "ins": ("ом",),
                "loc": ("і", "у", "ові"),
            },
        )
    if last == "е" and len(w) > 3:  # neuter adjectival: Рівне, Курахове, Золоте
        return adjective_forms(word[:-1], "uk", ("neut",))
    if last == "ь":  # Тернопіль, Маріуполь, Керч-like soft nouns; Марганець -> Марганця
        stems = _uk_alternated(word[:-1])
        if w.endswith("ець"):
            stems.append(word[:-3] + "ц")
        tables = []
        for s in stems:
            tables.append(
                _suffixed(
                    s,
                    {
                        "gen": ("я", "і"),
                        "dat": ("ю", "еві", "і"),
                        "ins": ("ем", "ю"),
                        "loc": ("і", "ю"),
                    },
                )
            )
        return _merge(_table(nom=[word], acc=[word]), *tables)
    if last == "й":  # soft -й
        s = word[:-1]
        return _merge(
            _table(nom=[word], acc=[word]),
            _suffixed(
                s, {"gen": ("я", "ю"), "dat": ("ю", "єві"), "ins": ("єм",), "loc": ("ї", "ю")}
            ),
        )
    if last in _VOWELS:  # indeclinable: Ізмаїл handled above; foreign -у/-і etc.
        return _table(**{case: [word] for case in CASES})
    # consonant-final masculine: Донецьк, Херсон, Харків, Київ, Ужгород, Крим, Яр
    tables = [_table(nom=[word], acc=[word])]
    for s in _uk_alternated(word):
        if s[-1:].lower() in _UK_SIBILANTS:  # Керч (fem): Керчі, Керчю
            tables.append(
                _suffixed(
                    s,
                    {
                        "gen": ("а", "і"),
                        "dat": ("у", "еві", "і"),
                        "ins": ("ем", "ю"),
                        "loc": ("і", "у"),
                    },
                )
            )
        else:
            tables.append(
                _suffixed(
                    s,
                    {
                        "gen": ("а", "у"),
                        "dat": ("у", "ові"),
                        "ins": ("ом",),
                        "loc": ("і", "у", "ові"),
                    },
                )
            )
            alt = {"к": "ц", "г": "з", "х": "с"}.get(s[-1:].lower())
            if alt:  # Кривий Ріг -> у Кривому Розі, Кременчук -> у Кременчуці
                tables.append(_table(loc=[s[:-1] + alt + "і"]))
    if word.lower().endswith("ок"):  # fleeting vowel: Городок -> Городка
        stem = word[:-2] + "к"
        tables.append(
            _suffixed(stem, {"gen": ("а", "у"), "dat": ("у", "ові"), "ins": ("ом",), "loc": ("у",)})
        )
    return _merge(*tables)


def _uk_possessive(word: str) -> Forms:
    """A possessive adjective in -ів/-їв before a noun: Часів (Яр) -> Часового, Часовому."""
    w = word.lower()
    stem = word[:-2] + ("ов" if w.endswith("ів") else "єв")
    t = adjective_forms(stem, "uk", ("masc",))
    return _merge(t, _table(**{case: [word] for case in CASES}))


# --- Russian -------------------------------------------------------------------


def _ru_noun(word: str) -> Forms:
    w = word.lower()
    last = w[-1]
    if last == "а":
        s = word[:-1]
        y = "и" if s[-1:].lower() in _RU_VELARS_SIBILANTS else "ы"
        return _suffixed(
            s,
            {
                "nom": ("а",),
                "gen": (y,),
                "dat": ("е",),
                "acc": ("у",),
                "ins": ("ой", "ою", "ей", "ею"),
                "loc": ("е",),
            },
        )
    if last == "я":
        s = word[:-1]
        if w.endswith("ия"):  # Александрия
            return _suffixed(
                s,
                {
                    "nom": ("я",),
                    "gen": ("и",),
                    "dat": ("и",),
                    "acc": ("ю",),
                    "ins": ("ей",),
                    "loc": ("и",),
                },
            )
        return _suffixed(
            s,
            {
                "nom": ("я",),
                "gen": ("и",),
                "dat": ("е",),
                "acc": ("ю",),
                "ins": ("ей", "ёй"),
                "loc": ("е",),
            },
        )
    if w.endswith("ье"):  # Запорожье, Приднестровье
        s = word[:-1]
        return _suffixed(
            s,
            {
                "nom": ("е",),
                "gen": ("я",),
                "dat": ("ю",),
                "acc": ("е",),
                "ins": ("ем",),
                "loc": ("е", "и"),
            },
        )
    if last in "ыи" and len(w) > 3:  # plural: Сумы, Черкассы, Черновцы
        s = word[:-1]
        return _suffixed(
            s,
            {
                "nom": (last,),
                "gen": ("", "ов", "ей"),
                "dat": ("ам",),
                "acc": (last,),
                "ins": ("ами",),
                "loc": ("ах",),
            },
        )
    if last == "о":  # Курахово, Ровно (often left undeclined, too)
        s = word[:-1]
        return _merge(
            _table(**{case: [word] for case in CASES}),
            _suffixed(s, {"gen": ("а",), "dat": ("у",), "ins": ("ом",), "loc": ("е",)}),
        )
    if last == "е" and len(w) > 3 and w[-2] not in _VOWELS:  # indeclinable or neuter -е
        return _table(**{case: [word] for case in CASES})
    if last == "ь":  # Севастополь (m), Керчь (f)
        s = word[:-1]
        return _merge(
            _table(nom=[word], acc=[word]),
            _suffixed(
                s, {"gen": ("я", "и"), "dat": ("ю", "и"), "ins": ("ем", "ью"), "loc": ("е", "и")}
            ),
        )
    if last == "й":
        s = word[:-1]
        return _merge(
            _table(nom=[word], acc=[word]),
            _suffixed(s, {"gen": ("я",), "dat": ("ю",), "ins": ("ем",), "loc": ("е",)}),
        )
    if last in _VOWELS:
        return _table(**{case: [word] for case in CASES})
    # consonant-final masculine: Донецк, Херсон, Киев, Крым (в Крыму), Рог
    tables = [
        _table(nom=[word], acc=[word]),
        _suffixed(word, {"gen": ("а", "у"), "dat": ("у",), "ins": ("ом", "ем"), "loc": ("е", "у")}),
    ]
    if w.endswith(("ец", "ок")):  # fleeting vowel: Марганец -> Марганца, Городок -> Городка
        stem = word[:-2] + word[-1]
        tables.append(
            _suffixed(stem, {"gen": ("а",), "dat": ("у",), "ins": ("ом", "ем"), "loc": ("е",)})
        )
    return _merge(*tables)


def _ru_possessive(word: str) -> Forms:
    """A possessive adjective in -ов/-ев/-ин before a noun: Часов (Яр) -> Часова, Часовом."""
    t = _suffixed(word, {"gen": ("а",), "dat": ("у",), "ins": ("ым",), "loc": ("ом",)})
    return _merge(t, _table(**{case: [word] for case in CASES}))


# --- words and names -------------------------------------------------------------


def _uk_modifier(word: str) -> Forms:
    """A non-final word of a multi-word Ukrainian name: an adjective that agrees with
    the noun (Нова Каховка, Кривий Ріг, Біла Церква), a possessive (Часів Яр), or a
    noun (Кам'янка-Дніпровська); ambiguous endings get every plausible reading."""
    w = word.lower()
    if w.endswith("ий"):
        return adjective_forms(word[:-2], "uk", ("masc",))
    if w.endswith(("ів", "їв")):
        return _uk_possessive(word)
    if w.endswith("а"):
        return _merge(adjective_forms(word[:-1], "uk", ("fem",)), _uk_noun(word))
    if w.endswith("е"):
        return adjective_forms(word[:-1], "uk", ("neut",))
    if w.endswith("і"):
        return _merge(adjective_forms(word[:-1], "uk", ("plur",)), _uk_noun(word))
    return _uk_noun(word)


def word_forms(word: str, lang: str, *, role: str = "noun") -> Forms:
    """Case forms of one word. ``role``: "noun", "adjective" (declines as an adjective
    in all genders and numbers), or "modifier" (a non-final word of a multi-word name)."""
    if len(word) < 2 or not set(word.lower()) <= _LETTERS:
        return _table(**{case: [word] for case in CASES})
    w = word.lower()
    if lang == "uk":
        if role == "adjective":
            for ending in ("ий", "а", "е", "і"):
                if w.endswith(ending):
                    return adjective_forms(word[: -len(ending)], "uk")
            return _table(**{case: [word] for case in CASES})
        if role == "modifier":
            return _uk_modifier(word)
        if w.endswith("ий"):  # Кропивницький, Хмельницький decline as adjectives
            return adjective_forms(word[:-2], "uk", ("masc",))
        return _uk_noun(word)
    adj = adjective_gender(word, "ru")
    if role == "adjective":
        if adj:
            return adjective_forms(adj[0], "ru")
        return _table(**{case: [word] for case in CASES})
    if adj and role == "noun" and w.endswith("ой"):
        # Джанкой (noun: в Джанкое) or an adjective-shaped name: generate both
        return _merge(adjective_forms(adj[0], "ru", ("masc",)), _ru_noun(word))
    if adj:
        return adjective_forms(adj[0], "ru", (adj[1],))
    if role == "modifier" and w.endswith(("ов", "ев", "ин")):
        return _ru_possessive(word)
    return _ru_noun(word)


@lru_cache(maxsize=65536)
def inflect(name: str, lang: str, *, adjective: bool = False) -> frozenset[str]:
    """Every generated case form of a Ukrainian (``lang="uk"``) or Russian (``"ru"``) name.

    Multi-word names are inflected word by word and combined per case (agreement);
    in hyphenated names each part is inflected and also the first part is kept
    fixed (Івано-Франківськ -> Івано-Франківська). ``adjective=True`` declines the
    name as an adjective in every gender and number (кримський -> кримська, кримської...).
    The input form is always included. Non-Cyrillic names are returned unchanged.
    """
    if lang not in ("uk", "ru") or not _CYRILLIC.search(name):
        return frozenset({name})
    words = name.split(" ")
    per_word: list[Forms] = []
    for i, word in enumerate(words):
        last = i == len(words) - 1
        role = "adjective" if adjective else ("noun" if last else "modifier")
        if "-" in word:
            parts = word.split("-")
            part_forms = [
                word_forms(p, lang, role=role if j == len(parts) - 1 else "modifier")
                for j, p in enumerate(parts)
            ]
            combined = {
                case: {"-".join(c) for c in _product([pf[case] for pf in part_forms])}
                for case in CASES
            }
            fixed = {
                case: {"-".join(parts[:-1]) + "-" + f for f in part_forms[-1][case]}
                for case in CASES
            }
            per_word.append(_merge(combined, fixed))
        else:
            per_word.append(word_forms(word, lang, role=role))
    out = {name}
    for case in CASES:
        for combo in _product([forms[case] for forms in per_word]):
            out.add(" ".join(combo))
    return frozenset(f for f in out if f)


def _product(lists: list[set[str]]) -> list[tuple[str, ...]]:
    result: list[tuple[str, ...]] = [()]
    for options in lists:
        if not options:
            return []
        result = [(*r, o) for r in result for o in sorted(options)]
    return result


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
    if stem[-1:] in _VOWELS:
        return None
    if stem.endswith("с"):  # Одеса -> одеський, Одесса -> одесский
        return stem + sky[1:]
    return stem + sky


# --- dictionary look-ups (pymorphy3) -------------------------------------------------


@lru_cache(maxsize=2)
def analyser(lang: str):
    """The pymorphy3 analyser for "uk" or "ru" (loaded once), or None if unavailable."""
    try:
        import pymorphy3

        return pymorphy3.MorphAnalyzer(lang=lang)
    except (ImportError, ValueError, OSError):  # pragma: no cover - declared dependency
        return None


def _parses(word: str):
    for lang in ("uk", "ru"):
        a = analyser(lang)
        if a is not None and a.word_is_known(word.lower()):
            yield from (p for p in a.parse(word.lower()) if p.is_known)


@lru_cache(maxsize=4096)
def is_given_name(word: str) -> bool:
    """True if a Ukrainian or Russian dictionary knows ``word`` as a first name
    (Сергій, Сергей, Анна, Павло)."""
    return any("Name" in p.tag.grammemes for p in _parses(word))


@lru_cache(maxsize=4096)
def is_finite_verb(word: str) -> bool:
    """True if ``word`` can be a finite verb form (заявил, повідомив, said-like)."""
    return any("VERB" in p.tag.grammemes for p in _parses(word))
