"""The URL view state: round trips, clean default URLs and every fallback with its notice."""

from __future__ import annotations

from datetime import date

import pytest

from mentionmap.filters import Filters
from mentionmap.viewstate import DEFAULT_VIEW, MAX_KEYWORD, View, parse_view, view_params

REGIONS = ("UA-14", "UA-30", "UA-40", "UA-43", "UA-63")

VALID_VIEWS = [
    View(),
    View(region="UA-14"),
    View(start=date(2024, 1, 1)),
    View(end=date(2024, 12, 31)),
    View(start=date(2024, 3, 5), end=date(2024, 3, 5)),
    View(langs=("en",)),
    View(langs=("en", "ru", "uk")),
    View(langs=("crh", "uk")),
    View(keyword="Mariupol"),
    View(keyword='Харків, обстріл & 100% "quotes" ?=#/'),
    View(keyword="x" * MAX_KEYWORD),
    View(freq="D"),
    View(tiles=True),
    View(timeline=True),
    View(
        region="UA-43",
        start=date(2022, 2, 24),
        end=date(2023, 2, 24),
        langs=("ru", "uk"),
        keyword="referendum",
        freq="D",
        tiles=True,
        timeline=True,
    ),
]


def parse(params: dict[str, object]) -> tuple[View, list[str]]:
    return parse_view(params, regions=REGIONS)  # type: ignore[arg-type]


@pytest.mark.parametrize("view", VALID_VIEWS, ids=range(len(VALID_VIEWS)))
def test_round_trip(view: View) -> None:
    assert parse(view_params(view)) == (view, [])


@pytest.mark.parametrize("view", VALID_VIEWS[1:], ids=range(1, len(VALID_VIEWS)))
def test_params_only_differ_from_default(view: View) -> None:
    params = view_params(view)
    assert params  # a non-default view writes something
    assert set(params) <= {"region", "from", "to", "lang", "q", "freq", "tiles", "timeline"}
    assert all(isinstance(v, str) and v for v in params.values())


def test_default_view_has_clean_url() -> None:
    assert view_params(DEFAULT_VIEW) == {}
    assert view_params(View(freq="W", tiles=False)) == {}
    assert parse({}) == (DEFAULT_VIEW, [])


def test_param_names_and_formats() -> None:
    view = View(
        region="UA-30",
        start=date(2024, 1, 2),
        end=date(2024, 2, 3),
        langs=("uk", "en"),
        keyword="  Kyiv  ",
        freq="D",
        tiles=True,
    )
    assert view_params(view) == {
        "region": "UA-30",
        "from": "2024-01-02",
        "to": "2024-02-03",
        "lang": "en,uk",
        "q": "Kyiv",
        "freq": "D",
        "tiles": "1",
    }


def test_view_normalises_langs_and_keyword() -> None:
    view = View(langs=("uk", "en", "uk"), keyword="  shelling ")  # as widgets may build it
    assert view.langs == ("en", "uk")
    assert view.keyword == "shelling"
    assert view == View(langs=("en", "uk"), keyword="shelling")


def test_filters() -> None:
    view = View(
        region="UA-14",
        start=date(2024, 1, 1),
        end=date(2024, 1, 31),
        langs=("uk",),
        keyword="Бахмут",
    )
    assert view.filters() == Filters(
        start=date(2024, 1, 1),
        end=date(2024, 1, 31),
        langs=("uk",),
        keyword="Бахмут",
        regions=("UA-14",),
    )
    assert view.filters(with_region=False).regions == ()
    assert View().filters() == Filters()
    assert View().filters().keyword is None


# --- fallbacks: each bad parameter -> its default and exactly one notice naming it ---


def only_notice(params: dict[str, object], name: str) -> tuple[View, str]:
    view, notices = parse(params)
    assert len(notices) == 1, notices
    assert f"'{name}'" in notices[0]
    assert "<" not in notices[0] and ">" not in notices[0]
    return view, notices[0]


def test_unknown_region() -> None:
    view, notice = only_notice({"region": "UA-99"}, "region")
    assert view == DEFAULT_VIEW
    assert '"UA-99"' in notice


def test_region_case_insensitive() -> None:
    assert parse({"region": "ua-14"}) == (View(region="UA-14"), [])
    assert parse({"region": " Ua-43 "}) == (View(region="UA-43"), [])


@pytest.mark.parametrize("bad", ["2024-13-01", "2024-02-30", "yesterday", "20240101", "2024-1-1"])
@pytest.mark.parametrize("name", ["from", "to"])
def test_bad_date(name: str, bad: str) -> None:
    view, notice = only_notice({name: bad, "region": "UA-14"}, name)
    assert view == View(region="UA-14")  # the other parameters still apply
    assert f'"{bad}"' in notice


def test_bad_date_keeps_the_other_end() -> None:
    view, notices = parse({"from": "nope", "to": "2024-05-01"})
    assert view == View(end=date(2024, 5, 1))
    assert len(notices) == 1 and "'from'" in notices[0]


def test_from_after_to_drops_both_with_one_notice() -> None:
    view, notices = parse({"from": "2024-06-01", "to": "2024-05-01", "lang": "en"})
    assert view == View(langs=("en",))
    assert len(notices) == 1
    assert "'from'" in notices[0] and "'to'" in notices[0]
    assert "2024-06-01" in notices[0] and "2024-05-01" in notices[0]


def test_bad_lang_codes_dropped_good_kept() -> None:
    view, notice = only_notice({"lang": "en,EN-gb,uk,1x,,Ru, "}, "lang")
    assert view == View(langs=("en", "ru", "uk"))
    assert "en-gb" in notice and "1x" in notice
    assert "uk" not in notice.split(":")[0].split("value")[1]  # good codes are not blamed


def test_all_lang_codes_bad() -> None:
    view, _ = only_notice({"lang": "english"}, "lang")
    assert view == DEFAULT_VIEW


def test_lang_sorted_unique() -> None:
    assert parse({"lang": "uk,en,uk"}) == (View(langs=("en", "uk")), [])


def test_keyword_too_long_truncated() -> None:
    long = "war " * 99 + "wars"  # 400 characters
    view, notice = only_notice({"q": long}, "q")
    assert len(view.keyword) <= MAX_KEYWORD
    assert long.startswith(view.keyword)
    assert view.keyword == view.keyword.strip()
    assert "400" in notice
    assert len(notice) < 200  # the value is shortened in the notice


def test_keyword_stripped_without_notice() -> None:
    assert parse({"q": "  Odesa "}) == (View(keyword="Odesa"), [])
    assert parse({"q": "   "}) == (DEFAULT_VIEW, [])


@pytest.mark.parametrize("bad", ["M", "month", "7"])
def test_bad_freq(bad: str) -> None:
    view, notice = only_notice({"freq": bad, "tiles": "1"}, "freq")
    assert view == View(tiles=True)
    assert f'"{bad}"' in notice


def test_freq_case_insensitive() -> None:
    assert parse({"freq": "d"}) == (View(freq="D"), [])
    assert parse({"freq": "W"}) == (DEFAULT_VIEW, [])


@pytest.mark.parametrize(("raw", "tiles"), [("1", True), ("true", True), ("TRUE", True),
                                            ("0", False), ("false", False)])  # fmt: skip
def test_tiles_values(raw: str, tiles: bool) -> None:
    assert parse({"tiles": raw}) == (View(tiles=tiles), [])


@pytest.mark.parametrize("bad", ["yes", "2", "on"])
def test_bad_tiles(bad: str) -> None:
    view, _ = only_notice({"tiles": bad}, "tiles")
    assert view == DEFAULT_VIEW


def test_repeated_param_takes_last() -> None:
    view, notices = parse({"region": ["UA-99", "UA-30"], "freq": ("W", "D")})
    assert view == View(region="UA-30", freq="D")
    assert notices == []
    assert parse({"region": []}) == (DEFAULT_VIEW, [])


def test_unknown_params_ignored_silently() -> None:
    assert parse({"embed": "true", "embed_options": "dark_theme", "x": "1"}) == (DEFAULT_VIEW, [])


def test_empty_values_ignored_silently() -> None:
    params = {"region": "", "from": "", "to": "", "lang": "", "q": "", "freq": "", "tiles": ""}
    assert parse(params) == (DEFAULT_VIEW, [])


def test_every_bad_param_gets_its_own_notice() -> None:
    params = {
        "region": "Crimea",
        "from": "x",
        "to": "y",
        "lang": "english",
        "q": "k" * 300,
        "freq": "Y",
        "tiles": "maybe",
    }
    view, notices = parse(params)
    assert view == View(keyword="k" * MAX_KEYWORD)
    assert len(notices) == 7
    for name, notice in zip(params, notices, strict=True):
        assert f"'{name}'" in notice


def test_notice_value_is_shortened_and_has_no_markup() -> None:
    bad = "<script>alert(1)</script>" + "x" * 100 + "\n\x00"
    _, notice = only_notice({"region": bad}, "region")
    assert "script" in notice  # the value is named...
    assert "x" * 50 not in notice  # ...but cut to about 40 characters
    assert "\n" not in notice and "\x00" not in notice


@pytest.mark.parametrize(("raw", "shown"), [("1", True), ("0", False), ("True", True)])
def test_issue5_timeline_flag(raw: str, shown: bool) -> None:
    assert parse({"timeline": raw}) == (View(timeline=shown), [])


def test_issue5_bad_timeline_flag_falls_back_with_a_notice() -> None:
    view, notices = parse({"timeline": "maybe", "region": "UA-14"})
    assert view == View(region="UA-14") and len(notices) == 1
    assert "'timeline'" in notices[0] and "timeline hidden" in notices[0]
