"""The dashboard map: region counts (GeoDataFrame, EPSG:4326) in, ``folium.Map`` out.

Pure and streamlit-free, so tests can inspect the map. Every string that reaches
the map as HTML (region names, status notes, place names) is escaped, and
the Leaflet files come from Streamlit's static serving (``/app/static/``), so the
map makes no request that leaves the machine unless OSM tiles are switched on. Count
classes, colours and the tooltip/popup/legend HTML come from :mod:`mentionmap.mapstyle`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import folium
import geopandas as gpd
import numpy as np
import shapely
from folium.plugins import MarkerCluster
from jinja2 import Template

from mentionmap.elementtemplates import share_compiled_templates
from mentionmap.mapstyle import (  # noqa: F401  (re-exported: styling used to live here)
    MAX_CLASSES,
    NEUTRAL_FILL,
    YLORRD_9,
    class_colours,
    count_classes,
    fill_colour,
    legend_html,
    popup_html,
    tooltip_html,
)

share_compiled_templates()  # cached layers are unpickled on every dashboard run

# Where Streamlit serves ./static/ (``enableStaticServing``); see static/SOURCES.md.
STATIC_URL = "/app/static"
MAP_JS = (("leaflet", "leaflet/leaflet.js"),)
MAP_CSS = (("leaflet_css", "leaflet/leaflet.css"),)
CLUSTER_JS = (("markerclusterjs", "leaflet.markercluster/leaflet.markercluster.js"),)
CLUSTER_CSS = (
    ("markerclustercss", "leaflet.markercluster/MarkerCluster.css"),
    ("markerclusterdefaultcss", "leaflet.markercluster/MarkerCluster.Default.css"),
)

NEIGHBOUR_FILL = "#e2e0db"  # neighbouring countries (offline background)
SEA_COLOUR = "#cfe2ee"  # map background = sea
BORDER_COLOUR = "#6b7280"

# Framing: Ukraine's extent in degrees, [[south, west], [north, east]].
UKRAINE_BOUNDS = ((44.3, 22.1), (52.4, 40.25))
# Panning limit: the extent of the bundled neighbour polygons (geodata/neighbours.geojson).
BACKGROUND_BOUNDS = ((43.0, 20.0), (54.5, 42.0))
# Geometry for display: ~2 km simplification (under a pixel at the opening zoom, where a
# pixel is ~0.035 deg), coordinates rounded to 0.001 deg (~100 m). Halves the payload.
DISPLAY_TOLERANCE_DEG = 0.02
DISPLAY_PRECISION_DEG = 0.001

BOUNDARIES_ATTRIBUTION = 'Boundaries: <a href="https://www.naturalearthdata.com/">Natural Earth</a>'
PLACES_ATTRIBUTION = (
    'Places: <a href="https://www.geonames.org/">GeoNames</a> '
    '(<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>)'
)
MIN_ZOOM, MAX_ZOOM = 4, 12
REGION_CLASS = "mm-region"  # CSS class on every region <path>, for tests and styling
NEIGHBOUR_CLASS = "mm-neighbour"


def display_geometry(regions: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Copy of ``regions`` with geometry simplified for display (shared borders kept)."""
    out = regions.to_crs("EPSG:4326").copy()
    try:
        geoms = out.geometry.simplify_coverage(DISPLAY_TOLERANCE_DEG)
    except Exception:  # not a valid coverage, or GEOS < 3.12
        geoms = out.geometry.simplify(DISPLAY_TOLERANCE_DEG, preserve_topology=True)
    out["geometry"] = shapely.set_precision(np.asarray(geoms.values), DISPLAY_PRECISION_DEG)
    return out


def _region_features(regions: gpd.GeoDataFrame) -> dict:
    """GeoJSON FeatureCollection with only what the map needs: iso, style, tooltip, popup."""
    max_count = int(regions["mentions"].max()) if len(regions) else 0
    classes = count_classes(max_count)
    features = []
    for row in regions.itertuples(index=False):
        mentions = int(row.mentions)
        documents = int(getattr(row, "documents", 0))
        name = str(row.name_en)
        features.append(
            {
                "type": "Feature",
                "id": str(row.iso),
                "properties": {
                    "iso": str(row.iso),
                    "tip": tooltip_html(name, mentions, documents),
                    "pop": popup_html(
                        name,
                        str(getattr(row, "name_uk", "") or ""),
                        mentions,
                        documents,
                        str(getattr(row, "status", "") or ""),
                    ),
                    "style": {
                        "fillColor": fill_colour(mentions, classes),
                        "fillOpacity": 0.85 if mentions else 0.9,
                        "color": BORDER_COLOUR,
                        "weight": 0.8,
                    },
                },
                "geometry": shapely.geometry.mapping(row.geometry),
            }
        )
    return {"type": "FeatureCollection", "features": features}


class _Legend(folium.MacroElement):
    """Legend as a Leaflet layer holding pre-escaped HTML (no d3 needed). Being a layer,
    it can sit in the overlay FeatureGroup: added and removed with it, as a control."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = new (L.Layer.extend({
            onAdd: function (map) {
                this._control = L.control({position: "bottomright"});
                this._control.onAdd = function () {
                    var div = L.DomUtil.create("div", "mm-legend");
                    div.innerHTML = {{ this.body|tojson }};
                    return div;
                };
                this._control.addTo(map);
            },
            onRemove: function () { this._control.remove(); }
        }))();
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, body: str) -> None:
        super().__init__()
        self._name = "Legend"
        self.body = body


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


_MAP_CSS = f"""
<style>
.leaflet-container {{ background: {SEA_COLOUR}; font: 13px/1.4 system-ui, sans-serif; }}
.mm-legend {{ background: rgba(255,255,255,.92); padding: 6px 9px; border-radius: 6px;
  box-shadow: 0 1px 4px rgba(0,0,0,.25); line-height: 17px; color: #1f2933;
  font-size: 12px; }}
.mm-legend-title {{ font-weight: 600; margin-bottom: 3px; }}
.mm-legend i {{ display: inline-block; width: 16px; height: 12px; margin-right: 6px;
  vertical-align: -1px; border: 1px solid {BORDER_COLOUR}; }}
.leaflet-tooltip, .leaflet-popup-content {{ font-size: 13px; line-height: 1.35; }}
.leaflet-tooltip table, .leaflet-popup-content table {{ border-collapse: collapse; }}
.leaflet-tooltip td, .leaflet-popup-content td {{ padding: 0; }}
.leaflet-control-attribution, .leaflet-control-scale-line {{ font-size: 11px; }}
.marker-cluster-small, .marker-cluster-medium, .marker-cluster-large {{
  background-color: rgba(31, 41, 51, .30); }}
.marker-cluster-small div, .marker-cluster-medium div, .marker-cluster-large div {{
  background-color: rgba(31, 41, 51, .88); color: #fff; font-weight: 600; }}
path.{REGION_CLASS}:hover {{ stroke-width: 2.5px; stroke: #111827; }}
</style>
"""


def _places_layer(places: gpd.GeoDataFrame) -> MarkerCluster:
    """City/site markers, clustered; a click selects the place's region (``iso`` property)."""
    cluster = MarkerCluster(
        name="Cities and sites",
        options={
            "showCoverageOnHover": False,
            "maxClusterRadius": 40,
            "attribution": PLACES_ATTRIBUTION,
        },
    )
    cluster.default_js = [(n, f"{STATIC_URL}/{p}") for n, p in CLUSTER_JS]
    cluster.default_css = [(n, f"{STATIC_URL}/{p}") for n, p in CLUSTER_CSS]
    features = []
    for row in places.itertuples(index=False):
        mentions = int(row.mentions)
        documents = int(getattr(row, "documents", 0))
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "iso": str(row.region),
                    "tip": tooltip_html(str(row.place), mentions, documents),
                },
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(row.geometry.x, 4), round(row.geometry.y, 4)],
                },
            }
        )
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        marker=folium.CircleMarker(
            radius=6,
            color="#1f2933",
            weight=2,
            fill=True,
            fill_color="#ffffff",
            fill_opacity=1,
        ),
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False),
    ).add_to(cluster)
    return cluster


def build_base_map(
    neighbours: gpd.GeoDataFrame | None = None, *, tiles: bool = False, height: int = 620
) -> folium.Map:
    """The map without data: framing on Ukraine, offline background, styles, scripts.

    ``neighbours``: polygons (any CRS) drawn grey on the sea-coloured background when
    ``tiles`` is False. ``tiles=True`` uses OpenStreetMap tiles instead (fetched from the
    internet). ``height`` in CSS pixels. The data go in :func:`build_overlay`.
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
    fmap.default_js = [(n, f"{STATIC_URL}/{p}") for n, p in (*MAP_JS, *CLUSTER_JS)]
    fmap.default_css = [(n, f"{STATIC_URL}/{p}") for n, p in (*MAP_CSS, *CLUSTER_CSS)]
    fmap.get_root().header.add_child(folium.Element(_MAP_CSS), name="mm_css")

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


def build_overlay(
    regions: gpd.GeoDataFrame, places: gpd.GeoDataFrame | None = None
) -> folium.FeatureGroup:
    """The data layer: region choropleth with tooltips and popups, place markers, legend.

    ``regions``: one row per region (EPSG:4326) with ``iso``, ``name_en``, ``mentions``
    (int) and optionally ``documents``, ``name_uk``, ``status``; geometry as given (call
    :func:`display_geometry` first to shrink it). ``places``: points with ``place``,
    ``region``, ``mentions``, ``documents``, shown as clustered markers. Kept apart from
    the base map so the dashboard can swap it without rebuilding the map.
    """
    overlay = folium.FeatureGroup(name="Mentions", control=False)
    folium.GeoJson(
        _region_features(regions),
        name="Regions",
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
        popup=folium.GeoJsonPopup(fields=["pop"], labels=False),
        class_name=REGION_CLASS,
        attribution=BOUNDARIES_ATTRIBUTION,
    ).add_to(overlay)
    if places is not None and len(places):
        _places_layer(places).add_to(overlay)
    max_count = int(regions["mentions"].max()) if len(regions) else 0
    _Legend(legend_html(count_classes(max_count))).add_to(overlay)
    return overlay


SELECTED_CLASS = "mm-selected"  # CSS class of the selected region's outline


def build_selection(regions: gpd.GeoDataFrame, iso: str) -> folium.FeatureGroup:
    """An outline of the region ``iso`` (a thick dark border, no fill, not clickable), to
    show which region the excerpts belong to; empty when ``iso`` is not in ``regions``."""
    group = folium.FeatureGroup(name="Selected region", control=False)
    rows = regions[regions["iso"] == iso]
    if len(rows):
        style = {"color": "#111827", "weight": 3, "fill": False, "opacity": 0.9}
        folium.GeoJson(
            {
                "type": "Feature",
                "properties": {"style": style},
                "geometry": shapely.geometry.mapping(rows.geometry.iloc[0]),
            },
            name="Selected region",
            interactive=False,
            class_name=SELECTED_CLASS,
        ).add_to(group)
    return group


def build_map(
    regions: gpd.GeoDataFrame,
    places: gpd.GeoDataFrame | None = None,
    neighbours: gpd.GeoDataFrame | None = None,
    *,
    tiles: bool = False,
    height: int = 620,
) -> folium.Map:
    """The whole map in one ``folium.Map``: :func:`build_base_map` + :func:`build_overlay`."""
    fmap = build_base_map(neighbours, tiles=tiles, height=height)
    build_overlay(regions, places).add_to(fmap)
    return fmap


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
