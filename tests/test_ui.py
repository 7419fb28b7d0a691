"""Pure helpers of the dashboard's UI module (issue 3): highlighting, escaping, grouping."""

from __future__ import annotations

import html

import pandas as pd
import pytest

from mentionmap import ui
from mentionmap.articles import Article
from mentionmap.geocode import mentions_frame
from mentionmap.mentions import Mention

HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'


def _article(text: str, title: str = "T", source: str = "S", published: str | None = None):
    return Article("id", title, source, None, published, "en", text)


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
    art = _article("x", title=HOSTILE, source="<i>wire</i>", published="2024-01-02")
    out = ui.excerpt_html("Kyiv", [(0, 4)], art)
    assert "<script" not in out and "<i>" not in out
    assert "&lt;i&gt;wire&lt;/i&gt;" in out and "2024-01-02" in out


def test_md_escape_neutralises_markdown_and_html():
    raw = "[click](javascript:alert(1)) **bold** <b>x</b> $x$"
    escaped = ui.md_escape(raw)
    assert "](" not in escaped.replace("\\]\\(", "")
    assert "\\*\\*" in escaped and "\\<b\\>" in escaped and "\\$" in escaped


def test_article_key_depends_on_content_only():
    a = _article("Kyiv text")
    b = Article("other-id", "T", "S", "http://x", None, "uk", "Kyiv text")
    assert ui.article_key(a) == ui.article_key(b)
    assert ui.article_key(a) != ui.article_key(_article("Kyiv text!"))
    assert ui.corpus_key(["b", "a"]) == ui.corpus_key(["a", "b"])


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
