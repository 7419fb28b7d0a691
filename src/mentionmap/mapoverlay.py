"""The map's data layers: region counts (GeoDataFrame, EPSG:4326) in, folium layers out.

The region choropleth (one GeoJSON feature per region with its fill colour, escaped
tooltip and popup), the clustered place markers, the legend, and the outline of the
selected region; plus :func:`display_geometry`, the simplified region shapes they are
drawn with. Kept apart from the base map (:mod:`mentionmap.mapview`) so the dashboard can
swap them without rebuilding it. Count classes, colours and HTML come from
:mod:`mentionmap.mapstyle`, the cluster plugin's files from :mod:`mentionmap.mapassets`.
Pure and streamlit-free.
"""

from __future__ import annotations

import folium
import geopandas as gpd
import numpy as np
import shapely
from folium.plugins import MarkerCluster
from jinja2 import Template

from mentionmap.elementtemplates import share_compiled_templates
from mentionmap.mapassets import CLUSTER_CSS, CLUSTER_JS, served
from mentionmap.mapstyle import (
    BORDER_COLOUR,
    REGION_CLASS,
    SELECTED_CLASS,
    count_classes,
    fill_colour,
    legend_html,
    popup_html,
    tooltip_html,
)

share_compiled_templates()  # cached layers are unpickled on every dashboard run

# Geometry for display: ~2 km simplification (under a pixel at the opening zoom, where a
# pixel is ~0.035 deg), coordinates rounded to 0.001 deg (~100 m). Halves the payload.
DISPLAY_TOLERANCE_DEG = 0.02
DISPLAY_PRECISION_DEG = 0.001

BOUNDARIES_ATTRIBUTION = 'Boundaries: <a href="https://www.naturalearthdata.com/">Natural Earth</a>'
PLACES_ATTRIBUTION = (
    'Places: <a href="https://www.geonames.org/">GeoNames</a> '
    '(<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>)'
)


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


def _place_features(places: gpd.GeoDataFrame) -> dict:
    """GeoJSON FeatureCollection of the place points (lon/lat rounded to 4 decimals,
    ~10 m): the region to select on a click (``iso``) and the tooltip."""
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
    cluster.default_js = served(CLUSTER_JS)
    cluster.default_css = served(CLUSTER_CSS)
    folium.GeoJson(
        _place_features(places),
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
