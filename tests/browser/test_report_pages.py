"""The yearly report and the personal-data page in a real Chromium: no axe
violation, charts drawn without JavaScript, an A4 print without the admin's
menus."""

import os

import pytest

from tests.bookings import report_data

from .admin_login import log_in_superuser
from .axe import assert_no_axe_violations
from .reflow import overlapping_text, set_text_size

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def quiet_admin(settings):
    settings.WAGTAIL_ENABLE_UPDATE_CHECK = False
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = None


@pytest.fixture
def coordinator_tab(page, live_server, django_user_model):
    report_data.build()
    return log_in_superuser(page, live_server, django_user_model)


def test_the_report_is_accessible_and_prints_on_a4(coordinator_tab, live_server):
    tab = coordinator_tab
    tab.goto(f"{live_server.url}/admin/bilan/?year=2025")
    assert tab.locator("#report-title").inner_text() == "Bilan 2025 – tous les locaux"
    assert tab.locator("svg[role=img]").count() == 2
    assert_no_axe_violations(tab)

    tab.emulate_media(media="print")
    assert not tab.locator("#wagtail-sidebar").is_visible()
    assert not tab.locator("form.vdq-report-form").is_visible()
    assert tab.locator("#table-0").is_visible()
    assert tab.locator("svg[role=img]").first.is_visible()
    pdf = tab.pdf(format="A4", print_background=False)
    assert pdf.startswith(b"%PDF")


def test_the_report_works_without_javascript(browser, coordinator_tab, live_server):
    cookies = coordinator_tab.context.cookies()
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    context.add_cookies(cookies)
    tab = context.new_page()
    tab.goto(f"{live_server.url}/admin/bilan/")
    tab.fill("#id_year", "2025")
    tab.locator("form.vdq-report-form button[type=submit]").click()
    tab.wait_for_url("**/admin/bilan/?*year=2025*")
    assert "Bilan 2025" in tab.locator("#report-title").inner_text()
    context.close()


def test_a_bad_period_is_said_next_to_the_field(coordinator_tab, live_server):
    tab = coordinator_tab
    tab.goto(f"{live_server.url}/admin/bilan/?start=2025-07-01&end=2025-03-01")
    assert "La fin de la période est avant son début." in tab.content()
    assert_no_axe_violations(tab)


def test_the_personal_data_page_is_accessible(coordinator_tab, live_server):
    tab = coordinator_tab
    tab.goto(f"{live_server.url}/admin/donnees-personnelles/")
    tab.fill("#id_phone", "06 11 11 11 11")
    tab.get_by_role("button", name="Chercher", exact=True).click()
    tab.wait_for_load_state()
    assert "réservations gardées" in tab.content()
    assert tab.url == f"{live_server.url}/admin/donnees-personnelles/"
    assert_no_axe_violations(tab)
    tab.get_by_role("button", name="Effacer ces données…").click()
    tab.wait_for_load_state()
    assert "Effacer définitivement ?" in tab.content()
    assert_no_axe_violations(tab)


# What sticks out of the screen in the report's own content: its form, its
# figures, charts and tables (Wagtail's header is Wagtail's).
REPORT_OVERFLOW = """() => {
    const wide = [...document.querySelectorAll(
        ".vdq-report-form, .vdq-report-form *, .vdq-report, .vdq-report *")]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 5)
        .map((e) => `${e.tagName}.${e.className.baseVal ?? e.className} ${Math.round(
            e.getBoundingClientRect().right)}`);
    const scrolled = [...document.querySelectorAll(".vdq-report *")]
        .filter((e) => e.clientWidth > 1 && e.scrollWidth > e.clientWidth + 1
            && getComputedStyle(e).overflowX !== "visible")
        .map((e) => `${e.tagName}.${e.className} ${e.scrollWidth}`);
    return {page: document.documentElement.scrollWidth, wide, scrolled};
}"""


@pytest.mark.parametrize(("width", "text_size"), [(320, 100), (320, 200), (1280, 200)])
def test_the_report_reflows_at_320_px_and_200_percent_text(
    coordinator_tab, live_server, width, text_size
):
    tab = coordinator_tab
    tab.set_viewport_size({"width": width, "height": 800})
    set_text_size(tab, text_size)
    tab.goto(f"{live_server.url}/admin/bilan/?year=2025")
    assert "Bilan 2025" in tab.locator("#report-title").inner_text()
    assert tab.locator(".vdq-breakdown").count() >= 5
    found = tab.evaluate(REPORT_OVERFLOW)
    # Nothing in the report sticks out of the screen, and no table needs a
    # sideways scroll in its box: a breakdown's rows become lists when narrow.
    assert found == {"page": width, "wide": [], "scrolled": []}, found
    assert not overlapping_text(tab, ".vdq-report-form, .vdq-report")


def test_the_programmes_to_print_are_accessible(coordinator_tab, live_server):
    tab = coordinator_tab
    tab.goto(f"{live_server.url}/admin/programmes/")
    assert tab.get_by_role("link", name="PDF").count() >= 4
    assert_no_axe_violations(tab)
