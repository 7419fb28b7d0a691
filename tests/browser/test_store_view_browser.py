"""The view in the URL on the store-backed dashboard (issue 5), in headless Chromium.

One dashboard for the module, on a fresh store holding the bundled sample article (the
other browser tests upload files into the session-wide app, so this module keeps its own).
Every request that is not addressed to this machine is aborted, and each test asserts
that none happened.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import harness
import pytest
from playwright.sync_api import expect

from mentionmap.geocode import load_regions

pytestmark = pytest.mark.browser
LOAD_TIMEOUT_MS = 60_000
SUMMARY = re.compile(r"\d[\d,]* articles? · \d[\d,]* mentions? · \d+ of 27 regions")
# Crimea's English name in the bundled boundaries is "Autonomous Republic of Crimea"
CRIMEA_EXCERPTS = re.compile(r"\d+ (newest )?excerpts? for (Autonomous Republic of )?Crimea")
CRIMEA_SENTENCE = "staged votes in 2014 in Crimea"  # in the bundled sample article


@pytest.fixture(scope="module")
def store_app_url():
    """The dashboard on a fresh temporary store (the sample article is loaded at start)."""
    with harness.running_app() as url:
        yield url


@pytest.fixture
def view_page(browser, store_app_url, external_requests):
    """A new browser context and tab; call it with a query string to open the dashboard."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    harness.block_external(context, external_requests)
    tab = context.new_page()

    def open_view(query: str = ""):
        tab.goto(f"{store_app_url}/{query}")
        return tab

    yield open_view
    context.close()
    assert external_requests == [], f"requests left localhost: {external_requests}"


def _wait_for_page(page) -> None:
    """Until the map has its 27 region shapes and the summary line is shown."""
    regions = harness.map_frame(page).locator(harness.REGION_PATHS)
    expect(regions).to_have_count(27, timeout=LOAD_TIMEOUT_MS)
    expect(page.get_by_text(SUMMARY)).to_be_visible(timeout=LOAD_TIMEOUT_MS)


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def test_issue5_link_with_region_opens_crimea_excerpts(view_page):
    page = view_page("?region=UA-43")
    _wait_for_page(page)
    expect(page.get_by_text(CRIMEA_EXCERPTS)).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    expect(page.locator(".mm-ex").filter(has_text=CRIMEA_SENTENCE).first).to_be_visible()
    assert page.locator(".mm-ex mark").count() > 0
    expect(page.get_by_role("combobox", name="Region")).to_have_value(
        re.compile(r"Crimea \(UA-43\)")
    )
    assert _query(page).get("region") == ["UA-43"], page.url


def test_issue5_click_on_donetsk_puts_the_region_in_the_url(view_page):
    page = view_page()
    _wait_for_page(page)
    assert "region" not in _query(page), page.url
    donetsk = load_regions().set_index("iso").geometry["UA-14"].representative_point()
    x, y = harness.screen_point(page, donetsk.y, donetsk.x)
    page.mouse.click(x, y)
    expect(page.get_by_text(re.compile(r"\d+ excerpts? for Donetsk Oblast"))).to_be_visible(
        timeout=LOAD_TIMEOUT_MS
    )
    expect(page).to_have_url(re.compile(r"[?&]region=UA-14(&|$)"), timeout=LOAD_TIMEOUT_MS)


def test_issue5_bad_date_in_link_shows_a_notice_and_the_page_works(view_page):
    page = view_page("?from=2024-13-40")
    _wait_for_page(page)
    notice = page.get_by_text(re.compile(r"Ignored the link's 'from' value \"2024-13-40\""))
    expect(notice).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    expect(page.locator("table.mm-table")).to_contain_text("UA-43")
    expect(page.locator(".mm-ex").first).to_be_visible()
    assert page.get_by_text("Traceback").count() == 0
    # the fallback (all dates) is what the URL now says, and the page still answers
    expect(page).not_to_have_url(re.compile(r"from="), timeout=LOAD_TIMEOUT_MS)
    box = page.get_by_role("combobox", name="Region")
    box.click()
    box.fill("UA-43")
    page.get_by_role("option", name=re.compile(r"\(UA-43\)")).click()
    expect(page.get_by_text(CRIMEA_EXCERPTS)).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    expect(page).to_have_url(re.compile(r"[?&]region=UA-43(&|$)"), timeout=LOAD_TIMEOUT_MS)
