"""The running dashboard in headless Chromium (issue 3): map, click, hostile upload, offline."""

from __future__ import annotations

import re

import harness
import pytest
from playwright.sync_api import expect

from mentionmap.geocode import load_regions

pytestmark = pytest.mark.browser
LOAD_TIMEOUT_MS = 60_000
HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">.txt'
HOSTILE_TEXT = (
    "<script>window.__pwned=1</script>\n"
    '<img src=x onerror="window.__pwned=1"> Shelling hit Kharkiv overnight.\n'
    "Residents of Kharkiv spent the night in shelters.\n"
)


def _wait_for_map(page) -> None:
    regions = harness.map_frame(page).locator(harness.REGION_PATHS)
    expect(regions).to_have_count(27, timeout=LOAD_TIMEOUT_MS)


def _pwned(page) -> list:
    frame = page.locator(harness.MAP_IFRAME).element_handle().content_frame()
    return [page.evaluate("window.__pwned"), frame.evaluate("window.__pwned")]


def test_map_shows_27_region_shapes_over_an_offline_background(page):
    _wait_for_map(page)
    frame = harness.map_frame(page)
    assert frame.locator("path.mm-neighbour").count() > 5
    assert frame.locator("img.leaflet-tile").count() == 0
    expect(frame.locator(".mm-legend")).to_contain_text("Mentions")
    box = page.locator(harness.MAP_IFRAME).bounding_box()
    assert box["width"] > 500 and box["height"] >= 450


def test_click_on_donetsk_lists_donetsk_excerpts(page):
    _wait_for_map(page)
    donetsk = load_regions().set_index("iso").geometry["UA-14"].representative_point()
    x, y = harness.screen_point(page, donetsk.y, donetsk.x)
    expect(page.get_by_text("staged votes in 2014 in Crimea")).to_be_visible()
    frame = page.locator(harness.MAP_IFRAME).element_handle().content_frame()
    frame.evaluate("() => { window.__mmSameMap = 1; }")
    page.mouse.click(x, y)
    expect(page.get_by_text(re.compile(r"\d+ excerpts? for Donetsk Oblast"))).to_be_visible()
    expect(page.get_by_text("staged votes in 2014 in Crimea")).to_have_count(0)
    marks = page.locator(".mm-ex mark").all_inner_texts()
    assert marks and all(m in {"Donetsk", "Donbas"} for m in marks), marks
    # the selected region is outlined on the map (issue 5), and the URL names it
    expect(harness.map_frame(page).locator("path.mm-selected")).to_have_count(1)
    assert "region=UA-14" in page.url
    # the map was updated in place, not rebuilt (its zoom and pan survive a click)
    assert not frame.is_detached() and frame.evaluate("() => window.__mmSameMap") == 1
    page.screenshot(path=str(harness.REPO / "screenshots" / "dashboard-donetsk.png"))


def test_hostile_upload_runs_no_script_and_shows_the_characters(page):
    _wait_for_map(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": HOSTILE_NAME, "mimeType": "text/plain", "buffer": HOSTILE_TEXT.encode()}]
    )
    table = page.locator("table.mm-table")
    expect(table).to_contain_text("UA-63", timeout=LOAD_TIMEOUT_MS)
    img_text = page.get_by_text('<img src=x onerror="window.__pwned=1"> Shelling')
    expect(img_text.first).to_be_visible()
    expect(page.get_by_text("<script>window.__pwned=1</script>").first).to_be_visible()
    _wait_for_map(page)  # the map was rebuilt for the new corpus
    assert _pwned(page) == [None, None]
    assert page.locator(".mm-ex img, .mm-ex script").count() == 0


def test_requests_outside_localhost_are_caught(page, external_requests):
    _wait_for_map(page)
    assert external_requests == [], external_requests
    # The guard itself must work: a probe request is aborted and recorded.
    outcome = page.evaluate("() => fetch('http://example.invalid/probe').then(() => 1, () => 0)")
    assert outcome == 0
    assert any("example.invalid" in url for url in external_requests)
    external_requests.clear()


def test_uploaded_cities_appear_as_clustered_markers(page):
    _wait_for_map(page)
    cities = harness.REPO / "tests" / "data" / "ui" / "cities.txt"
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(cities))
    expect(page.locator("table.mm-table")).to_contain_text("UA-46", timeout=LOAD_TIMEOUT_MS)
    frame = harness.map_frame(page)
    expect(frame.locator(harness.REGION_PATHS)).to_have_count(27, timeout=LOAD_TIMEOUT_MS)
    expect(frame.locator(".marker-cluster").first).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    assert page.locator(harness.MAP_IFRAME).bounding_box()["height"] >= 450
    page.screenshot(path=str(harness.REPO / "screenshots" / "dashboard-cities.png"))
