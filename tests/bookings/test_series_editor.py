"""Under each series in the page editor, the next dates it will produce, with
holidays and exclusions applied, before anything is published."""

from datetime import date, datetime, time, timedelta
from html import unescape

import pytest
import recurrence
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.models import Workflow

from bookings.calendar import is_public_holiday
from tests import factories

from .admin_fixtures import *  # noqa: F403
from .domain import make_schedule, weekly

pytestmark = pytest.mark.django_db

NEXT_DATES = reverse("bookings_next_dates")


def french(day):
    return date_format(day, "l j F Y")


def next_weekdays(weekday, count, skip=()):
    day = timezone.localdate()
    found = []
    while len(found) < count:
        if day.weekday() == weekday and day not in skip:
            found.append(day)
        day += timedelta(days=1)
    return found


@pytest.fixture
def activity():
    index = factories.activity_index(factories.local_page(factories.home_page()))
    return factories.activity_page(index, title="Atelier couture")


def test_the_editor_shows_the_next_dates_of_each_series(client, coordinator, activity):
    # Every Monday but the second one; Easter and Whit Mondays are holidays.
    mondays = next_weekdays(0, 12)
    excluded = mondays[1]
    make_schedule(
        page=activity,
        recurrences=weekly(
            recurrence.MO, exdates=[datetime.combine(excluded, time.min)]
        ),
        skip_public_holidays=True,
    )
    client.force_login(coordinator)
    coordinator.is_superuser = True
    coordinator.save()

    response = client.get(reverse("wagtailadmin_pages:edit", args=[activity.pk]))

    html = unescape(response.content.decode())
    assert "Prochaines dates" in html
    shown = [day for day in mondays if day != excluded and not is_public_holiday(day)][
        :6
    ]
    panel = html.split("data-vdq-next-dates")[1].split("</ul>")[0]
    for day in shown:
        assert french(day) in panel
    assert french(excluded) not in panel
    assert panel.count("<li>") == 6


def series_query(prefix="schedules-0", **fields):
    values = {
        "recurrences": "RRULE:FREQ=WEEKLY;BYDAY=TU",
        "starts_on": f"{timezone.localdate():%d/%m/%Y}",
        "ends_on": "",
    }
    values.update(fields)
    query = {"prefix": prefix}
    query.update({f"{prefix}-{name}": value for name, value in values.items()})
    return query


def test_the_next_dates_follow_the_series_being_edited(editor_client):
    """A volunteer who edits pages sees them too: no personal data here."""
    response = editor_client.get(NEXT_DATES, series_query())

    assert response.status_code == 200
    html = unescape(response.content.decode())
    tuesdays = [day for day in next_weekdays(1, 8) if not is_public_holiday(day)]
    for day in tuesdays[:6]:
        assert french(day) in html
    assert html.count("<li>") == 6


def test_an_end_date_and_school_holidays_are_applied(editor_client):
    today = timezone.localdate()
    last = today + timedelta(days=15)
    response = editor_client.get(
        NEXT_DATES,
        series_query(
            recurrences="RRULE:FREQ=DAILY", ends_on=f"{last:%d/%m/%Y}", starts_on=""
        ),
    )
    assert response.status_code == 400  # no first day: nothing to show yet

    response = editor_client.get(
        NEXT_DATES,
        series_query(recurrences="RRULE:FREQ=DAILY", ends_on=f"{last:%d/%m/%Y}"),
    )
    html = unescape(response.content.decode())
    assert french(today) in html
    assert french(last + timedelta(days=1)) not in html


@pytest.mark.parametrize(
    "query",
    [
        series_query(recurrences="RRULE:FREQ=SOMETIMES"),
        series_query(starts_on="31/02/2026"),
        {"prefix": "<script>"},
    ],
)
def test_a_series_the_server_cannot_read_gets_a_french_message(editor_client, query):
    response = editor_client.get(NEXT_DATES, query)

    assert response.status_code == 400
    assert "Les prochaines dates s'afficheront" in unescape(response.content.decode())


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(NEXT_DATES, series_query())
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_moderation_workflow_has_a_french_name():
    names = [workflow.name for workflow in Workflow.objects.all()]
    tasks = [
        task.name for workflow in Workflow.objects.all() for task in workflow.tasks
    ]
    assert "Moderators approval" not in names + tasks
    assert "Validation par les modérateurs" in names


def test_a_date_in_the_past_is_not_a_next_date(editor_client):
    yesterday = date.today() - timedelta(days=2)
    response = editor_client.get(
        NEXT_DATES,
        series_query(recurrences=f"RDATE:{yesterday:%Y%m%d}T000000Z"),
    )
    assert response.status_code == 200
    assert "Aucune date à venir" in unescape(response.content.decode())
