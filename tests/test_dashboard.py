"""The dashboard page in Streamlit's AppTest (issue 3): default corpus, paste, select, upload."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

DASHBOARD = str(Path(__file__).resolve().parent.parent / "dashboard.py")
SAMPLE_REGIONS = {"UA-09", "UA-14", "UA-23", "UA-43", "UA-65"}
DATA = Path(__file__).resolve().parent / "data" / "ui"


def _app() -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=90)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _html(at: AppTest) -> str:
    return "\n".join(el.proto.body for el in at.get("html"))


def _table_regions(at: AppTest) -> set[str]:
    table = next(el.proto.body for el in at.get("html") if "mm-table" in el.proto.body)
    return set(re.findall(r"<span class='mm-iso'>(UA-\d\d)</span>", table))


def _excerpts(at: AppTest) -> list[str]:
    return re.findall(r"<div class='mm-ex-text'>(.*?)</div>", _html(at))


def _paste(at: AppTest, text: str, title: str = "") -> None:
    at.text_area(key="mm_paste_text").input(text)
    if title:
        at.text_input(key="mm_paste_title").input(title)
    next(b for b in at.button if b.label == "Add article").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def test_default_page_lists_the_sample_regions():
    at = _app()
    assert at.title[0].value == "Ukrainian regions in the news"
    assert _table_regions(at) == SAMPLE_REGIONS
    options = at.selectbox(key="mm_region").options
    assert len(options) == 28  # "All regions" + 27
    heads = re.findall(r"<div class='mm-region-head'>.*?\((UA-\d\d), \d+\)", _html(at))
    assert set(heads) == SAMPLE_REGIONS
    assert all("<mark>" in x for x in _excerpts(at))
    assert len(at.checkbox) == 1 and at.checkbox[0].value is True


def test_pasting_text_about_kharkiv_adds_ua63():
    at = _app()
    _paste(at, "Shelling hit Kharkiv overnight, the regional governor said.", "Night shelling")
    assert _table_regions(at) == SAMPLE_REGIONS | {"UA-63"}
    assert any("<mark>Kharkiv</mark>" in x for x in _excerpts(at))
    assert len(at.checkbox) == 2
    assert "Night shelling" in _html(at)


def test_selecting_a_region_narrows_the_excerpts():
    at = _app()
    everything = _excerpts(at)
    at.selectbox(key="mm_region").set_value("UA-43").run()
    crimea = _excerpts(at)
    assert 0 < len(crimea) < len(everything)
    assert all("<mark>Crimea</mark>" in x for x in crimea)
    assert any("Crimea" in c.value and "excerpt" in c.value for c in at.caption)
    at.selectbox(key="mm_region").set_value("").run()
    assert len(_excerpts(at)) == len(everything)


def test_malformed_upload_shows_error_naming_the_file_and_keeps_corpus():
    at = _app()
    broken = (DATA / "broken.jsonl").read_bytes()
    at.file_uploader(key="mm_uploader").set_value(("broken.jsonl", broken, "application/json"))
    at.run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert errors and all("broken" in e for e in errors), errors
    assert _table_regions(at) == SAMPLE_REGIONS
    assert len(at.checkbox) == 1


def test_upload_of_several_files_adds_articles():
    at = _app()
    good = (DATA / "two_articles.jsonl").read_bytes()
    text = b"Drones struck Odesa port overnight."
    at.file_uploader(key="mm_uploader").set_value(
        [("two_articles.jsonl", good, "application/json"), ("odesa.txt", text, "text/plain")]
    )
    at.run()
    assert not at.exception and not at.error
    assert len(at.checkbox) == 4
    assert {"UA-63", "UA-51", "UA-30"} <= _table_regions(at)


def test_hostile_article_is_shown_as_text():
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
    labels = [c.label for c in at.checkbox]
    assert any(r"\<b onmouseover=alert\(1\)\>" in label for label in labels), labels


def test_excluding_an_article_removes_its_mentions():
    at = _app()
    at.checkbox[0].uncheck().run()
    assert "<table class='mm-table'>" not in _html(at)
    assert any("No region mentions" in i.value for i in at.info)
    at.checkbox[0].check().run()
    assert _table_regions(at) == SAMPLE_REGIONS


def test_keyword_filter_narrows_excerpts():
    at = _app()
    everything = _excerpts(at)
    at.text_input(key="mm_keyword").input("peninsula").run()
    filtered = _excerpts(at)
    assert 0 < len(filtered) < len(everything)
    assert all("peninsula" in x.lower() for x in filtered)


def test_osm_toggle_keeps_the_page_working():
    at = _app()
    at.toggle(key="mm_tiles").set_value(True).run()
    assert not at.exception
    assert _table_regions(at) == SAMPLE_REGIONS
