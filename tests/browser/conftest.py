"""A real Chromium (Debian's) driven by Playwright, against pytest-django's live server.

The live server serves /static/ through Django's StaticFilesHandler, so pages
are checked with their stylesheet loaded (colour contrast, 360 px layout).
"""

import os

import pytest
from playwright.sync_api import sync_playwright

# Playwright's sync API keeps an event loop running in the main thread; Django
# would then refuse ORM calls from test code (SynchronousOnlyOperation). The
# test code is still synchronous, so the check does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


@pytest.fixture(scope="session")
def browser():
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def page(browser):
    """A fresh tab, 1280 px wide, French; call ``set_viewport_size`` to change."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, locale="fr-FR"
    )
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()
