"""The site's Content-Security-Policy lets the public pages and the Wagtail admin
work, and blocks what it is there to block.

The ``csp_violations`` fixture (tests/browser/conftest.py) fails any browser
test whose pages break the policy; these tests visit the pages that the other
browser tests do not.
"""

import pytest
from django.urls import reverse

from bookings import services
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "coordination-2026"


def visit(page, url):
    response = page.goto(url, wait_until="networkidle")
    assert response.status < 400, f"{url}: {response.status}"
    return response


def test_public_pages_are_served_with_the_policy_and_break_none_of_it(
    live_server, page, csp_violations
):
    tree = factories.site_tree()
    session = factories.session(tree["activities"][0], days_ahead=4)
    paths = [
        "/",
        tree["locals"][0].url,
        tree["index"].url,
        tree["activities"][0].url,
        tree["outing"].url,
        tree["sport_event"].url,
        reverse("bookings:book", args=[session.pk]),
        "/recherche/?q=atelier",
    ]
    for path in paths:
        response = visit(page, live_server.url + path)
        policy = response.header_value("content-security-policy")
        assert "script-src 'self'" in policy, path
        assert "object-src 'none'" in policy, path
        assert "'unsafe-inline'" not in policy, path
        assert page.evaluate("getComputedStyle(document.body).fontSize") == "18px"
    assert csp_violations == []


def test_an_injected_inline_script_is_blocked_and_reported(
    live_server, page, csp_violations
):
    # The collector must see a violation, or the other tests prove nothing.
    factories.home_page()
    visit(page, live_server.url + "/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.append(script);
        }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.injected") is None
    assert any("script-src" in violation for violation in csp_violations)
    csp_violations.clear()


def test_the_wagtail_admin_works_under_the_policy(live_server, page, django_user_model):
    tree = factories.site_tree()
    activity = tree["activities"][0]
    session = factories.session(activity, days_ahead=5)
    services.book(session, name="Awa Diallo", email="awa@example.org", adults=1)
    django_user_model.objects.create_superuser(
        "coordinatrice", "coordination@example.org", PASSWORD
    )
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "coordinatrice")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    admin_paths = [
        "/admin/",
        f"/admin/pages/{tree['index'].pk}/",
        f"/admin/pages/{activity.pk}/edit/",
        f"/admin/pages/{tree['outing'].pk}/edit/",
        f"/admin/pages/{tree['locals'][0].pk}/edit/",
        "/admin/images/",
        "/admin/snippets/",
        reverse("bookings_sessions:index"),
        reverse("bookings_sessions:detail", args=[session.pk]),
        reverse("bookings_sessions:sheet", args=[session.pk]),
        reverse("bookings_calls:index"),
        reverse("bookings_find:index"),
        # Public pages seen by a logged-in editor carry Wagtail's user bar.
        "/",
        activity.url,
    ]
    for path in admin_paths:
        visit(page, live_server.url + path)

    # The page editor's scripts run: a schedule added with the InlinePanel's
    # button gets its recurrence widget, and the side panel opens.
    visit(page, f"{live_server.url}/admin/pages/{activity.pk}/edit/")
    page.get_by_role("button", name="Ajouter un(e) série de séances").click()
    widget = page.locator("#inline_child_schedules-0 div.recurrence-widget")
    widget.get_by_text("Ajouter une règle").click()
    assert widget.locator(".weekly").count() == 1
