"""Excerpt and region-table HTML (issues 3 and 5): highlighting, escaping, grouping, links."""

from __future__ import annotations

import html

import pandas as pd
import pytest

from mentionmap import excerpts as ui
from mentionmap.geocode import mentions_frame
from mentionmap.mentions import Mention
from mentionmap.ui import md_escape

HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'


def test_highlight_escapes_text_then_marks_the_mention():
    text = f"{HOSTILE} Shelling in Kharkiv & <Sumy>."
    start = text.index("Kharkiv")
    out = ui.highlight(text, [(start, start + len("Kharkiv"))])
    assert "<mark>Kharkiv</mark>" in out
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;" in out and "&amp; &lt;Sumy&gt;" in out
    assert html.unescape(out.replace("<mark>", "").replace("</mark>", "")) == text


def test_highlight_marks_a_mention_that_itself_contains_markup():
    text = "a <b>Kyiv</b> z"
    out = ui.highlight(text, [(2, 13)])
    assert out == "a <mark>&lt;b&gt;Kyiv&lt;/b&gt;</mark> z"


def test_highlight_merges_overlaps_and_ignores_bad_spans():
    text = "Donetsk Oblast, Donbas"
    out = ui.highlight(text, [(0, 7), (0, 14), (16, 22), (30, 40), (5, 5)])
    assert out == "<mark>Donetsk Oblast</mark>, <mark>Donbas</mark>"


def test_excerpt_html_escapes_title_source_and_date():
    out = ui.excerpt_html("Kyiv", [(0, 4)], HOSTILE, "<i>wire</i>", "2024-01-02")
    assert "<script" not in out and "<i>" not in out
    assert "&lt;i&gt;wire&lt;/i&gt;" in out and "2024-01-02" in out


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:text/html,<b>x</b>", "ftp://example.org/a", "//evil.example/"],
)
def test_issue5_excerpt_links_only_http_urls(url):
    out = ui.excerpt_html("Kyiv", [(0, 4)], "Title", url=url)
    assert "<a " not in out and "Title" in out


def test_issue5_excerpt_link_is_escaped_and_opens_apart():
    url = 'https://example.org/a?b=1&c="><script>x</script>'
    out = ui.excerpt_html("Kyiv", [(0, 4)], "<T>", url=url)
    assert '<a href="https://example.org/a?b=1&amp;c=&quot;&gt;&lt;script&gt;' in out
    assert 'rel="noopener noreferrer nofollow"' in out and "&lt;T&gt;</a>" in out
    assert "<script>" not in out


def test_md_escape_neutralises_markdown_and_html():
    raw = "[click](javascript:alert(1)) **bold** <b>x</b> $x$"
    escaped = md_escape(raw)
    assert "](" not in escaped.replace("\\]\\(", "")
    assert "\\*\\*" in escaped and "\\<b\\>" in escaped and "\\$" in escaped


@pytest.fixture
def frame() -> pd.DataFrame:
    s1 = "Fighting in Donetsk and Donbas continued."
    s2 = "Crimea was quiet."
    text = f"{s1} {s2}"
    d, b, c = text.index("Donetsk"), text.index("Donbas"), text.index("Crimea")
    records = [
        ("doc1", Mention("UA-14", "Donetsk", d, d + 7, "city", s1, 0)),
        ("doc1", Mention("UA-14", "Donbas", b, b + 6, "area", s1, 0)),
        ("doc1", Mention("UA-09", "Donbas", b, b + 6, "area", s1, 0)),
        ("doc1", Mention("UA-43", "Crimea", c, c + 6, "region", s2, len(s1) + 1)),
    ]
    return mentions_frame(records)


def test_excerpts_of_groups_mentions_of_a_region_by_sentence(frame):
    donetsk = ui.excerpts_of(frame, "UA-14")
    assert len(donetsk) == 1
    assert donetsk[0].spans == ((12, 19), (24, 30))
    everything = ui.excerpts_of(frame)
    assert sorted(x.region for x in everything) == ["UA-09", "UA-14", "UA-43"]
    crimea = ui.excerpts_of(frame, "UA-43")[0]
    assert crimea.excerpt[slice(*crimea.spans[0])] == "Crimea"


def test_excerpts_of_keyword_is_case_insensitive(frame):
    assert [x.region for x in ui.excerpts_of(frame, keyword="QUIET")] == ["UA-43"]
    assert ui.excerpts_of(frame, keyword="nothing like this") == []


def test_region_table_lists_regions_with_mentions_most_first():
    summary = pd.DataFrame(
        {
            "iso": ["UA-09", "UA-14", "UA-46"],
            "name_en": ["Luhansk Oblast", "Donetsk Oblast", "Lviv Oblast"],
            "mentions": [2, 5, 0],
            "documents": [1, 2, 0],
        }
    )
    table = ui.region_table(summary)
    assert list(table["ISO"]) == ["UA-14", "UA-09"]
    assert list(table.columns) == ["Region", "ISO", "Mentions", "Articles"]
    hostile = table.assign(Region=[HOSTILE, "x"])
    out = ui.region_table_html(hostile)
    assert "<script" not in out and "&lt;script&gt;" in out


def test_issue5_excerpts_carry_store_metadata_and_group_by_store_id():
    s1 = "Drones hit Odesa."
    frame = pd.DataFrame(
        {
            "article_id": [1, 2],
            "doc": ["same-id", "same-id"],  # two files may reuse an id: the store id decides
            "region": ["UA-51", "UA-51"],
            "surface": ["Odesa", "Odesa"],
            "start": [11, 11],
            "end": [16, 16],
            "excerpt": [s1, s1],
            "excerpt_start": [0, 0],
            "title": ["A", None],
            "source": ["Wire", "Wire"],
            "published": ["2024-06-03", None],
            "url": ["https://example.org/a", None],
        }
    )
    items = ui.excerpts_of(frame, "UA-51")
    assert [(x.doc, x.title, x.published, x.url) for x in items] == [
        ("1", "A", "2024-06-03", "https://example.org/a"),
        ("2", "", "", ""),
    ]
    html_out = ui.excerpt_blocks(items)
    assert html_out.count("<mark>Odesa</mark>") == 2 and "(untitled)" in html_out


def test_issue5_grouped_excerpts_use_store_totals():
    item = ui.Excerpt("UA-51", "1", "Drones hit Odesa.", ((11, 16),))
    name = {"UA-51": "Odesa Oblast"}.__getitem__
    out = ui.grouped_excerpts_html({"UA-51": [item]}, name, 5, {"UA-51": 40})
    assert "(UA-51, 40)" in out and "40 mentions in all" in out
    single = ui.grouped_excerpts_html(
        {"UA-51": [item]}, lambda iso: "Odesa Oblast", 5, {"UA-51": 1}
    )
    assert "mm-more" not in single
