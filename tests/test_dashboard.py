"""The dashboard page in Streamlit's AppTest (issues 3 and 5): the sample in a fresh store,
paste, upload, feed URL, region selection, filters, the view in the URL, read-only mode."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pyarrow.ipc
import pytest
from streamlit.testing.v1 import AppTest
from test_feeds import LocalSite

from mentionmap.store import open_store
from mentionmap.viewstate import View

DASHBOARD = str(Path(__file__).resolve().parent.parent / "dashboard.py")
SAMPLE_REGIONS = {"UA-09", "UA-14", "UA-23", "UA-43", "UA-65"}
DATA = Path(__file__).resolve().parent / "data" / "ui"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh store file for the app (it does not exist yet: the app creates it)."""
    path = tmp_path / "store" / "mentionmap.sqlite"
    monkeypatch.setenv("MENTIONMAP_DB", str(path))
    monkeypatch.delenv("MENTIONMAP_READ_ONLY", raising=False)
    return path


def _app(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=90)
    for name, value in (params or {}).items():
        at.query_params[name] = value
    at.run()
    _ok(at)
    return at


def _ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _html(at: AppTest) -> str:
    return "\n".join(el.proto.body for el in at.get("html"))


def _table_regions(at: AppTest) -> set[str]:
    tables = [el.proto.body for el in at.get("html") if "mm-table" in el.proto.body]
    if not tables:
        return set()
    return set(re.findall(r"<span class='mm-iso'>(UA-\d\d)</span>", tables[0]))


def _excerpts(at: AppTest) -> list[str]:
    return re.findall(r"<div class='mm-ex-text'>(.*?)</div>", _html(at))


def _qp(at: AppTest) -> dict[str, str]:
    """The app's URL parameters (the last value of each)."""
    out = {}
    for name in at.query_params:
        value = at.query_params[name]
        out[name] = value[-1] if isinstance(value, list) else value
    return out


def _infos(at: AppTest) -> str:
    return "\n".join(i.value for i in at.info).replace("\\", "")


def _paste(at: AppTest, text: str, title: str = "") -> None:
    at.text_area(key="mm_paste_text").input(text)
    if title:
        at.text_input(key="mm_paste_title").input(title)
    next(b for b in at.button if b.label == "Add article").click()
    at.run()
    _ok(at)


def _store_articles(path: Path) -> int:
    with open_store(path, read_only=True) as store:
        return store.count()[0]


def _write_dated(path: Path) -> Path:
    """Three dated articles in two languages: Kharkiv (en, May 2024), Kyiv (en, June
    2024), Odesa (uk, June 2024)."""
    rows = [
        {"id": "k", "title": "Kharkiv strikes", "source": "Wire", "published": "2024-05-10",
         "lang": "en", "text": "Russian strikes hit Kharkiv on Friday, the governor said."},
        {"id": "y", "title": "Kyiv drones", "source": "Wire", "published": "2024-06-02",
         "lang": "en", "text": "Air defence shot down drones over Kyiv overnight."},
        {"id": "o", "title": "Одеса", "source": "Стрічка", "published": "2024-06-03",
         "lang": "uk", "text": "Уночі дрони атакували Одесу, повідомили в ОВА."},
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    return path


def _upload(at: AppTest, *files: tuple[str, bytes, str]) -> None:
    at.file_uploader(key="mm_uploader").set_value(list(files))
    at.run()
    _ok(at)


# --- issue 3 behaviour, now on the store -----------------------------------------------------


def test_default_page_loads_the_sample_into_a_fresh_store(db: Path):
    at = _app()
    assert at.title[0].value == "Ukrainian regions in the news"
    assert _table_regions(at) == SAMPLE_REGIONS
    assert len(at.selectbox(key="mm_region").options) == 28  # "All regions" + 27
    heads = re.findall(r"<div class='mm-region-head'>.*?\((UA-\d\d), \d+\)", _html(at))
    assert set(heads) == SAMPLE_REGIONS
    assert all("<mark>" in x for x in _excerpts(at))
    assert "The New York Times" in _html(at) and "2022-09-27" in _html(at)
    assert _store_articles(db) == 1
    assert _qp(at) == {}  # the default view has a clean URL


def test_pasting_text_about_kharkiv_adds_ua63_to_the_store(db: Path):
    at = _app()
    _paste(at, "Shelling hit Kharkiv overnight, the regional governor said.", "Night shelling")
    assert _table_regions(at) == SAMPLE_REGIONS | {"UA-63"}
    assert any("<mark>Kharkiv</mark>" in x for x in _excerpts(at))
    assert "Night shelling" in _html(at)
    assert _store_articles(db) == 2
    _paste(at, "Shelling hit Kharkiv overnight, the regional governor said.")
    assert "already stored" in _infos(at)
    assert _store_articles(db) == 2


def test_selecting_a_region_narrows_the_excerpts_and_enters_the_url(db: Path):
    at = _app()
    everything = _excerpts(at)
    at.selectbox(key="mm_region").set_value("UA-43").run()
    crimea = _excerpts(at)
    assert 0 < len(crimea) < len(everything)
    assert all("<mark>Crimea</mark>" in x for x in crimea)
    assert any("Crimea" in c.value and "excerpt" in c.value for c in at.caption)
    assert _qp(at)["region"] == "UA-43"
    at.selectbox(key="mm_region").set_value("").run()
    assert len(_excerpts(at)) == len(everything)
    assert "region" not in _qp(at)


def test_malformed_upload_reports_the_file_and_keeps_the_store(db: Path):
    at = _app()
    _upload(at, ("broken.jsonl", (DATA / "broken.jsonl").read_bytes(), "application/json"))
    infos = _infos(at)
    assert "0 added" in infos and "broken.jsonl" in infos and "failed" in infos
    assert "mentionmap-upload" not in infos  # named as uploaded, not by its temporary path
    assert _table_regions(at) == SAMPLE_REGIONS
    assert _store_articles(db) == 1


def test_upload_of_several_files_adds_articles(db: Path):
    at = _app()
    good = (DATA / "two_articles.jsonl").read_bytes()
    _upload(
        at,
        ("two_articles.jsonl", good, "application/json"),
        ("odesa.txt", b"Drones struck Odesa port overnight.", "text/plain"),
    )
    assert "3 added" in _infos(at)
    assert {"UA-63", "UA-51", "UA-30"} <= _table_regions(at)
    assert _store_articles(db) == 4


def test_hostile_article_is_shown_as_text(db: Path):
    at = _app()
    hostile = (
        "<script>window.__pwned=1</script> Kharkiv was shelled again. "
        '<img src=x onerror="window.__pwned=1"> Kharkiv residents sheltered.'
    )
    _paste(at, hostile, "<b onmouseover=alert(1)>title</b>")
    page = _html(at)
    assert "<script>window" not in page and "<img src=x" not in page and "<b onmouse" not in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;" in page
    assert "&lt;b onmouseover=alert(1)&gt;title&lt;/b&gt;" in page


def test_keyword_filter_narrows_excerpts_counts_and_url(db: Path):
    at = _app()
    everything = _excerpts(at)
    at.text_input(key="mm_keyword").input("peninsula").run()
    filtered = _excerpts(at)
    assert 0 < len(filtered) < len(everything)
    assert all("peninsula" in x.lower() for x in filtered)
    assert _table_regions(at) == {"UA-43"}  # the map's counts follow the keyword too
    assert _qp(at)["q"] == "peninsula"


def test_osm_toggle_keeps_the_page_working(db: Path):
    at = _app()
    at.toggle(key="mm_tiles").set_value(True).run()
    _ok(at)
    assert _table_regions(at) == SAMPLE_REGIONS
    assert _qp(at)["tiles"] == "1"


# --- issue 5: filters, timeline, URL state, sources, read-only ------------------------------


def test_issue5_date_and_language_filters_apply_to_table_and_excerpts(db: Path, tmp_path: Path):
    at = _app()
    dated = _write_dated(tmp_path / "dated.jsonl").read_bytes()
    _upload(at, ("dated.jsonl", dated, "application/json"))
    assert {"UA-63", "UA-30", "UA-51"} <= _table_regions(at)
    at.date_input(key="mm_dates").set_value((date(2024, 6, 1), date(2024, 6, 30))).run()
    _ok(at)
    assert _table_regions(at) == {"UA-30", "UA-51"}
    assert _qp(at)["from"] == "2024-06-01" and _qp(at)["to"] == "2024-06-30"
    at.multiselect(key="mm_langs").set_value(["uk"]).run()
    _ok(at)
    assert _table_regions(at) == {"UA-51"}
    assert all("Одес" in x for x in _excerpts(at))
    assert _qp(at)["lang"] == "uk"
    assert not at.get("vega_lite_chart")  # the timeline is off until switched on
    at.toggle(key="mm_show_timeline").set_value(True).run()
    _ok(at)
    assert _qp(at)["timeline"] == "1"
    (chart,) = at.get("vega_lite_chart")
    (dataset,) = chart.proto.datasets
    rows = pyarrow.ipc.open_stream(dataset.data.data).read_pandas()
    assert set(rows["region"]) == {"UA-51"}  # the chart follows the filters


def test_issue5_shared_link_reopens_the_same_view(db: Path, tmp_path: Path):
    first = _app()
    _upload(first, ("dated.jsonl", _write_dated(tmp_path / "d.jsonl").read_bytes(), "x"))
    first.selectbox(key="mm_region").set_value("UA-30").run()
    first.text_input(key="mm_keyword").input("drones").run()
    link = _qp(first)
    assert link == {"region": "UA-30", "q": "drones"}
    colleague = _app(link)  # a second session of the same server: same store, same view
    assert colleague.selectbox(key="mm_region").value == "UA-30"
    assert colleague.text_input(key="mm_keyword").value == "drones"
    assert _excerpts(colleague) == _excerpts(first)
    assert all("<mark>Kyiv</mark>" in x for x in _excerpts(colleague))


def test_issue5_invalid_link_parameters_fall_back_with_notices(db: Path):
    at = _app({"region": "UA-99", "from": "2024-13-40", "freq": "month", "tiles": "maybe"})
    infos = _infos(at)
    for name in ("region", "from", "freq", "tiles"):
        assert f"'{name}'" in infos, infos
    assert at.selectbox(key="mm_region").value == ""
    assert _table_regions(at) == SAMPLE_REGIONS
    assert _qp(at) == {}  # the bad values are dropped from the URL


def test_issue5_feed_url_is_ingested_with_a_summary_of_failures(
    db: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("MENTIONMAP_ALLOW_PRIVATE_URLS", "1")  # the local site is on 127.0.0.1
    site = LocalSite()
    try:
        at = _app()
        at.text_area(key="mm_urls").input(f"{site.url('/feed.rss')}\nnot a url")
        next(b for b in at.button if b.label == "Fetch and add").click()
        at.run()
        _ok(at)
        infos = _infos(at)
    finally:
        site.close()
    assert "Not a web address" in infos and "not a url" in infos
    assert re.search(r"[1-9]\d* added", infos), infos
    assert "gone.html: HTTP 404" in infos
    assert {"UA-65", "UA-51"} <= _table_regions(at)
    assert all(agent.startswith("mentionmap/") for agent in site.agents)


def test_issue5_read_only_mode_hides_ingest_and_writes_nothing(
    db: Path, monkeypatch: pytest.MonkeyPatch
):
    _app()  # a writable first run creates the store with the sample
    size = db.stat().st_size
    monkeypatch.setenv("MENTIONMAP_READ_ONLY", "1")
    at = _app()
    assert not [b for b in at.button if b.label in ("Add article", "Fetch and add")]
    assert not at.get("file_uploader")
    assert _table_regions(at) == SAMPLE_REGIONS
    assert db.stat().st_size == size and _store_articles(db) == 1


def test_issue5_read_only_without_a_store_explains_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("MENTIONMAP_DB", str(tmp_path / "missing.sqlite"))
    monkeypatch.setenv("MENTIONMAP_READ_ONLY", "true")
    at = _app()
    assert any("no store at" in e.value for e in at.error)
    assert not (tmp_path / "missing.sqlite").exists()


def test_issue5_store_setting_opens_another_store(db: Path, tmp_path: Path):
    at = _app()
    other = tmp_path / "other.sqlite"
    at.text_input(key="mm_store_input").input(str(other)).run()
    _ok(at)
    assert other.exists() and _store_articles(other) == 1  # a new store gets the sample
    not_a_store = tmp_path / "notes.sqlite"
    not_a_store.write_text("just some text, not SQLite " * 100)
    at.text_input(key="mm_store_input").input(str(not_a_store)).run()
    assert any("Cannot open the store" in e.value for e in at.error)
    assert not_a_store.read_text().startswith("just some text")  # left untouched


def test_issue5_export_buttons_are_offered(db: Path):
    at = _app()
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Mentions (CSV)", "Region counts (GeoJSON)", "Articles (CSV)"]


def test_issue5_article_list_is_read_only_while_open_and_stays_open(db: Path):
    at = _app()
    assert not at.dataframe  # closed: no table (its widget is heavy to load in the browser)
    at.session_state["mm_articles_open"] = True
    at.run()
    _ok(at)
    (table,) = at.dataframe
    assert len(table.value) == 1  # the sample article
    at.selectbox(key="mm_region").select("UA-43").run()
    _ok(at)
    assert len(at.dataframe) == 1  # still open after a filter change
    at.text_input(key="mm_keyword").input("no-such-word-here").run()
    _ok(at)
    assert not at.dataframe
    assert any("No articles under these filters" in c.value for c in at.caption)


def test_issue5_keyword_panels_come_from_one_read_and_match_the_store(db: Path):
    at = _app()
    at.text_input(key="mm_keyword").input("Crimea").run()
    _ok(at)
    with open_store(db, read_only=True) as store:
        n_articles, n_mentions = store.totals(View(keyword="Crimea").filters())
        counts = store.region_counts(View(keyword="Crimea").filters())
    summary = next(c.value for c in at.caption if "of 27 regions" in c.value)
    assert f"**{n_articles:,}** article" in summary and f"**{n_mentions:,}** mention" in summary
    assert _table_regions(at) == set(counts["region"]) and len(counts) > 0
    assert all("crimea" in x.lower() for x in _excerpts(at))


def test_issue5_first_elements_need_neither_pandas_nor_the_map_libraries():
    """dashboard.py sends its title and filter bar before pandas, geopandas and folium are
    imported (they take seconds on a server's first visit): ui and ui_panels must not
    import them at module level."""
    code = (
        "import sys; import mentionmap.ui, mentionmap.ui_panels; "
        "print(sorted({'pandas', 'geopandas', 'folium', 'streamlit_folium', 'shapely'}"
        " & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_issue5_search_index_is_prefetched_once_per_store_after_the_first_run(
    db: Path, monkeypatch: pytest.MonkeyPatch
):
    from mentionmap import ui_store

    calls = []
    monkeypatch.setattr(ui_store, "prefetch", calls.append)  # what the background thread runs
    at = _app()
    at.selectbox(key="mm_region").select("UA-43").run()
    _ok(at)
    for thread in threading.enumerate():
        if thread.name == "mm-prefetch":
            thread.join(timeout=30)
    assert calls == [str(db)]  # once, for this store, though the page ran twice


def test_issue5_keyword_search_reads_the_in_memory_columns_once_prefetched(
    db: Path, monkeypatch: pytest.MonkeyPatch
):
    """After the first run's background read, a keyword search takes its rows from the
    shared mention columns, not from the store's mention rows, with the same counts."""
    from mentionmap import ui_store
    from mentionmap.store import Store

    at = _app()
    for thread in threading.enumerate():
        if thread.name == "mm-prefetch":
            thread.join(timeout=60)
    columns = ui_store.column_cache(str(db)).columns
    with open_store(db, read_only=True) as store:
        assert columns is not None and len(columns.frame) == store.count()[1] > 0
        n_articles, n_mentions = store.totals(View(keyword="Crimea").filters())

    def refuse(*args, **kwargs):
        raise AssertionError("the mention rows were read from the store")

    monkeypatch.setattr(Store, "matching_mentions", refuse)
    at.text_input(key="mm_keyword").input("Crimea").run()
    _ok(at)
    summary = next(c.value for c in at.caption if "of 27 regions" in c.value)
    assert f"**{n_articles:,}** article" in summary and f"**{n_mentions:,}** mention" in summary
    assert all("crimea" in x.lower() for x in _excerpts(at))
