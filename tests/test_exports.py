"""Tests for mentionmap.exports: the export files are read back (csv module, json) and
compared with the store frames they were built from. Stores are files under tmp_path."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from test_dashboard import _write_dated

from mentionmap import exports
from mentionmap.articles import Article
from mentionmap.exports import export_files
from mentionmap.filters import Filters
from mentionmap.ingest import ingest
from mentionmap.mentions import Mention
from mentionmap.store import open_store
from mentionmap.viewstate import View

# Titles and texts that a CSV writer must quote: commas, double quotes, line breaks, Cyrillic.
TRICKY_TITLE = 'Херсон, "міст" і\nпорт; Kherson, "bridge"\r\nand port'
TRICKY_TEXT = 'Вибухи в Херсоні, кажуть "очевидці".\nIn Odesa, "calm".'
ROWS = [
    # doc id, title, text, published, lang, {surface: (region, place, lat, lon)}
    ("tricky", TRICKY_TITLE, TRICKY_TEXT, "2022-10-03", "uk",
     {"Херсоні": ("UA-65", "Kherson", 46.6354, 32.6169),
      "Odesa": ("UA-51", "Odesa", 46.4775, 30.7326)}),
    ("plain", "Donetsk report", "Shelling near Donetsk Oblast again.", None, "en",
     {"Donetsk Oblast": ("UA-14", None, None, None)}),
    ("none", "Nothing here", "A quiet day with no places at all.", "2022-10-04", "en", {}),
]  # fmt: skip


def _mentions(text: str, found: dict) -> list[Mention]:
    out = []
    for surface, (region, place, lat, lon) in found.items():
        start = text.index(surface)
        kind = "city" if place else "region"
        out.append(Mention(region, surface, start, start + len(surface), kind, text, 0,
                           place, lat, lon))  # fmt: skip
    return sorted(out, key=lambda m: m.start)


@pytest.fixture
def store(tmp_path: Path):
    with open_store(tmp_path / "exports.sqlite") as s:
        for doc_id, title, text, published, lang, found in ROWS:
            article = Article(doc_id, title, "test, source", f"https://x.test/{doc_id}?a=1,2",
                              published, lang, text)  # fmt: skip
            assert s.add_article(article, _mentions(text, found))
        yield s


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A store file that does not exist yet."""
    return tmp_path / "store" / "mentionmap.sqlite"


def read_csv(data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a CSV file as a spreadsheet or pandas would read them."""
    reader = csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""))
    return list(reader.fieldnames or []), list(reader)


def test_mentions_csv_round_trip(store):
    frame = store.mentions()
    data = exports.mentions_csv(frame)
    header, rows = read_csv(data)
    assert header == list(exports.EXPORT_MENTION_COLUMNS)
    assert len(rows) == len(frame) == 3
    by_surface = {r["surface"]: r for r in rows}
    assert set(by_surface) == {"Херсоні", "Odesa", "Donetsk Oblast"}
    kherson = by_surface["Херсоні"]
    assert kherson["title"] == TRICKY_TITLE  # commas, quotes, CR/LF and Cyrillic survive
    assert kherson["excerpt"] == TRICKY_TEXT
    assert kherson["source"] == "test, source"
    assert kherson["url"] == "https://x.test/tricky?a=1,2"
    assert (kherson["region"], kherson["region_name"]) == ("UA-65", "Kherson Oblast")
    assert (kherson["doc"], kherson["published"], kherson["lang"]) == ("tricky", "2022-10-03", "uk")
    assert TRICKY_TEXT[int(kherson["start"]) : int(kherson["end"])] == "Херсоні"
    assert (kherson["place"], float(kherson["lat"]), float(kherson["lon"])) == (
        "Kherson",
        46.6354,
        32.6169,
    )
    donetsk = by_surface["Donetsk Oblast"]
    assert (donetsk["place"], donetsk["lat"], donetsk["published"]) == ("", "", "")
    assert {r["article_id"] for r in rows} == {str(i) for i in frame["article_id"]}


def test_csv_rows_end_in_crlf_and_quote_embedded_line_breaks(store):
    data = exports.mentions_csv(store.mentions())
    text = data.decode("utf-8")
    assert text.endswith("\r\n") and text.startswith("doc,region,region_name,")
    assert '"Херсон, ""міст"" і\nпорт; Kherson, ""bridge""\r\nand port"' in text
    assert not data.startswith(b"\xef\xbb\xbf")  # no byte-order mark
    # header + 3 rows end in CRLF; the two "Херсоні"/"Odesa" rows carry the title's CRLF
    # and the title's and excerpt's bare LFs inside their quotes
    assert text.count("\r\n") == 4 + 2
    assert text.replace("\r\n", "").count("\n") == 2 + 2


def test_mentions_csv_follows_the_filters(store):
    rows = read_csv(exports.mentions_csv(store.mentions(Filters(langs=("en",)))))[1]
    assert [(r["doc"], r["region"]) for r in rows] == [("plain", "UA-14")]


def test_empty_frames_give_a_header_only_csv(store):
    nothing = Filters(regions=("UA-30",))
    for frame, build, columns in (
        (store.mentions(nothing), exports.mentions_csv, exports.EXPORT_MENTION_COLUMNS),
        (store.articles(nothing), exports.articles_csv, exports.EXPORT_ARTICLE_COLUMNS),
    ):
        assert frame.empty
        data = build(frame)
        assert data == (",".join(columns) + "\r\n").encode("utf-8")


def test_articles_csv_round_trip(store):
    frame = store.articles()
    header, rows = read_csv(exports.articles_csv(frame))
    assert header == list(exports.EXPORT_ARTICLE_COLUMNS)
    by_doc = {r["doc"]: r for r in rows}
    assert set(by_doc) == {"tricky", "plain", "none"}
    assert by_doc["tricky"]["title"] == TRICKY_TITLE
    assert by_doc["tricky"]["url"] == "https://x.test/tricky?a=1,2"
    assert {d: r["n_mentions"] for d, r in by_doc.items()} == {"tricky": "2", "plain": "1",
                                                                 "none": "0"}  # fmt: skip
    assert by_doc["plain"]["published"] == ""
    ids = dict(zip(frame["doc"], frame["id"], strict=True))
    assert {d: int(r["article_id"]) for d, r in by_doc.items()} == ids
    assert all(r["added_at"] for r in rows)


def test_counts_geojson_has_the_mentioned_regions(store):
    counts = store.region_counts()
    collection = json.loads(exports.counts_geojson(counts).decode("utf-8"))
    assert collection["type"] == "FeatureCollection"
    props = {f["properties"]["region"]: f["properties"] for f in collection["features"]}
    assert {r: (p["mentions"], p["documents"]) for r, p in props.items()} == {
        "UA-14": (1, 1),
        "UA-51": (1, 1),
        "UA-65": (1, 1),
    }
    assert props["UA-51"]["region_name"] == "Odesa Oblast"
    assert {f["geometry"]["type"] for f in collection["features"]} <= {"Polygon", "MultiPolygon"}
    for feature in collection["features"]:  # WGS84 degrees around Ukraine
        ring = feature["geometry"]["coordinates"][0]
        ring = ring[0] if feature["geometry"]["type"] == "MultiPolygon" else ring
        assert all(21 < lon < 41 and 43 < lat < 53 for lon, lat in ring)


def test_counts_geojson_all_regions_has_27_features_with_zeros(store):
    counts = store.region_counts(Filters(langs=("uk",)))
    collection = json.loads(exports.counts_geojson(counts, all_regions=True))
    props = {f["properties"]["region"]: f["properties"] for f in collection["features"]}
    assert len(props) == 27 and {"UA-30", "UA-40", "UA-43"} <= set(props)
    assert {r for r, p in props.items() if p["mentions"]} == {"UA-51", "UA-65"}
    assert props["UA-14"] == {"region": "UA-14", "region_name": "Donetsk Oblast",
                              "mentions": 0, "documents": 0}  # fmt: skip


def test_empty_counts(store):
    counts = store.region_counts(Filters(regions=("UA-30",)))
    assert counts.empty
    assert json.loads(exports.counts_geojson(counts)) == {
        "type": "FeatureCollection",
        "features": [],
    }
    features = json.loads(exports.counts_geojson(counts, all_regions=True))["features"]
    assert len(features) == 27
    assert {(f["properties"]["mentions"], f["properties"]["documents"]) for f in features} == {
        (0, 0)
    }


def test_geojson_is_one_utf8_line(store):
    data = exports.counts_geojson(store.region_counts())
    assert data.endswith(b"\n") and data.count(b"\n") == 1
    assert b"Odesa Oblast" in data


def test_issue5_export_files_match_the_view_and_the_cli(db: Path, tmp_path: Path):
    with open_store(db) as store:
        ingest([_write_dated(tmp_path / "d.jsonl")], store, workers=0)
        view = View(region="UA-30", start=date(2024, 6, 1), end=date(2024, 6, 30))
        files = {f.label: f for f in export_files(store, view)}
        mentions = list(csv.DictReader(io.StringIO(files["Mentions (CSV)"].make().decode())))
        assert {row["region"] for row in mentions} == {"UA-30"}
        assert {row["published"] for row in mentions} == {"2024-06-02"}
        counts = json.loads(files["Region counts (GeoJSON)"].make())
        by_region = {f["properties"]["region"]: f["properties"] for f in counts["features"]}
        assert by_region["UA-30"]["mentions"] == 1 and by_region["UA-51"]["mentions"] == 1
        assert "UA-63" not in by_region or by_region["UA-63"]["mentions"] == 0  # May is out
        articles = list(csv.DictReader(io.StringIO(files["Articles (CSV)"].make().decode())))
        assert [row["title"] for row in articles] == ["Kyiv drones"]
        assert files["Mentions (CSV)"].make() == exports.mentions_csv(
            store.mentions(view.filters())
        )
        assert (
            files["Mentions (CSV)"].file_name
            == "mentionmap-UA-30-2024-06-01_2024-06-30-mentions.csv"
        )
