"""The dashboard map: region counts (GeoDataFrame, EPSG:4326) in, ``folium.Map`` out.

This module assembles the map: the base map (framing on Ukraine, the offline background
of neighbouring countries or OSM tiles, the stylesheet and the Leaflet files) and, in
:func:`build_map`, the data layers of :mod:`mentionmap.mapoverlay` on top. Pure and
streamlit-free, so tests can inspect the map. Every string that reaches the map as HTML
(region names, status notes, place names) is escaped, and the Leaflet files come from
Streamlit's static serving (:mod:`mentionmap.mapassets`), so the map makes no request
that leaves the machine unless OSM tiles are switched on. Colours, CSS classes and the
tooltip/popup/legend HTML come from :mod:`mentionmap.mapstyle`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import folium
import geopandas as gpd
import numpy as np
import shapely
from jinja2 import Template

from mentionmap.elementtemplates import share_compiled_templates
from mentionmap.mapassets import CLUSTER_CSS, CLUSTER_JS, MAP_CSS, MAP_JS, served
from mentionmap.mapoverlay import DISPLAY_TOLERANCE_DEG, build_overlay
from mentionmap.mapstyle import NEIGHBOUR_CLASS, NEIGHBOUR_FILL, STYLESHEET

share_compiled_templates()  # cached layers are unpickled on every dashboard run

# Framing: Ukraine's extent in degrees, [[south, west], [north, east]].
UKRAINE_BOUNDS = ((44.3, 22.1), (52.4, 40.25))
# Panning limit: the extent of the bundled neighbour polygons (geodata/neighbours.geojson).
BACKGROUND_BOUNDS = ((43.0, 20.0), (54.5, 42.0))
MIN_ZOOM, MAX_ZOOM = 4, 12


class _FitOnResize(folium.MacroElement):
    """Keep Leaflet in step with its container: streamlit-folium may build the map while
    its iframe is still being sized, which leaves a stale view and clipped SVG. On every
    resize, recompute the size and, until the user pans or zooms, frame ``bounds`` again."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var bounds = L.latLngBounds({{ this.bounds|tojson }});
            var touched = false;
            ["pointerdown", "wheel", "keydown", "touchstart"].forEach(function (name) {
                map.getContainer().addEventListener(name, function () { touched = true; });
            });
            if (window.ResizeObserver) {
                new ResizeObserver(function () {
                    map.invalidateSize({animate: false});
                    if (!touched) { map.fitBounds(bounds, {animate: false}); }
                }).observe(map.getContainer());
            }
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: Sequence[Sequence[float]]) -> None:
        super().__init__()
        self._name = "FitOnResize"
        self.bounds = [list(corner) for corner in bounds]


def build_base_map(
    neighbours: gpd.GeoDataFrame | None = None, *, tiles: bool = False, height: int = 620
) -> folium.Map:
    """The map without data: framing on Ukraine, offline background, styles, scripts.

    ``neighbours``: polygons (any CRS) drawn grey on the sea-coloured background when
    ``tiles`` is False. ``tiles=True`` uses OpenStreetMap tiles instead (fetched from the
    internet). ``height`` in CSS pixels. The data go in
    :func:`mentionmap.mapoverlay.build_overlay`.
    """
    fmap = folium.Map(
        location=[48.4, 31.2],
        zoom_start=6,
        zoom_snap=0.25,
        zoom_delta=0.5,
        max_bounds=True,
        min_lat=BACKGROUND_BOUNDS[0][0],
        min_lon=BACKGROUND_BOUNDS[0][1],
        max_lat=BACKGROUND_BOUNDS[1][0],
        max_lon=BACKGROUND_BOUNDS[1][1],
        tiles=None,
        height=height,
        control_scale=True,
    )
    # folium hands min/max zoom only to its tile layer; MarkerCluster needs the map's maxZoom.
    fmap.options.update(min_zoom=MIN_ZOOM, max_zoom=MAX_ZOOM)
    # Per instance, so the class-level CDN lists of folium stay untouched. The cluster
    # plugin is always loaded: an overlay with places may arrive after the first render.
    fmap.default_js = served((*MAP_JS, *CLUSTER_JS))
    fmap.default_css = served((*MAP_CSS, *CLUSTER_CSS))
    fmap.get_root().header.add_child(folium.Element(STYLESHEET), name="mm_css")

    if tiles:
        folium.TileLayer(
            "OpenStreetMap", name="OpenStreetMap (internet)", max_zoom=MAX_ZOOM
        ).add_to(fmap)
    elif neighbours is not None and len(neighbours):
        neighbour_style = {
            "fillColor": NEIGHBOUR_FILL,
            "fillOpacity": 1,
            "color": "#b8b5ae",
            "weight": 0.6,
        }
        outlines = neighbours.to_crs("EPSG:4326").geometry.simplify(DISPLAY_TOLERANCE_DEG)
        geoms = shapely.set_precision(np.asarray(outlines.values), 0.01)
        background = {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"style": neighbour_style},
                    "geometry": shapely.geometry.mapping(geom),
                }
                for geom in geoms
                if geom is not None and not geom.is_empty
            ],
        }
        folium.GeoJson(
            background,
            name="Neighbouring countries",
            interactive=False,
            class_name=NEIGHBOUR_CLASS,
        ).add_to(fmap)

    fmap.fit_bounds([list(UKRAINE_BOUNDS[0]), list(UKRAINE_BOUNDS[1])])
    _FitOnResize(UKRAINE_BOUNDS).add_to(fmap)
    return fmap


def build_map(
    regions: gpd.GeoDataFrame,
    places: gpd.GeoDataFrame | None = None,
    neighbours: gpd.GeoDataFrame | None = None,
    *,
    tiles: bool = False,
    height: int = 620,
) -> folium.Map:
    """The whole map in one ``folium.Map``: :func:`build_base_map` +
    :func:`mentionmap.mapoverlay.build_overlay`."""
    fmap = build_base_map(neighbours, tiles=tiles, height=height)
    build_overlay(regions, places).add_to(fmap)
    return fmap


def geojson_bytes(fmap: folium.Map) -> int:
    """Size in bytes of the GeoJSON embedded in the map (all GeoJson layers, compact JSON)."""
    total = 0

    def walk(element: object) -> None:
        nonlocal total
        if isinstance(element, folium.GeoJson):
            total += len(json.dumps(element.data, separators=(",", ":")).encode())
        for child in getattr(element, "_children", {}).values():
            walk(child)

    walk(fmap)
    return total
