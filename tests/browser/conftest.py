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


# Chromium logs every Content-Security-Policy violation on the console; the
# event listener also catches those of scripts that log nothing. Init scripts
# are injected by the browser, so the policy does not block this one.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked `
    + `${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`);
});
"""


def _is_csp_violation(message):
    text = message.text
    return text.startswith("CSP violation") or "Content Security Policy" in text


@pytest.fixture(autouse=True)
def csp_violations(browser, monkeypatch):
    """Every browser test fails if a page it visits breaks the site's CSP.

    Each context the test opens (``page`` or ``browser.new_context()``) records
    the violations; a test that provokes one on purpose clears the list.
    """
    found = []
    new_context = browser.new_context

    def instrumented_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        context.add_init_script(CSP_LISTENER)

        def record(message):
            if _is_csp_violation(message):
                where = message.page.url if message.page else "?"
                found.append(f"{where}: {message.text}")

        context.on("console", record)
        return context

    monkeypatch.setattr(browser, "new_context", instrumented_context)
    yield found
    assert not found, "Content-Security-Policy violations:\n" + "\n".join(found)


@pytest.fixture
def page(browser, csp_violations):
    """A fresh tab, 1280 px wide, French; call ``set_viewport_size`` to change."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, locale="fr-FR"
    )
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()
