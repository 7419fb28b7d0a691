"""mentionmap dashboard: a map of Ukrainian region mentions beside their excerpts.

Run: ``streamlit run dashboard.py`` (works offline; see README, "Dashboard").
This file only describes the page; the work lives in ``mentionmap.ui``. The map is
drawn first so it appears early; the sidebar's widgets act through callbacks.
"""

import streamlit as st

from mentionmap import ui

st.set_page_config(
    page_title="mentionmap · Ukrainian regions in the news",
    page_icon="🗺️",
    layout="wide",
    initial_sidebar_state="expanded",
)
ui.init_state()
ui.page_style()

st.title("Ukrainian regions in the news")
analysis = ui.analyse(ui.included_corpus())
ui.page_summary(analysis)

map_column, excerpt_column = st.columns([3, 2], gap="medium")
with map_column:
    ui.region_map(analysis)
    ui.region_counts(analysis)
with excerpt_column:
    region = ui.region_selector(analysis)
    ui.excerpts_panel(analysis, region)

with st.sidebar:
    st.header("Articles")
    ui.paste_form()
    ui.upload_widget()
    ui.notices()
    ui.article_list(ui.analyse(ui.loaded_corpus()))
    st.header("View")
    ui.keyword_filter()
    ui.tiles_toggle()
