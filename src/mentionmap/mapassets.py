"""The map's Leaflet files: names and URLs of the JS/CSS that folium elements declare.

Every file is vendored under ``static/`` and served by Streamlit (``enableStaticServing``,
at ``/app/static/``; see static/SOURCES.md), so the map loads nothing from the internet.
Pure and streamlit-free.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import folium

# Where Streamlit serves ./static/ (``enableStaticServing``); see static/SOURCES.md.
STATIC_URL = "/app/static"
MAP_JS = (("leaflet", "leaflet/leaflet.js"),)
MAP_CSS = (("leaflet_css", "leaflet/leaflet.css"),)
CLUSTER_JS = (("markerclusterjs", "leaflet.markercluster/leaflet.markercluster.js"),)
CLUSTER_CSS = (
    ("markerclustercss", "leaflet.markercluster/MarkerCluster.css"),
    ("markerclusterdefaultcss", "leaflet.markercluster/MarkerCluster.Default.css"),
)


def served(files: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(name, path under static/) pairs as folium's (name, URL) asset list."""
    return [(n, f"{STATIC_URL}/{p}") for n, p in files]


def asset_urls(fmap: folium.Map) -> list[str]:
    """Every JS/CSS URL the map's elements declare (what streamlit-folium will load)."""
    urls: list[str] = []

    def walk(element: object) -> None:
        for attr in ("default_js", "default_css"):
            urls.extend(url for _name, url in getattr(element, attr, []))
        for child in getattr(element, "_children", {}).values():
            walk(child)

    walk(fmap)
    return list(dict.fromkeys(urls))
