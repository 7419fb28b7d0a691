"""mentionmap: find, geocode and map mentions of Ukrainian regions in news text.

Pipeline, top-down: ``articles`` (read files into :class:`Article`) ->
``mentions`` (``extract_mentions(text)``) -> ``geocode`` (mentions -> regions
GeoDataFrame with counts) -> ``mapview`` (GeoDataFrame -> ``folium.Map``).
Only the UI layer (``ui``, ``ui_store``, ``ui_panels``, ``ui_ingest``, ``ui_maplayers``)
imports streamlit; ``dashboard.py`` lays out the page.
"""

__version__ = "0.1.0"
