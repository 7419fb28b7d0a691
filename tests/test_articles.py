"""Tests for mentionmap.articles: decoding, every loader, bad inputs, folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mentionmap import articles
from mentionmap.articles import (
    Article,
    ArticleError,
    article_from_text,
    decode_bytes,
    iter_paths,
    load_bytes,
    load_path,
    load_paths,
)

DATA = Path(__file__).parent / "data" / "articles"

UK_SAMPLE = (
    "Вночі окупанти обстріляли Херсон і передмістя. За словами голови обласної військової "
    "адміністрації, у Запорізькій області пошкоджено три школи.\n"
)
RU_SAMPLE = (
    "Власти сообщили, что в Донецке и Луганске продолжались обстрелы. Жители Мариуполя "
    "жалуются на нехватку воды.\n"
)


def only_article(result: articles.LoadResult) -> Article:
    assert result.errors == []
    assert len(result.articles) == 1
    return result.articles[0]


def error_lines(result: articles.LoadResult) -> list[int | None]:
    return [error.line for error in result.errors]


# --- decoding -------------------------------------------------------------------------------


def test_decode_utf8_and_strip_bom():
    assert decode_bytes("Запоріжжя".encode(), "x") == "Запоріжжя"
    assert decode_bytes(b"\xef\xbb\xbfKyiv", "x") == "Kyiv"
    assert decode_bytes("\ufeffКиїв".encode("utf-16"), "x") == "Київ"


@pytest.mark.parametrize(
    ("fixture", "expected"), [("uk_cp1251.txt", UK_SAMPLE), ("ru_cp1251.txt", RU_SAMPLE)]
)
def test_cp1251_fixture_files_decode_exactly(fixture, expected):
    raw = (DATA / fixture).read_bytes()
    assert raw == expected.encode("cp1251")  # the fixture really is cp1251, not UTF-8
    assert decode_bytes(raw, fixture) == expected


@pytest.mark.parametrize("word", ["Київ", "Крим", "Їжак", "КИЇВ", "КРЫМ", "Херсонщина"])
def test_short_cp1251_words_are_not_misread(word):
    # charset-normalizer alone reads some of these as Big5 or cp932
    assert decode_bytes(word.encode("cp1251"), "short") == word


def test_long_cp1251_and_koi8_u():
    long_text = (UK_SAMPLE + RU_SAMPLE) * 30
    assert len(long_text.encode("cp1251")) > 4096
    assert decode_bytes(long_text.encode("cp1251"), "long") == long_text
    mixed = "Крым и Донецк, Київщина і Луганщина. " * 3
    assert decode_bytes(mixed.encode("koi8_u"), "koi8") == mixed


def test_detected_fallback_for_western_encoding():
    text = "Résumé of the day: the café in Kherson reopened, officials said. " * 5
    assert decode_bytes(text.encode("latin-1"), "latin") == text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b" \n\t\n", "empty"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "binary"),
        (bytes(range(1, 32)) * 10 + b"text", "binary"),
    ],
)
def test_decode_rejects_empty_and_binary(data, message):
    with pytest.raises(ArticleError) as info:
        decode_bytes(data, "bad.txt")
    assert info.value.name == "bad.txt"
    assert message in str(info.value)
    assert str(info.value).startswith("bad.txt: ")


# --- text and markdown ----------------------------------------------------------------------


def test_txt_title_is_first_line_and_text_is_whole_file():
    article = only_article(load_path(DATA / "plain.txt"))
    raw = (DATA / "plain.txt").read_text(encoding="utf-8")
    assert article.text == raw
    assert article.title == "Grain exports resume from Odesa"
    assert article.id == str(DATA / "plain.txt")
    assert article.source == "plain.txt"
    assert (article.url, article.published, article.lang) == (None, None, None)


def test_md_title_strips_hashes_and_skips_blank_lines():
    article = only_article(load_path(DATA / "story.md"))
    assert article.title == "Floods after the dam breach"
    assert article.text.startswith("\n# Floods")  # offsets index the file as written
    start = article.text.index("Kherson")
    assert article.text[start : start + 7] == "Kherson"


def test_utf8_bom_is_stripped_from_text_and_title():
    article = only_article(load_path(DATA / "bom.txt"))
    assert article.title == "Shelling reported in Kharkiv"
    assert not article.text.startswith("\ufeff")


def test_cp1251_file_loads_as_article():
    article = only_article(load_path(DATA / "uk_cp1251.txt"))
    assert article.text == UK_SAMPLE
    assert "Херсон" in article.title


@pytest.mark.parametrize("name", ["empty.txt", "blank.md", "binary.txt"])
def test_bad_text_files_are_errors_not_exceptions(name):
    result = load_path(DATA / name)
    assert result.articles == []
    assert len(result.errors) == 1
    assert result.errors[0].name == str(DATA / name)


def test_missing_file_is_an_error():
    result = load_path(DATA / "no-such-file.txt")
    assert result.articles == []
    assert "cannot read" in str(result.errors[0])


def test_size_cap(monkeypatch):
    monkeypatch.setattr(articles, "MAX_FILE_BYTES", 10)
    for result in (load_path(DATA / "plain.txt"), load_bytes(b"Kherson is a city.", "x.txt")):
        assert result.articles == []
        assert "larger than" in str(result.errors[0])


def test_long_first_line_title_is_truncated():
    article = article_from_text("Kherson " * 100)
    assert len(article.title) <= 200
    assert article.title.endswith("…")


def test_article_from_text_for_pasted_text():
    article = article_from_text("  \n## Odesa port\nShips left Odesa.", lang="en")
    assert article.title == "Odesa port"
    assert article.text == "  \n## Odesa port\nShips left Odesa."
    assert (article.id, article.source, article.lang) == ("pasted", "pasted text", "en")
    assert article_from_text("x", "Given title", published="2022-09-27T10:00").published == (
        "2022-09-27"
    )


# --- html -----------------------------------------------------------------------------------


def test_html_main_text_and_metadata():
    article = only_article(load_path(DATA / "page.html"))
    assert "Engineers restored electricity to parts of Kherson" in article.text
    assert "apartment blocks across the city." in article.text
    for debris in ("Odesa", "Lviv", "Poltava", "Chernivtsi", "Sumy", "Ivano-Frankivsk"):
        assert debris not in article.text  # nav, header, aside, footer, script, style
    for code in ("trackingCity", "console.log", "color: red"):
        assert code not in article.text
    assert article.title == "Power restored in Kherson"
    assert article.source == "Example Gazette"
    assert article.url == "https://gazette.example/kherson-power"
    assert article.published == "2022-11-20"
    assert article.lang == "en"
    assert "\n\n" in article.text  # paragraphs stay apart, so excerpts do not merge


def test_html_short_page_drops_navigation():
    page = (
        b"<html><head><title>T</title></head><body><nav>Home Odesa</nav>"
        b"<p>Short note on Kherson.</p><script>var Lviv = 1;</script>"
        b"<footer>Sumy</footer></body></html>"
    )
    article = only_article(load_bytes(page, "short.html"))
    assert article.text == "Short note on Kherson."
    assert article.title == "T"


def test_html_fallback_tag_stripper_when_trafilatura_finds_nothing(monkeypatch):
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: None)
    page = (DATA / "page.html").read_bytes()
    article = only_article(load_bytes(page, "page.html"))
    assert "Engineers restored electricity to parts of Kherson" in article.text
    for debris in ("Odesa", "Lviv", "Poltava", "Chernivtsi", "Sumy", "trackingCity"):
        assert debris not in article.text
    assert article.title == "Power restored in Kherson | Example Gazette"


def test_html_meta_charset_cp1251():
    html = (
        "<html><head><meta charset='windows-1251'></head><body><p>Обстріл Херсона тривав "
        "усю ніч, повідомили місцеві мешканці.</p></body></html>"
    ).encode("cp1251")
    article = only_article(load_bytes(html, "ua.htm"))
    assert article.text == "Обстріл Херсона тривав усю ніч, повідомили місцеві мешканці."


def test_html_without_text_is_an_error():
    result = load_bytes(b"<html><body><script>x=1</script><nav>Menu</nav></body></html>", "e.html")
    assert result.articles == []
    assert "no text" in str(result.errors[0])


# --- json and jsonl -------------------------------------------------------------------------


def test_jsonl_good_lines_load_despite_bad_ones():
    result = load_path(DATA / "mixed.jsonl")
    name = str(DATA / "mixed.jsonl")
    assert [a.id for a in result.articles] == ["a1", "42", f"{name}:7"]
    first = result.articles[0]
    assert first.title == "Explosions in Zaporizhzhia"
    assert (first.source, first.url, first.lang) == ("Wire", "https://example.org/a1", "en")
    assert first.published == "2023-06-06"
    assert result.articles[1].text == "Окупанти обстріляли Нікополь."
    assert result.articles[1].source == "mixed.jsonl"
    # malformed JSON, no text, not an object, blank text; each names file and line
    assert error_lines(result) == [3, 5, 6, 8]
    assert all(e.name == name for e in result.errors)
    assert "malformed JSON" in result.errors[0].message
    assert "no 'text'" in result.errors[1].message
    assert str(result.errors[0]).startswith(f"{name}, line 3: ")


def test_jsonl_text_is_kept_exactly():
    text = "  Kherson’s port\r\nand Kharkiv  "
    line = json.dumps({"id": "x", "text": text}).encode()
    assert only_article(load_bytes(line, "r.jsonl")).text == text


def test_jsonl_unicode_line_separators_inside_strings():
    # json.dumps(ensure_ascii=False) writes U+2028 and U+0085 raw; they are not line breaks
    text = "Kherson\u2028Odesa\x85Lviv"
    data = (json.dumps({"id": "u", "text": text}, ensure_ascii=False) + "\r\n").encode()
    assert only_article(load_bytes(data, "u.jsonl")).text == text
    assert only_article(load_bytes(data, "-")).text == text


def test_json_list_and_single_object():
    result = load_path(DATA / "records.json")
    name = str(DATA / "records.json")
    assert [a.id for a in result.articles] == ["j1", f"{name}#2"]
    assert len(result.errors) == 1 and "item 3" in str(result.errors[0])
    single = only_article(load_path(DATA / "single.json"))
    assert (single.id, single.title, single.published) == (
        str(DATA / "single.json"),
        "One object",
        "2022-09-27",
    )


def test_json_without_text_and_broken_json():
    result = load_path(DATA / "notext.json")
    assert result.articles == [] and "no 'text'" in str(result.errors[0])
    broken = load_path(DATA / "broken.json")
    assert broken.articles == [] and error_lines(broken) == [2]


def test_json_lines_saved_as_json():
    result = load_path(DATA / "lines.json")
    assert [a.id for a in result.articles] == ["l1", "l2"]


def test_json_scalar_is_an_error():
    result = load_bytes(b"42", "n.json")
    assert result.articles == [] and "expected an object or a list" in str(result.errors[0])


# --- csv ------------------------------------------------------------------------------------


def test_csv_with_bom_quotes_and_newlines():
    result = load_path(DATA / "good.csv")
    assert result.errors == []
    ids = [a.id for a in result.articles]
    assert ids == ["c1", "c2", f"{DATA / 'good.csv'}:5"]
    assert result.articles[0].text == "Shelling in Kharkiv, witnesses said."
    assert result.articles[0].published == "2022-02-24"
    assert result.articles[1].text == "Two lines:\nMariupol and Berdiansk."
    assert result.articles[2].published is None  # "not a date"


def test_csv_bad_rows_are_reported_with_lines():
    result = load_path(DATA / "bad.csv")
    assert [a.id for a in result.articles] == ["b1", "b4"]
    assert error_lines(result) == [3, 4, 6]
    assert "fields" in result.errors[1].message


def test_csv_without_text_column():
    result = load_path(DATA / "notext.csv")
    assert result.articles == [] and "no 'text' column" in str(result.errors[0])


def test_csv_semicolon_delimiter():
    assert only_article(load_path(DATA / "semicolon.csv")).text == "Vinnytsia"


def test_csv_large_field():
    big = "Kherson " * 40_000  # 320,000 characters, above the csv module's default limit
    data = ("id,text\nbig," + big + "\n").encode()
    assert only_article(load_bytes(data, "big.csv")).text == big


# --- paths, folders, stdin-style sniffing ---------------------------------------------------


def test_iter_paths_recurses_sorted_known_suffixes_only():
    folder = DATA / "folder"
    found = list(iter_paths([folder]))
    assert found == [folder / "a.txt", folder / "sub" / "b.md", folder / "sub" / "c.jsonl"]
    assert list(iter_paths([DATA / "notes.pdf"])) == [DATA / "notes.pdf"]  # files as given


def test_load_paths_and_folder_via_load_path():
    folder = DATA / "folder"
    ids = [a.id for a in load_paths([folder]).articles]
    assert ids == [str(folder / "a.txt"), str(folder / "sub" / "b.md"), "c1"]
    assert [a.id for a in load_path(folder).articles] == ids


def test_load_bytes_without_suffix_sniffs_format():
    jsonl = b'{"id": "s1", "text": "Kherson"}\n{broken\n{"id": "s2", "text": "Sumy"}\n'
    result = load_bytes(jsonl, "-")
    assert [a.id for a in result.articles] == ["s1", "s2"]
    assert error_lines(result) == [2]
    lone_bad_line = load_bytes(b'{"id": "s3", "text": broken}\n', "-")
    assert lone_bad_line.articles == [] and error_lines(lone_bad_line) == [1]
    plain = only_article(load_bytes(b"Kyiv and Lviv\nmore text", "-"))
    assert (plain.id, plain.title) == ("-", "Kyiv and Lviv")
    array = load_bytes(b'[{"text": "Kyiv"}]', "-")
    assert [a.id for a in array.articles] == ["-#1"]
    page = only_article(load_bytes((DATA / "page.html").read_bytes(), "-"))
    assert page.title == "Power restored in Kherson"
