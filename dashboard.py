"""mentionmap dashboard: a map of Ukrainian region mentions beside their excerpts.

Run: ``streamlit run dashboard.py`` (works offline; see README, "Dashboard").
This file only lays out the page; the work lives in ``mentionmap.ui`` (the session, its
store, the view in the URL), ``mentionmap.ui_store`` (the shared store and its cached
reads), ``mentionmap.ui_panels`` (what is shown) and ``mentionmap.ui_ingest`` (adding
articles).

Two ways in. ``streamlit run`` first imports this file as a module to find ``app``, the
server (an ASGI ``st.App``): its start-up imports pandas and the map libraries and loads
the region geometry before the server answers (``mentionmap.ui_server``), so the first
visitor does not wait for them. Every visit then runs the file as a script
(``__main__``), which draws the page.

Order still matters where nothing warmed the process (AppTest runs the script alone):
the title and the filter bar need neither pandas nor the map libraries, so they are sent
first while ``ui.warm_up`` imports the map's modules in a background thread (a no-op once
the server has warmed); the summary and excerpts follow, the map last.
"""

import streamlit as st

if __name__ != "__main__":  # imported by `streamlit run` to find the server app
    from mentionmap.ui_server import lifespan

    app = st.App(__file__, lifespan=lifespan)
else:  # a visit: draw the page
    from mentionmap import ui, ui_panels, ui_store

    st.set_page_config(
        page_title="mentionmap · Ukrainian regions in the news",
        page_icon="🗺️",
        layout="wide",
        initial_sidebar_state="expanded",
    )
    ui.warm_up()
    ui.init_session()
    store = ui.current_store()

    st.title("Ukrainian regions in the news")
    ui.notices()
    key = ui_store.store_key(store)  # (file, read-only, version): read once per run
    ui_panels.filter_bar(key)
    ui_panels.page_style()  # pandas is needed from here on
    page = ui.load_page(key, ui.current_view())
    ui_panels.page_summary(page)

    # The excerpts and the table are sent before the map: the map component is the slowest
    # element to build and to draw, and the columns may be filled in any order.
    map_column, excerpt_column = st.columns([3, 2], gap="medium")
    with excerpt_column:
        region = ui_panels.region_selector(page)
        ui_panels.excerpts_panel(page, region)
    with map_column:
        ui_panels.region_map(page)
        ui_panels.region_counts(page)

    ui_panels.timeline_panel(page, region)
    ui_panels.articles_panel(page)
    ui_panels.export_buttons(store, page)

    from mentionmap import ui_ingest

    with st.sidebar:
        if not ui.read_only():
            st.header("Add articles")
            ui_ingest.paste_form()
            ui_ingest.upload_widget()
            ui_ingest.url_form()
        st.header("Settings")
        ui_panels.tiles_toggle()
        ui_ingest.store_setting(ui_store.store_counts(page.key))

    ui.sync_url(ui.current_view())
    ui_store.prefetch_store(page.key[0])  # once per server: the search index, for a first keyword
