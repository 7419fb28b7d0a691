"""Russian noun declension of place names by paradigm tables.

Feminine -а/-я nouns (Одесса, Александрия), neuter -ье/-о/-е nouns (Запорожье,
Курахово), plurals (Сумы, Черновцы), soft and hard masculine nouns with fleeting
vowels (Марганец -> Марганца), and possessive modifiers (Часов Яр).
"""

from __future__ import annotations

from mentionmap.caseforms import CASES, VOWELS, Forms, case_table, merge_forms, suffixed

_RU_VELARS_SIBILANTS = set("кгхжшчщ")


def ru_noun(word: str) -> Forms:
    """Case forms of a Russian place noun (the last word of a name)."""
    w = word.lower()
    last = w[-1]
    if last == "а":
        s = word[:-1]
        y = "и" if s[-1:].lower() in _RU_VELARS_SIBILANTS else "ы"
        return suffixed(
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
            return suffixed(
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
        return suffixed(
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
        return suffixed(
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
        t = suffixed(
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
        low = s.lower()
        if len(low) > 2 and low[-2] not in VOWELS and low[-1] in "кн":
            # fleeting vowel in the genitive: Алешки -> Алешек, Пятихатки -> Пятихаток,
            # Ромны -> Ромен
            vowels = ("о", "е") if low[-1] == "к" else ("е",)
            t = merge_forms(t, case_table(gen=[s[:-1] + v + s[-1] for v in vowels]))
        return t
    if last == "о":  # Курахово, Ровно (often left undeclined, too)
        s = word[:-1]
        return merge_forms(
            case_table(**{case: [word] for case in CASES}),
            suffixed(s, {"gen": ("а",), "dat": ("у",), "ins": ("ом",), "loc": ("е",)}),
        )
    if last == "е" and len(w) > 3 and w[-2] not in VOWELS:  # indeclinable or neuter -е
        return case_table(**{case: [word] for case in CASES})
    if last == "ь":  # Севастополь (m), Керчь (f)
        s = word[:-1]
        tables = [
            case_table(nom=[word], acc=[word]),
            suffixed(
                s, {"gen": ("я", "и"), "dat": ("ю", "и"), "ins": ("ем", "ью"), "loc": ("е", "и")}
            ),
        ]
        if w.endswith("овь"):  # fleeting vowel: (Белая) Церковь -> Церкви, Церковью
            stem = word[:-3] + word[-2]
            tables.append(suffixed(stem, {"gen": ("и",), "dat": ("и",), "loc": ("и",)}))
        return merge_forms(*tables)
    if last == "й":
        s = word[:-1]
        return merge_forms(
            case_table(nom=[word], acc=[word]),
            suffixed(s, {"gen": ("я",), "dat": ("ю",), "ins": ("ем",), "loc": ("е",)}),
        )
    if last in VOWELS:
        return case_table(**{case: [word] for case in CASES})
    # consonant-final masculine: Донецк, Херсон, Киев, Крым (в Крыму), Рог
    tables = [
        case_table(nom=[word], acc=[word]),
        suffixed(word, {"gen": ("а", "у"), "dat": ("у",), "ins": ("ом", "ем"), "loc": ("е", "у")}),
    ]
    if w.endswith(("ец", "ок")):  # fleeting vowel: Марганец -> Марганца, Городок -> Городка
        stem = word[:-2] + word[-1]
        tables.append(
            suffixed(stem, {"gen": ("а",), "dat": ("у",), "ins": ("ом", "ем"), "loc": ("е",)})
        )
    return merge_forms(*tables)


def ru_possessive(word: str) -> Forms:
    """A possessive adjective in -ов/-ев/-ин before a noun: Часов (Яр) -> Часова, Часовом."""
    t = suffixed(word, {"gen": ("а",), "dat": ("у",), "ins": ("ым",), "loc": ("ом",)})
    return merge_forms(t, case_table(**{case: [word] for case in CASES}))
