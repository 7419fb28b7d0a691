"""The compiled gazetteer: every surface form of every entry and the Aho-Corasick
matcher built over them.

Entries come from :mod:`mentionmap.entries` (regions, sites) and
:mod:`mentionmap.places` (populated places). Ukrainian and Russian lemmas are
expanded to their case forms by :mod:`mentionmap.morphology`. Matching runs on a
normalised copy of the text of the same length (:mod:`mentionmap.scantext`), so
offsets map back one to one. The built tables are kept in the on-disk cache
(:mod:`mentionmap.diskcache`) under a key that covers the data files, the source
of every module that builds them and the packages involved.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path

import ahocorasick_rs

from mentionmap.diskcache import fingerprint, load_or_build
from mentionmap.entries import Entry, geodata_path_or_none, region_entries, site_entries
from mentionmap.morphology import inflect
from mentionmap.places import place_entries
from mentionmap.scantext import normalise, scan_text
from mentionmap.spellings import is_cyrillic, strip_accents


def all_entries() -> tuple[Entry, ...]:
    """Regions first, then sites, then places (this order is the tie-break priority)."""
    return region_entries() + site_entries() + place_entries()


def gazetteer_names() -> list[tuple[str, str]]:
    """Every un-inflected gazetteer name or alias with its ISO code (one row per code)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for entry in matcher().entries:
        for iso in entry.isos:
            if (entry.name, iso) not in seen:
                seen.add((entry.name, iso))
                out.append((entry.name, iso))
    return out


def entry_forms(entry: Entry) -> set[str]:
    """Surface forms of one entry: case forms for Cyrillic names (both languages when
    the language is unknown), apostrophe-less and accent-less variants for Latin ones."""
    name = entry.name
    if is_cyrillic(name):
        langs = (entry.lang,) if entry.lang in ("uk", "ru") else ("uk", "ru")
        forms: set[str] = set()
        for lang in langs:
            forms |= inflect(name, lang, adjective=entry.kind == "adjective")
        return forms
    forms = {name, strip_accents(name)}
    forms |= {f.replace("'", "").replace("’", "") for f in list(forms)}
    return forms


AutomatonValue = tuple[int, tuple[int, ...], bool]


_CYRILLIC = re.compile("[\u0400-\u04ff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


class KeyAutomaton:
    """Aho-Corasick automata over the matcher's keys (ahocorasick_rs): a contiguous NFA
    over every key (a third faster than pyahocorasick, and smaller), and a DFA over the
    keys without Cyrillic letters (twice as fast again, about 26 MB), which is all a text
    without Cyrillic letters can match.

    ``matches(scan)`` lists every match, overlapping ones included, as ``(key index,
    start, end)`` in Python ``str`` offsets (code points, astral characters included),
    with the values those indices point into; ``find(scan, True)`` does the same over
    every key (``values[i]`` is key ``i``'s value) and raises UnicodeEncodeError on a lone
    surrogate."""

    __slots__ = ("_find_latin", "_latin_values", "find", "keys", "values")

    def __init__(self, items: list[tuple[str, AutomatonValue]]) -> None:
        self.keys = tuple(key for key, _ in items)
        self.values = tuple(value for _, value in items)
        self.find = self._build(self.keys, ahocorasick_rs.Implementation.ContiguousNFA)
        latin = [i for i, key in enumerate(self.keys) if not _CYRILLIC.search(key)]
        self._latin_values = tuple(self.values[i] for i in latin)
        self._find_latin = self._build(
            [self.keys[i] for i in latin], ahocorasick_rs.Implementation.DFA
        )

    @staticmethod
    def _build(keys: Sequence[str], implementation: ahocorasick_rs.Implementation) -> Callable:
        automaton = ahocorasick_rs.AhoCorasick(
            keys, matchkind=ahocorasick_rs.MatchKind.Standard, implementation=implementation
        )
        return automaton.find_matches_as_indexes

    def matches(self, scan: str) -> tuple[list[tuple[int, int, int]], tuple[AutomatonValue, ...]]:
        """Every key match in ``scan`` as (index, start, end), and the values the indices
        point into. A lone surrogate is read as U+FFFD (like any character outside the
        keys)."""
        if scan.isascii() or _CYRILLIC.search(scan) is None:
            find, values = self._find_latin, self._latin_values
        else:
            find, values = self.find, self.values
        try:
            return find(scan, True), values
        except UnicodeEncodeError:
            return find(_SURROGATE.sub("\ufffd", scan), True), values

    def items(self) -> list[tuple[str, AutomatonValue]]:
        """Every (key, value) pair, in key order."""
        return list(zip(self.keys, self.values, strict=True))


@dataclass(frozen=True, slots=True)
class Matcher:
    """The compiled automaton. Its values are ``(length, entry indices, glued)``, where
    ``length`` counts a leading space even for glued keys; ``forms`` maps
    each surface form (as generated, e.g. "Херсоні") to its entry indices. The extractor
    never reads ``forms`` (about 19 MB): it is loaded from its own cache entry on first
    use."""

    automaton: KeyAutomaton
    entries: tuple[Entry, ...]
    _forms: list = field(default_factory=list, repr=False, compare=False)  # [] or [forms]

    @property
    def forms(self) -> dict[str, tuple[int, ...]]:
        if not self._forms:
            self._forms.append(load_or_build("matcher_forms", matcher_key(), _forms_table))
        return self._forms[0]


# Everything the matcher's tables are built from: a change to any of these rebuilds them.
# _MATCHER_CODE is every mentionmap module this one imports, directly or not
# (tests/test_gazetteer.py checks it against the import graph).
_MATCHER_DATA = ("curated/region_names.csv", "curated/sites.csv", "places.csv")
_MATCHER_CODE = (
    "gazetteer.py",
    "entries.py",
    "places.py",
    "spellings.py",
    "scantext.py",
    "morphology.py",
    "caseforms.py",
    "adjectives.py",
    "declension_uk.py",
    "declension_ru.py",
    "datafiles.py",
    "diskcache.py",
)
_MATCHER_PACKAGES = ("pyahocorasick", "pymorphy3", "pymorphy3-dicts-uk", "pymorphy3-dicts-ru")
_PACKAGE_DIR = Path(__file__).resolve().parent  # where the _MATCHER_CODE files are


def matcher_tables() -> tuple[
    tuple[Entry, ...], list[tuple[str, AutomatonValue]], dict[str, tuple[int, ...]]
]:
    """The slow part of :func:`matcher` (inflecting and romanising ~30,000 names): the
    entries, the automaton's (key, value) pairs and the surface-form index. Pure."""
    entries = all_entries()
    by_key: dict[str, list[int]] = {}
    forms: dict[str, list[int]] = {}
    for i, entry in enumerate(entries):
        for form in entry_forms(entry):
            key = scan_text(normalise(form).strip()).rstrip() + " "
            if len(key) < 5:
                continue
            for table in (by_key.setdefault(key, []), forms.setdefault(form, [])):
                if i not in table:
                    table.append(i)
    items: list[tuple[str, AutomatonValue]] = [
        (key, (len(key), tuple(ids), False)) for key, ids in by_key.items()
    ]
    # English region names also match glued to the word before ("occupiedUkrainianCrimea",
    # a text-extraction artefact); the scanner keeps such a match only at a case change
    for i, entry in enumerate(entries):
        if entry.source == "region" and entry.lang == "en":
            key = scan_text(normalise(entry.name)).rstrip()[1:] + " "
            if len(key) > 4 and key not in by_key:
                by_key[key] = [i]
                items.append((key, (len(key) + 1, (i,), True)))
    return entries, items, {form: tuple(ids) for form, ids in forms.items()}


def _matcher_rows() -> tuple[list[tuple], list[tuple[str, AutomatonValue]]]:
    """:func:`matcher_tables` with entries as plain tuples (field order), which unpickle
    about three times faster than slotted dataclasses. The surface-form index, built on
    the way, goes to its own cache entry (read by ``Matcher.forms``)."""
    entries, items, forms = matcher_tables()
    load_or_build("matcher_forms", matcher_key(), lambda: forms)  # stores it if missing
    names = [f.name for f in fields(Entry)]
    return [tuple(getattr(e, n) for n in names) for e in entries], items


def _forms_table() -> dict[str, tuple[int, ...]]:
    """The surface-form index alone (when its cache entry is missing)."""
    return matcher_tables()[2]


def matcher_inputs(code_dir: Path | None = None) -> list[Path]:
    """The files the matcher's tables are built from: the data files that exist, then the
    source of every module that builds them (in ``code_dir``, default this package)."""
    folder = code_dir or _PACKAGE_DIR
    files = [geodata_path_or_none(name) for name in _MATCHER_DATA]
    files += [folder / name for name in _MATCHER_CODE]
    return [f for f in files if f is not None]


@lru_cache(maxsize=1)
def matcher_key() -> str:
    """Fingerprint of the matcher's data, code and packages (hashed once per process;
    the caches of :mod:`mentionmap.homonyms` extend it)."""
    return fingerprint(matcher_inputs(), _MATCHER_PACKAGES)


@lru_cache(maxsize=1)
def matcher() -> Matcher:
    """Build (once per process) the Aho-Corasick automaton over every normalised surface
    form. Its tables come from the on-disk cache when data, code and packages are
    unchanged (see :mod:`mentionmap.diskcache`), else from :func:`matcher_tables`."""
    rows, items = load_or_build("matcher", matcher_key(), _matcher_rows)
    entries = tuple(Entry(*row) for row in rows)
    return Matcher(automaton=KeyAutomaton(items), entries=entries)


def surface_forms() -> list[tuple[str, str]]:
    """Every surface form the matcher knows (generated inflections and spelling
    variants included, as written, e.g. "Херсоні", "Zaporiz'ka") with its ISO code,
    one row per (form, code), sorted."""
    m = matcher()
    out = []
    for form, ids in m.forms.items():
        for iso in sorted({iso for i in ids for iso in m.entries[i].isos}):
            out.append((form, iso))
    out.sort()
    return out
