"""Ukrainian populated places from GeoNames (``geodata/places.csv``) as gazetteer entries.

Which alternate names of a place are kept (spellings of its name, not translations,
nicknames or other places' names), which towns are districts or satellites of a
bigger city, and the relational adjectives of large cities (Бахмут -> бахмутський).
The file is optional: without it the gazetteer has regions and sites only.
"""

from __future__ import annotations

import math
from functools import lru_cache

from mentionmap.adjectives import area_noun, relational_adjective
from mentionmap.entries import Entry, parse_float, read_csv
from mentionmap.spellings import (
    CYRILLIC_NAME,
    LATIN_NAME,
    latin_key,
    proper_name,
    romanisation_of,
    similar,
    skeleton,
    transliterations,
)

ADJECTIVE_POPULATION = 50_000  # places this big get a derived adjective (бахмутський)
AREA_POPULATION = 10_000  # places this big get the noun for their area (Нікопольщина)
DISTRICT_RADIUS_KM = 15.0  # towns this close to a much bigger city are its districts


def _city_districts(rows: list[dict[str, str]]) -> set[str]:
    """GeoNames ids of towns of 15,000+ people lying within 15 km of a place at least
    1.8 times as populous: city districts (Saltivka, Obolon) or satellites (Makiivka), which
    do not stand alone the way a city does."""

    def pop(row: dict[str, str]) -> float:
        return float(row.get("population") or 0)

    towns = [r for r in rows if pop(r) >= 15_000 and parse_float(r.get("lat")) is not None]
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
    Ukrainian/Russian relational adjective (Бахмут -> бахмутський, бахмутский), and towns
    of 10,000+ the noun for the area around them (Нікополь -> Нікопольщина), which locates
    the same region."""
    rows = [r for r in read_csv("places.csv") if (r.get("iso") or "").startswith("UA-")]
    districts = _city_districts(rows)
    region_words = {r["name"].lower() for r in read_csv("curated/region_names.csv")}
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
            "lat": parse_float(row.get("lat")),
            "lon": parse_float(row.get("lon")),
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
                if n and n not in cyrillic and proper_name(n, CYRILLIC_NAME):
                    cyrillic[n] = lang
        latin_all = {n.strip() for n in (row.get("names_latin") or "").split("|")}
        latin_sks = {skeleton(n) for n in latin_all if proper_name(n, LATIN_NAME)}
        cyr_kept = {
            n: lang
            for n, lang in cyrillic.items()
            if similar(skeleton(n), main_sk) or skeleton(n) in latin_sks
        }
        # Latin alternate names must be romanisations of a Cyrillic name (this keeps
        # "Lugansk" and "Artemovsk" but drops exonyms such as "Luck" or "Kyjev"; ratio >= 0.9)
        romanised = {latin_key(t) for n in cyr_kept for t in transliterations(n)}
        primary = {main, row.get("asciiname") or ""}
        latin_names: set[str] = set()
        for name in sorted(latin_all | primary):
            if not name or not proper_name(name, LATIN_NAME):
                continue
            key = latin_key(name)
            if name in primary or any(romanisation_of(key, r) for r in romanised):
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
            area = area_noun(name)
            if (
                area
                and common["population"] >= AREA_POPULATION
                and not (secondary or common["district"])
                and area.lower() not in region_words  # Харківщина is the oblast
            ):
                out.append(Entry(name=area, lang="", **common))
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
