"""Gazetteer entries: the :class:`Entry` record and the curated names it is read from.

Data (in ``geodata/``, read through :func:`mentionmap.datafiles.geodata_path`):

- ``curated/region_names.csv``: every name and alias of the 27 admin-1 units in
  English, Ukrainian and Russian (lemmas; ``iso`` may list several codes for an
  area such as Donbas), with a ``kind``: region, capital, adjective or area.
- ``curated/sites.csv``: named sites that locate a region (plants, dams,
  bridges, airports, the self-declared "people's republics").

Populated places (``places.csv``) are read by :mod:`mentionmap.places`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mentionmap.datafiles import geodata_path


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


def read_csv(filename: str) -> list[dict[str, str]]:
    """The non-blank rows of ``geodata/filename`` as dicts; [] if the file is absent."""
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
        for row in read_csv("curated/region_names.csv")
    )


def parse_float(value: str | None) -> float | None:
    """``value`` as a float; None if it is empty, missing or not a number."""
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


@lru_cache(maxsize=1)
def site_entries() -> tuple[Entry, ...]:
    """Entries of ``curated/sites.csv`` (one per name, names pipe-separated)."""
    out = []
    for row in read_csv("curated/sites.csv"):
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
                            lat=parse_float(row.get("lat")),
                            lon=parse_float(row.get("lon")),
                            group="site:" + (row.get("name_en") or name),
                            context=(row.get("context") or "").strip(),
                        )
                    )
    return tuple(out)
