"""mentionmap: find, geocode and map mentions of Ukrainian regions in news text.

Pipeline, top-down: ``articles`` (read files into :class:`Article`) ->
``mentions`` (``extract_mentions(text)``) -> ``geocode`` (mentions -> regions
GeoDataFrame with counts) -> ``mapview`` (GeoDataFrame -> ``folium.Map``).
Only ``mentionmap.ui`` imports streamlit.
"""

__version__ = "0.1.0"
