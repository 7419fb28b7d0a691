"""Streamlit layer of the dashboard, part 2: what the page shows.

The filter bar, the map, the region table and selector, the excerpts, the timeline, the
article list and the export buttons. Each reads the store through the cached functions of
:mod:`mentionmap.ui` and follows the same view: the map, table and timeline use the view's
filters without its region (they show every region), the excerpts and exports with it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

import streamlit as st

from mentionmap import ui, ui_store
from mentionmap.exports import export_files
from mentionmap.filters import Filters
from mentionmap.store import Store

# folium, geopandas and streamlit-folium are imported by the map functions only (they
# take a second or two to import; the rest of the page is sent first).
if TYPE_CHECKING:
    import folium

MAP_HEIGHT = 500  # px
EXCERPTS_HEIGHT = 640  # px, scrollable excerpt list beside the map and table
EXCERPTS_PER_REGION = 6  # in the grouped (no selection) view
EXCERPT_MENTIONS_MAX = 150  # mentions read for one region's excerpts (newest first)
ARTICLES_SHOWN = 200  # newest articles in the article table
EXCERPT_GROUPS = 10  # regions in the grouped (no selection) excerpt view, most mentioned first
LANGUAGE_NAMES = {"en": "English", "uk": "Ukrainian", "ru": "Russian"}

K_MAP = "mm_map"
K_TIMELINE = "mm_timeline"
K_ARTICLES = "mm_articles_open"  # the article list's expander

PAGE_CSS = '\n<style>\n[data-testid="stMainBlockContainer"] { padding-top: 2.2rem; }\n'


def page_style() -> None:
    """Inject the page CSS (excerpt blocks, highlights, region table)."""
    from mentionmap.excerpts import EXCERPT_CSS  # pandas

    st.html(PAGE_CSS + EXCERPT_CSS + "</style>\n")


# ------------------------------------------------------------------ filters


def filter_bar(key: tuple[str, bool, int]) -> None:
    """Date range, languages, keyword and timeline step, in one row above the map."""
    first, last, langs = ui_store.store_facets(key)
    view = ui.current_view()
    chosen = [lang for lang in st.session_state.get(ui.K_LANGS, []) if lang in langs]
    if chosen != list(st.session_state.get(ui.K_LANGS, [])):
        dropped = set(st.session_state.get(ui.K_LANGS, [])) - set(chosen)
        ui.notify(f"No articles in language(s) {', '.join(sorted(dropped))}; filter removed.")
        st.session_state[ui.K_LANGS] = chosen
    high = max(d for d in (last, view.end, date.today()) if d)
    dates, languages, keyword = st.columns([2, 2, 2], gap="small")
    with dates:
        st.date_input(
            "Published between",
            value=(),
            min_value=ui.DATE_FLOOR,
            max_value=high,
            key=ui.K_DATES,
            format="YYYY-MM-DD",
            help="Leave empty for all dates; undated articles are left out once a date is set."
            + (f" Stored articles span {first} to {last}." if first and last else ""),
        )
    with languages:
        st.multiselect(
            "Languages",
            options=langs,
            key=ui.K_LANGS,
            format_func=lambda code: LANGUAGE_NAMES.get(code, code),
            placeholder="All languages",
        )
    with keyword:
        st.text_input(
            "Keyword in excerpts",
            key=ui.K_KEYWORD,
            placeholder="e.g. referendum",
            help="Keeps mentions whose sentence contains this text (any case, any script).",
        )


def page_summary(page: ui.Page) -> None:
    """One-line explanation of the page and the totals under the current filters."""
    n_regions = int((page.summary["mentions"] > 0).sum())
    st.caption(
        "Every mention of one of Ukraine's 27 regions (or a place inside one) in the stored "
        "articles, on the map and in its sentence. Click a region to read its excerpts.  \n"
        f"**{page.articles:,}** article{'s' * (page.articles != 1)} · **{page.mentions:,}** "
        f"mention{'s' * (page.mentions != 1)} · **{n_regions}** of 27 regions"
        + (" · filtered" if page.view.filters(with_region=False) != Filters() else "")
    )


# ------------------------------------------------------------------ map and regions


@st.cache_data(show_spinner=False, max_entries=4)
def _base_map(tiles: bool) -> folium.Map:
    from mentionmap import mapview

    return mapview.build_base_map(
        None if tiles else ui.neighbours(), tiles=tiles, height=MAP_HEIGHT
    )


# cache_data, not cache_resource: st_folium changes the layers it is given (ids, parent),
# so each run needs its own copy. Both layers are cached as their rendered script (see
# mentionmap.ui_maplayers), the overlay as the first layer given to st_folium.
@st.cache_data(show_spinner=False, max_entries=32)
def _overlay(key: tuple[str, bool, int], filters: Filters) -> folium.FeatureGroup:
    import geopandas as gpd

    from mentionmap import geocode, mapoverlay
    from mentionmap.ui_maplayers import prerender

    regions = geocode.with_counts(ui.display_regions(), ui_store.region_counts(key, filters))
    places = ui_store.place_counts(key, filters)
    points = gpd.GeoDataFrame(
        places, geometry=gpd.points_from_xy(places["lon"], places["lat"]), crs="EPSG:4326"
    )
    return prerender(mapoverlay.build_overlay(regions, points), 0)


@st.cache_data(show_spinner=False, max_entries=32)
def _selection(iso: str) -> folium.FeatureGroup:
    from mentionmap import mapoverlay
    from mentionmap.ui_maplayers import prerender

    return prerender(mapoverlay.build_selection(ui.display_regions(), iso), 1)


def _map_clicked() -> None:
    """st_folium callback: a click on a region (or a city marker) selects its region."""
    value = st.session_state.get(K_MAP) or {}
    drawing = value.get("last_active_drawing") or {}
    iso = (drawing.get("properties") or {}).get("iso")
    if isinstance(iso, str) and re.fullmatch(r"UA-\d\d", iso):
        st.session_state[ui.K_REGION] = iso


def region_map(page: ui.Page) -> None:
    """The choropleth with clustered place markers; a click selects a region."""
    from streamlit_folium import st_folium

    # The base map stays mounted (same component key); only the overlay is swapped.
    layers = [_overlay(page.key, page.view.filters(with_region=False))]
    if page.view.region:
        layers.append(_selection(page.view.region))
    st_folium(
        _base_map(page.view.tiles),
        feature_group_to_add=layers,
        key=K_MAP,
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=["last_active_drawing", "last_object_clicked"],
        on_change=_map_clicked,
    )


def region_counts(page: ui.Page) -> None:
    """Table of regions with mentions: region (ISO), mentions, articles."""
    from mentionmap.excerpts import region_table, region_table_html

    table = region_table(page.summary)
    if table.empty:
        st.info("No region mentions under these filters.")
        return
    st.html(region_table_html(table))


def region_selector(page: ui.Page) -> str:
    """Selectbox with every region (most mentioned first); same choice as a map click."""
    summary = page.summary.sort_values(["mentions", "name_en"], ascending=[False, True])
    labels = {ui.ALL_REGIONS: "All regions"}
    for row in summary.itertuples(index=False):
        n = int(row.mentions)
        labels[str(row.iso)] = f"{row.name_en} ({row.iso}) · {n:,} mention{'s' * (n != 1)}"
    if st.session_state.get(ui.K_REGION) not in labels:
        st.session_state[ui.K_REGION] = ui.ALL_REGIONS
    return st.selectbox(
        "Region",
        options=list(labels),
        format_func=labels.__getitem__,
        key=ui.K_REGION,
        help="Or click a region on the map or a line of the timeline.",
    )


# ------------------------------------------------------------------ excerpts


def excerpts_panel(page: ui.Page, region: str) -> None:
    """The newest excerpts of the selected region, or of every region grouped by region."""
    from mentionmap.excerpts import (
        excerpt_blocks,
        excerpts_of,
        group_by_region,
        grouped_excerpts_html,
    )

    word = page.view.keyword
    note = f" containing “{word}”" if word else ""
    if region:
        filters = page.view.filters(with_region=True)
        frame = ui_store.latest_mentions(page.key, filters, EXCERPT_MENTIONS_MAX)
        items = excerpts_of(frame, region)
        if not items:
            st.caption(f"No excerpts{ui.md_escape(note)}.")
            return
        total = int(page.summary.set_index("iso")["mentions"].get(region, 0))
        shown = "newest " if total > len(frame) else ""
        st.caption(
            f"{len(items)} {shown}excerpt{'s' * (len(items) != 1)} for "
            f"{ui.md_escape(page.region_name(region))}{ui.md_escape(note)}"
            + (f" · {total:,} mentions in all" if shown else "")
        )
        with st.container(height=EXCERPTS_HEIGHT, border=False):
            st.html(excerpt_blocks(items))
        return
    mentioned = page.summary[page.summary["mentions"] > 0]
    if mentioned.empty:
        st.caption(f"No excerpts{ui.md_escape(note)}.")
        return
    top = mentioned.sort_values(["mentions", "iso"], ascending=[False, True])["iso"]
    view = page.view.filters(with_region=False)
    filters = Filters(view.start, view.end, view.langs, view.keyword, tuple(top[:EXCERPT_GROUPS]))
    frame = ui_store.latest_by_region(page.key, filters, EXCERPTS_PER_REGION * 2)
    items = []
    for _, rows in frame.groupby("region", sort=False):
        items += excerpts_of(rows)[:EXCERPTS_PER_REGION]
    totals = dict(zip(mentioned["iso"], mentioned["mentions"].astype(int), strict=True))
    groups = group_by_region(items, page.region_name)
    groups = dict(sorted(groups.items(), key=lambda kv: (-totals.get(kv[0], 0), kv[0])))
    more = len(mentioned) - len(groups)
    st.caption(
        f"Newest excerpts of the {len(groups)} most mentioned regions{ui.md_escape(note)}"
        + (f" ({more} more regions have mentions)" if more > 0 else "")
        + " · click a region or pick it above to see only its excerpts"
    )
    with st.container(height=EXCERPTS_HEIGHT, border=False):
        st.html(grouped_excerpts_html(groups, page.region_name, EXCERPTS_PER_REGION, totals))


# ------------------------------------------------------------------ timeline


@st.cache_resource(show_spinner=False, max_entries=32)
def _timeline_chart(key: tuple[str, bool, int], filters: Filters, freq: str):
    """The timeline chart of ``filters`` (one region when it names one), or None."""
    from mentionmap import timeline  # altair: imported only once a timeline is shown

    region = filters.regions[0] if len(filters.regions) == 1 else None
    frame = ui_store.timeline(key, filters, freq)
    return timeline.timeline_chart(frame, ui.region_names(), region=region, freq=freq)


def _timeline_clicked() -> None:
    """Altair selection callback: a click on a line (or point) selects its region."""
    from mentionmap import timeline

    event = st.session_state.get(K_TIMELINE) or {}
    iso = timeline.selected_region(event.get("selection"))
    if iso in ui.region_names():
        st.session_state[ui.K_REGION] = iso


def timeline_panel(page: ui.Page, region: str) -> None:
    """Mentions per day or week: the top regions, or the selected region. Behind a switch
    (kept in the URL): the chart is the slowest element of the page to draw."""
    heading, switch, step = st.columns([5, 2, 2], vertical_alignment="bottom")
    with heading:
        what = ui.md_escape(page.region_name(region)) if region else "the most mentioned regions"
        st.subheader(f"Mentions over time: {what}", divider=False)
    with switch:
        st.toggle("Show the timeline", key=ui.K_SHOW_TIMELINE)
    if not page.view.timeline:
        st.caption(
            "Mentions per day or per week, with the selected region or the six most "
            "mentioned; switch it on to draw the chart."
        )
        return
    with step:
        st.segmented_control(
            "Step",
            options=["D", "W"],
            format_func={"D": "Day", "W": "Week"}.__getitem__,
            key=ui.K_FREQ,
            label_visibility="collapsed",
        )
    chart = _timeline_chart(page.key, page.view.filters(with_region=bool(region)), page.view.freq)
    if chart is None:
        st.caption("No dated mentions under these filters.")
        return
    st.altair_chart(
        chart,
        width="stretch",
        key=K_TIMELINE,
        on_select=_timeline_clicked,
        selection_mode="region",
    )
    st.caption("Drag to pan, scroll to zoom; click a line to select its region.")


# ------------------------------------------------------------------ articles and export


def articles_panel(page: ui.Page) -> None:
    """The newest articles kept by the view (region included), with their mention counts.
    Read and drawn only while the list is open: the table widget is one of the heaviest
    parts of the page for the browser to load."""
    region = page.view.region  # its articles are its row of the summary
    by_region = page.summary.set_index("iso")["documents"]
    n = int(by_region.get(region, 0)) if region else page.articles
    # a constant label: the expander stays open when the filters change
    with st.expander("Articles", key=K_ARTICLES, on_change="rerun") as box:
        if not box.open:
            return
        frame = ui_store.latest_articles(
            page.key, page.view.filters(with_region=True), ARTICLES_SHOWN
        )
        if frame.empty:
            st.caption("No articles under these filters.")
            return
        more = n > len(frame)
        st.caption(
            f"{n:,} article{'s' * (n != 1)} under these filters"
            + (f"; the newest {len(frame):,} are listed, the export has them all." if more else ".")
        )
        st.dataframe(
            frame[["published", "title", "source", "lang", "mentions", "url"]],
            hide_index=True,
            width="stretch",
            column_config={
                "published": st.column_config.TextColumn("Published"),
                "title": st.column_config.TextColumn("Title", width="large"),
                "source": "Source",
                "lang": "Lang.",
                "mentions": st.column_config.NumberColumn("Mentions", format="%d"),
                "url": st.column_config.LinkColumn("Link"),
            },
        )


def export_buttons(store: Store, page: ui.Page) -> None:
    """Download buttons for :func:`export_files`; nothing is computed until one is pressed."""
    st.markdown("**Export this view**")
    for column, item in zip(st.columns(3), export_files(store, page.view), strict=True):
        with column:
            st.download_button(
                item.label,
                data=item.make,
                file_name=item.file_name,
                mime=item.mime,
                on_click="ignore",
                icon=":material/download:",
                help=item.help,
            )


def tiles_toggle() -> bool:
    """Opt-in OpenStreetMap tiles (the only feature that goes online)."""
    return st.toggle(
        "OpenStreetMap background (needs internet)",
        key=ui.K_TILES,
        help="Off: the map uses only bundled boundaries and makes no request outside "
        "this machine. On: tiles are fetched from tile.openstreetmap.org.",
    )
