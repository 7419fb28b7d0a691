"""Spellings of one place name across scripts and romanisation systems.

Accent folding, the consonant skeleton that compares transliterations
("Kharkiv", "Kharkov", "Харків" -> "hrkv"), the romanisations of a Cyrillic name
in four common systems, and the shape of a plausible proper name. Used to judge
which GeoNames alternate names are spellings of a place (:mod:`mentionmap.places`).
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

_CYRILLIC = re.compile("[\u0400-\u04ff]")


def is_cyrillic(name: str) -> bool:
    """True if ``name`` holds a Cyrillic letter."""
    return _CYRILLIC.search(name) is not None


def strip_accents(name: str) -> str:
    """'Lwów' -> 'Lwow', 'Kyïv' -> 'Kyiv' (Latin names only; Cyrillic й/ї are letters)."""
    if is_cyrillic(name):
        return name
    decomposed = unicodedata.normalize("NFD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_TRANSLIT = str.maketrans(
    {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "h",
        "ґ": "g",
        "д": "d",
        "е": "e",
        "є": "e",
        "ж": "z",
        "з": "z",
        "и": "i",
        "і": "i",
        "ї": "i",
        "й": "i",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "h",
        "ц": "c",
        "ч": "c",
        "ш": "s",
        "щ": "s",
        "ь": "",
        "ю": "u",
        "я": "a",
        "ы": "i",
        "э": "e",
        "ё": "e",
        "ъ": "",
        "'": "",
    }
)
_SKELETON_DIGRAPHS = (
    ("shch", "s"),
    ("sch", "s"),
    ("kh", "h"),
    ("zh", "z"),
    ("ts", "c"),
    ("tz", "c"),
    ("ch", "c"),
    ("sh", "s"),
    ("g", "h"),
    ("w", "v"),
    ("x", "ks"),
    ("j", "i"),
    ("y", "i"),
)


_NOT_CONSONANT = re.compile(r"[^a-z]|[aeiou]")
_DOUBLED = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    """Consonant skeleton of a name in any script, for comparing transliterations:
    "Kharkiv", "Kharkov", "Харків" and "Харьков" all give "hrkv"."""
    s = name.lower()
    if not s.isascii():
        s = strip_accents(s).translate(_TRANSLIT)
    for a, b in _SKELETON_DIGRAPHS:
        if a in s:
            s = s.replace(a, b)
    return _DOUBLED.sub(r"\1", _NOT_CONSONANT.sub("", s))


def similar(a: str, b: str) -> bool:
    """Skeletons alike enough (difflib ratio >= 0.7) to be spellings of one name."""
    if a == b:
        return True
    if min(len(a), len(b)) < 3:
        return False
    matcher = SequenceMatcher(None, a, b)
    return (
        matcher.real_quick_ratio() >= 0.7
        and matcher.quick_ratio() >= 0.7
        and (matcher.ratio() >= 0.7)
    )


def _table(cyrillic: str, latin: str) -> dict[str, str]:
    return dict(zip(cyrillic, latin.split(), strict=True))


_COMMON = _table("абвдзклмнопрстуфш'ʼ’ь", "a b v d z k l m n o p r s t u f sh - - - -")
# Ukrainian national system (2010) and a popular variant; Russian BGN/PCGN and a simpler one
_SYSTEMS = tuple(
    str.maketrans({c: ("" if v == "-" else v) for c, v in {**_COMMON, **extra}.items()})
    for extra in (
        _table("гґеєжиіїйхцчщюя", "h g e ie zh y i i i kh ts ch shch iu ia"),
        _table("гґеєжиіїйхцчщюя", "h g e ye zh y i yi y kh ts ch shch yu ya"),
        _table("гежийхцчщыэёъюяі", "g e zh i y kh ts ch shch y e e - yu ya i"),
        _table("гежийхцчщыэёъюяі", "g e zh i i kh ts ch sch y e yo - iu ia i"),
    )
)
_WORD_INITIAL = re.compile(r"\b[єїйюя]")
_INITIAL_LATIN = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_BGN_YE = re.compile(r"\bе|(?<=[аеёиоуыэюяьъ])е")


def transliterations(name: str) -> set[str]:
    """Lower-case romanisations of a Cyrillic name in four common systems (Ukrainian
    national and popular, Russian BGN-style and simplified), e.g. "Луганськ" ->
    {"luhansk"}, "Лисичанск" -> {"lisichansk"}, "Сєвєродонецьк" -> {"sievierodonetsk",
    "syevyerodonetsk"}, "Авдеевка" -> {"avdeevka", "avdeyevka"}."""
    low = name.lower()
    variants = (
        _WORD_INITIAL.sub(lambda m: _INITIAL_LATIN[m.group()], low),  # national: Yenakiieve
        low,
        _BGN_YE.sub("ye", low),  # BGN: Avdeyevka
        low,
    )
    out = set()
    for text, system in zip(variants, _SYSTEMS, strict=True):
        word = text.translate(system)
        if word.isascii():
            out.add(word)
    return out


def romanisation_of(key: str, romanised: str) -> bool:
    """``key`` spells ``romanised`` (similarity >= 0.9) and ends like it, vowel or
    consonant: "bakhmout" spells "bakhmut", but "stalin" does not spell "staline"."""
    if not key or not romanised or (key[-1] in "aeiouy") != (romanised[-1] in "aeiouy"):
        return False
    if key == romanised:
        return True
    if abs(len(key) - len(romanised)) > 2 or key[0] != romanised[0]:
        return False  # cannot reach 0.9 (or starts differently): skip the slow ratio
    matcher = SequenceMatcher(None, key, romanised)
    return matcher.quick_ratio() >= 0.9 and matcher.ratio() >= 0.9


def latin_key(name: str) -> str:
    return strip_accents(name.lower()).replace("'", "").replace("’", "").replace("-", " ")


LATIN_NAME = re.compile(r"^[A-Z][A-Za-z'’ -]*$")
CYRILLIC_NAME = re.compile(r"^[А-ЯЁІЇЄҐ][А-Яа-яЁёІіЇїЄєҐґ'’ʼ -]*$")


def proper_name(name: str, pattern: re.Pattern[str]) -> bool:
    """A plausible proper place name: capitalised words only, no codes or phrases."""
    if len(name) < 3 or not pattern.match(name):
        return False
    words = name.replace("-", " ").split()
    if len(words) > 3:
        return False
    return all(w[0].isupper() and not (len(w) > 1 and w.isupper()) for w in words)
