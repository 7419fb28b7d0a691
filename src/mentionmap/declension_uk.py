"""Ukrainian noun declension of place names by paradigm tables.

Feminine -а nouns (Одеса, Тошківка), the regional -щина/-ччина forms (Херсонщина,
Донеччина), neuter -я/-о/-е nouns (Запоріжжя, Дніпро, Рівне), plurals (Суми,
Чернівці), soft and hard masculine nouns with the і/о and ї/є alternation
(Тернопіль -> Тернополя, Харків -> Харкова, Київ -> Києва), and the non-final words
of multi-word names (Нова Каховка, Часів Яр).
"""

from __future__ import annotations

from mentionmap.adjectives import adjective_forms
from mentionmap.caseforms import CASES, VOWELS, Forms, case_table, merge_forms, suffixed

_UK_SIBILANTS = set("жчшщ")
# Feminine names that may be adjectives: both readings are generated (Борова -> Борової,
# Кремінна -> Кремінній, Попасна -> Попасній, Ясинувата -> Ясинуватій).
_UK_ADJECTIVAL_FEM = ("ова", "ева", "єва", "ська", "цька", "зька", "ина", "їна", "нна", "сна",
                      "вна", "тна", "чна", "жна", "ата", "ята")  # fmt: skip
# Neuter names in -е that may be nouns as well as adjectives (Гуляйполе -> Гуляйполі,
# Городище -> Городища); -ове, -не, -ке and the like stay adjectival (Сватове -> Сватовому).
_UK_NOUN_NEUTER = ("ле", "ре", "ще", "це", "же", "че", "ше")
_UK_DOUBLED_NEUTER = ("жжя", "ччя", "ття", "сся", "лля", "ння", "ддя", "цця", "зя", "шшя")


def _uk_alternated(stem: str) -> list[str]:
    """Stems for oblique cases. Ukrainian і (and ї) in a final closed syllable opens to
    о (є) when an ending is added: Харків -> Харкова, Київ -> Києва, Ріг -> Рогу,
    міст -> мосту, Тернопіль -> Тернополя; after a sibilant or before н it may open to е
    (Бердичів -> Бердичева, Ірпінь -> Ірпеня). Every candidate stem is returned."""
    stems = [stem]
    low = stem.lower()
    i = len(low)
    while i > 0 and low[i - 1] not in VOWELS:
        i -= 1
    tail = low[i:]
    if i > 1 and 1 <= len(tail.replace("ь", "")) <= 2:
        vowel = low[i - 1]
        if vowel == "і":
            stems.append(stem[: i - 1] + "о" + stem[i:])
            if low[i - 2] in "жчшщй" or tail in ("нь", "н"):  # Бердичів -> Бердичева,
                stems.append(stem[: i - 1] + "е" + stem[i:])  # Ірпінь -> Ірпеня
        elif vowel == "ї":
            stems.append(stem[: i - 1] + "є" + stem[i:])
    return stems


def uk_noun(word: str) -> Forms:
    """Case forms of a Ukrainian place noun (the last word of a name)."""
    w = word.lower()
    last = w[-1]
    if w.endswith("щина") or w.endswith("ччина"):
        s = word[:-1]
        return suffixed(
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
    if last == "а" and w.endswith(_UK_ADJECTIVAL_FEM):
        noun = _uk_noun_a(word)
        return merge_forms(noun, adjective_forms(word[:-1], "uk", ("fem",)))
    if last == "а":
        return _uk_noun_a(word)
    return _uk_noun_rest(word)


def _uk_noun_a(word: str) -> Forms:
    """Ukrainian feminine nouns in -а: Одеса, Полтава, Буча, Тошківка."""
    s = word[:-1]
    if s:
        if s[-1:].lower() in _UK_SIBILANTS:
            t = suffixed(
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
            t = suffixed(
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
                t = merge_forms(t, case_table(dat=[s[:-1] + alt + "і"], loc=[s[:-1] + alt + "і"]))
        return t


def _uk_noun_rest(word: str) -> Forms:
    w = word.lower()
    last = w[-1]
    if last == "я":
        s = word[:-1]
        if w.endswith(_UK_DOUBLED_NEUTER):  # Запоріжжя, Поділля
            return suffixed(
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
            return suffixed(
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
        return suffixed(
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
        t = suffixed(s, endings)
        low = s.lower()
        if not soft and len(low) > 2 and low[-2] not in VOWELS and low[-1] in "кн":
            # fleeting vowel in the genitive: П'ятихатки -> П'ятихаток, Ромни -> Ромен
            t = merge_forms(t, case_table(gen=[s[:-1] + ("о" if low[-1] == "к" else "е") + s[-1]]))
        return t
    if last == "о":  # Дніпро, Мукачево, Курахово
        s = word[:-1]
        return suffixed(
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
        adjectival = adjective_forms(word[:-1], "uk", ("neut",))
        if not w.endswith(_UK_NOUN_NEUTER):
            return adjectival
        s = word[:-1]
        soft = w.endswith(("ле", "ре"))  # поле -> поля, полю; Городище -> Городища, Городищу
        noun = suffixed(
            s,
            {
                "nom": ("е",),
                "gen": ("я",) if soft else ("а",),
                "dat": ("ю",) if soft else ("у",),
                "acc": ("е",),
                "ins": ("ем",),
                "loc": ("і", "ю") if soft else ("і", "у"),
            },
        )
        return merge_forms(noun, adjectival)
    if last == "ь":  # Тернопіль, Маріуполь, Керч-like soft nouns; Марганець -> Марганця
        stems = _uk_alternated(word[:-1])
        if w.endswith("ець"):
            stems.append(word[:-3] + "ц")
        tables = []
        for s in stems:
            tables.append(
                suffixed(
                    s,
                    {
                        "gen": ("я", "і"),
                        "dat": ("ю", "еві", "і"),
                        "ins": ("ем", "ю"),
                        "loc": ("і", "ю"),
                    },
                )
            )
        return merge_forms(case_table(nom=[word], acc=[word]), *tables)
    if last == "й":  # soft -й
        s = word[:-1]
        return merge_forms(
            case_table(nom=[word], acc=[word]),
            suffixed(
                s, {"gen": ("я", "ю"), "dat": ("ю", "єві"), "ins": ("єм",), "loc": ("ї", "ю")}
            ),
        )
    if last in VOWELS:  # indeclinable: Ізмаїл handled above; foreign -у/-і etc.
        return case_table(**{case: [word] for case in CASES})
    # consonant-final masculine: Донецьк, Херсон, Харків, Київ, Ужгород, Крим, Яр
    tables = [case_table(nom=[word], acc=[word])]
    for s in _uk_alternated(word):
        if s[-1:].lower() in _UK_SIBILANTS:  # Керч (fem): Керчі, Керчю
            tables.append(
                suffixed(
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
                suffixed(
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
                tables.append(case_table(loc=[s[:-1] + alt + "і"]))
    if word.lower().endswith("ок"):  # fleeting vowel: Городок -> Городка
        stem = word[:-2] + "к"
        tables.append(
            suffixed(stem, {"gen": ("а", "у"), "dat": ("у", "ові"), "ins": ("ом",), "loc": ("у",)})
        )
    return merge_forms(*tables)


def _uk_possessive(word: str) -> Forms:
    """A possessive adjective in -ів/-їв before a noun: Часів (Яр) -> Часового, Часовому."""
    w = word.lower()
    stem = word[:-2] + ("ов" if w.endswith("ів") else "єв")
    t = adjective_forms(stem, "uk", ("masc",))
    return merge_forms(t, case_table(**{case: [word] for case in CASES}))


def uk_modifier(word: str) -> Forms:
    """A non-final word of a multi-word Ukrainian name: an adjective that agrees with
    the noun (Нова Каховка, Кривий Ріг, Біла Церква), a possessive (Часів Яр), or a
    noun (Кам'янка-Дніпровська); ambiguous endings get every plausible reading."""
    w = word.lower()
    if w.endswith("ий"):
        return adjective_forms(word[:-2], "uk", ("masc",))
    if w.endswith(("ів", "їв")):
        return _uk_possessive(word)
    if w.endswith("а"):
        return merge_forms(adjective_forms(word[:-1], "uk", ("fem",)), uk_noun(word))
    if w.endswith("е"):
        return adjective_forms(word[:-1], "uk", ("neut",))
    if w.endswith("і"):
        return merge_forms(adjective_forms(word[:-1], "uk", ("plur",)), uk_noun(word))
    return uk_noun(word)
