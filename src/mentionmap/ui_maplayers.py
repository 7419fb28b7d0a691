"""Map layers whose browser script is rendered once and then reused on every rerun.

streamlit-folium turns each layer given as ``feature_group_to_add`` into JavaScript on
every script run: it renders the layer's folium elements (the region GeoJSON with its
tooltips and popups, the clustered place markers) through their jinja templates, about
0.08 s a run for the dashboard's overlay, although the layer only changes with the
filters. :func:`prerender` does that work once, when the layer is built (and cached), and
returns a :class:`RenderedLayer`: a feature group whose script is that text, so that a
rerun only copies it. What reaches the browser is the same text (tested against
streamlit-folium's own rendering).

streamlit-folium is imported only inside :func:`prerender`, which runs during a script
run: importing a component module outside one breaks its registration.
"""

from __future__ import annotations

from textwrap import dedent

import folium
from jinja2 import Template


class RenderedLayer(folium.FeatureGroup):
    """A feature group whose whole browser script (itself and its children, added to the
    map) is the given text. Hidden for folium (``show=False``): the text already adds it."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.script }}{% endmacro %}")

    def __init__(self, script: str, name: str) -> None:
        super().__init__(name=name, control=False, show=False)
        self.script = script

    def render(self, **kwargs: object) -> None:
        """Nothing to prepare: the script is complete (streamlit-folium reads it from the
        template, and the map's page was rendered before the layers were added)."""


def prerender(layer: folium.FeatureGroup, index: int) -> RenderedLayer:
    """``layer`` as the script streamlit-folium makes of the ``index``-th entry of
    ``feature_group_to_add`` (its variable ``feature_group_feature_group_<index>``, the map
    as ``map_div``), without the lines it appends itself. Changes ``layer`` (id, parent)."""
    from streamlit_folium import generate_leaflet_string

    base = f"feature_group_{index}"
    fmap = folium.Map(tiles=None)
    folium.Figure().add_child(fmap)
    fmap._id = "div"  # streamlit-folium names the map map_div before adding the layers
    layer._id = base
    layer.add_to(fmap)
    layer.render()
    return RenderedLayer(dedent(generate_leaflet_string(layer, base_id=base)), layer.layer_name)
