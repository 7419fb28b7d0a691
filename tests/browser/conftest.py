"""Fixtures for the browser tests: one running dashboard per session, a fresh page per test.

Every request that is not addressed to this machine is aborted and recorded; each
test ends by asserting that none happened.
"""

from __future__ import annotations

import harness
import pytest


@pytest.fixture(scope="session")
def app_url():
    with harness.running_app() as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = harness.launch_browser(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def external_requests() -> list[str]:
    """URLs the page tried to fetch from outside localhost (aborted)."""
    return []


@pytest.fixture
def page(browser, app_url, external_requests):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    harness.block_external(context, external_requests)
    tab = context.new_page()
    tab.goto(app_url)
    yield tab
    context.close()
    assert external_requests == [], f"requests left localhost: {external_requests}"
