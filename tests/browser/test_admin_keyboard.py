"""The series editor by keyboard alone, in natural French, and axe-clean; the
staff pages of the « Réservations » menu pass axe too (WCAG 2.1 A and AA)."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect

from bookings import services
from bookings.calendar import is_public_holiday
from bookings.models import Booking
from tests import factories

from .admin_login import log_in_superuser
from .axe import assert_no_axe_violations

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def quiet_admin(settings):
    settings.WAGTAIL_ENABLE_UPDATE_CHECK = False
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = None
    # Autosave would post drafts while the test types: nothing here is about it.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0


@pytest.fixture
def coordinator_tab(page, live_server, django_user_model):
    return log_in_superuser(page, live_server, django_user_model)


def tab_to(tab, description, matches, limit=80):
    """Press Tab until the focused element ``matches`` (a JS function body on
    ``el``); fail if it is never reached by keyboard."""
    for _ in range(limit):
        tab.keyboard.press("Tab")
        if tab.evaluate(f"(el => {{ {matches} }})(document.activeElement)"):
            return
    pytest.fail(f"{description} cannot be reached with the Tab key")


def focused_text(tab):
    return tab.evaluate("document.activeElement.textContent.trim()")


def test_a_weekly_series_is_built_by_keyboard_alone(coordinator_tab, live_server):
    tab = coordinator_tab
    index = factories.activity_index(factories.local_page(factories.home_page()))
    tab.goto(f"{live_server.url}/admin/pages/add/activities/activitypage/{index.pk}/")
    textarea = "#id_schedules-0-recurrences"

    tab_to(
        tab,
        "The « add a series » button",
        "return el.textContent.includes('série de séances')",
    )
    tab.keyboard.press("Enter")
    tab.locator("#inline_child_schedules-0 div.recurrence-widget").wait_for()
    tab_to(tab, "« Ajouter une règle »", "return el.closest('.add-rule') !== null")
    tab.keyboard.press("Enter")
    assert tab.input_value(textarea) == "RRULE:FREQ=WEEKLY"

    widget = tab.locator("#inline_child_schedules-0 div.recurrence-widget")
    assert "Fréquence\u00a0:" in widget.inner_text()
    tab_to(tab, "The interval field", "return el.name === 'interval'")
    tab.keyboard.press("Control+A")
    tab.keyboard.type("2")
    tab.keyboard.press("Tab")  # leaving the field applies it
    tab_to(tab, "Tuesday", "return el.tagName === 'TD' && el.textContent === 'Mar'")
    assert tab.evaluate("document.activeElement.getAttribute('role')") == "checkbox"
    tab.keyboard.press("Space")
    expect(tab.locator("td:focus")).to_have_attribute("aria-checked", "true")
    assert tab.input_value(textarea) == "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
    text = widget.inner_text()
    assert "Toutes les 2 semaines" in text
    assert "tou(te)s" not in text.lower()

    # Thursday too, with Enter this time.
    tab_to(tab, "Thursday", "return el.tagName === 'TD' && el.textContent === 'Jeu'")
    tab.keyboard.press("Enter")
    assert tab.input_value(textarea) == "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH"

    # An extra date starts empty: nothing is added until a date is typed.
    tab_to(tab, "« Ajouter une date »", "return el.closest('.add-date') !== null")
    tab.keyboard.press("Enter")
    date_field = widget.locator("form.date input.date-field")
    assert date_field.input_value() == ""
    assert "RDATE" not in tab.input_value(textarea)
    extra = timezone.localdate() + timedelta(days=10)
    date_field.focus()
    tab.keyboard.type(extra.isoformat())
    tab.keyboard.press("Tab")
    # The widget writes the date as the browser's midnight, in UTC.
    assert "\nRDATE:" in tab.input_value(textarea)
    assert date_field.input_value() == extra.isoformat()

    # Under the series, its next dates as residents will see them.
    next_dates = tab.locator("#inline_child_schedules-0 [data-vdq-next-dates]")
    expect(next_dates).to_contain_text("Les prochaines dates s'afficheront")
    starts_on = tab.locator("#id_schedules-0-starts_on")
    starts_on.focus()
    tab.keyboard.type(f"{timezone.localdate():%d/%m/%Y}")
    tab.keyboard.press("Tab")
    expect(next_dates).to_contain_text("prochaines dates que verront les habitants")
    if not is_public_holiday(extra):
        expect(next_dates).to_contain_text(date_format(extra, "l j F Y"))

    # Wagtail's own date picker, left open, is not this project's (its arrows
    # have no name): close it, then check the editor with its series.
    tab.locator("#id_title").click()
    expect(tab.locator(".xdsoft_datetimepicker:visible")).to_have_count(0)
    assert_no_axe_violations(tab)


def test_the_staff_pages_pass_axe(coordinator_tab, live_server):
    tab = coordinator_tab
    tree = factories.site_tree(activities=2)
    session = factories.session(tree["activities"][0], days_ahead=0, places=2)
    session.starts_at = timezone.now() + timedelta(hours=2)
    session.booking_closes_at = session.starts_at
    session.save()
    for name in ("Awa Diallo", "Jean Petit"):
        services.book(
            session,
            name=name,
            phone="0612345678" if name == "Jean Petit" else "",
            email="" if name == "Jean Petit" else "awa@example.org",
            channel=Booking.Channel.STAFF,
        )
    waiting = services.book(
        session,
        name="Lina Morel",
        phone="0698765432",
        channel=Booking.Channel.STAFF,
    )
    assert waiting.is_waiting
    other = factories.session(tree["activities"][1], days_ahead=1)
    services.book(
        other, name="Paul Henry", phone="0611223344", channel=Booking.Channel.STAFF
    )
    services.cancel_session(other, reason="Animatrice malade")

    for path in [
        "/admin/",
        "/admin/seances/",
        f"/admin/seances/{session.pk}/",
        "/admin/reservations/",
        f"/admin/reservations/?occurrence={session.pk}",
        "/admin/a-appeler/",
        f"/admin/retrouver/?q={waiting.code}",
        "/admin/account/",
    ]:
        tab.goto(live_server.url + path)
        assert_no_axe_violations(tab)
