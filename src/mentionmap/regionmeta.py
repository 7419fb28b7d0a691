"""The 27 units' names and attributes, read from the bundled boundary file as plain JSON.

What the dashboard needs before (or without) geopandas: the names for the URL check and
the selector, and the region table's rows. The same values as the non-geometry columns
of :func:`mentionmap.geocode.load_regions` (``geodata/ukraine_admin1.geojson``).
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from typing import TYPE_CHECKING

from mentionmap.datafiles import geodata_path

if TYPE_CHECKING:
    import pandas as pd

REGION_COLUMNS = ("iso", "name_en", "name_uk", "name_ru", "type_en", "status", "claimed_by_russia")


@lru_cache(maxsize=1)
def region_properties() -> tuple[dict, ...]:
    """The properties of the 27 units in the bundled boundary file, sorted by ``iso``
    (read as plain JSON: names are needed before geopandas is loaded)."""
    with open(geodata_path("ukraine_admin1.geojson"), encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    return tuple(sorted((f["properties"] for f in features), key=lambda p: p["iso"]))


def region_names() -> dict[str, str]:
    """ISO code -> English name of the 27 units."""
    return {p["iso"]: p["name_en"] for p in region_properties()}


@lru_cache(maxsize=1)
def region_info() -> pd.DataFrame:
    """The 27 units without geometry, sorted by ``iso``: the columns of
    :data:`mentionmap.geocode.REGION_COLUMNS` as ``geocode.load_regions`` gives them
    (``claimed_by_russia`` an int year or None). Shared: do not mutate."""
    import pandas as pd

    rows = []
    for props in region_properties():
        row = [props.get(c) for c in REGION_COLUMNS]
        year = row[-1]  # a number, or null/NaN in the file
        row[-1] = None if year is None or math.isnan(year) else int(year)
        rows.append(row)
    return pd.DataFrame(rows, columns=list(REGION_COLUMNS), dtype=object)


def region_summary(counts: pd.DataFrame) -> pd.DataFrame:
    """All 27 regions (no geometry) with ``region``, ``region_name`` and int ``mentions``
    and ``documents`` (0 where none), in the shape :func:`mentionmap.excerpts.region_table`
    reads (what ``geocode.with_counts`` adds to the regions)."""
    out = region_info().copy()
    by_region = counts.set_index("region")
    out["region"] = out["iso"]
    out["region_name"] = out["name_en"]
    for column in ("mentions", "documents"):
        out[column] = [int(by_region[column].get(iso, 0)) for iso in out["iso"]]
    return out
