"""One capacity rule on every path that sets a session's places, and booking
times that do not move across the daylight-saving changes."""

from datetime import UTC, date, datetime, time, timedelta
from io import StringIO

import pytest
import recurrence
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from bookings import services
from bookings.calendar import booking_window
from bookings.models import Occurrence, Schedule
from tests import factories

from .domain import PARIS, book, confirmed_places, make_schedule, paris, refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "a@ex.org", "pw")
    client.force_login(user)
    return client


def weekly_with_four_confirmed(page=None):
    schedule = make_schedule(page=page, places=6)
    (session,) = services.materialise_schedule(schedule, horizon_days=7)
    for name in ("Awa", "Bernard"):
        book(session, name, adults=2)
    assert confirmed_places(session) == 4
    return schedule, session


class TestCapacity:
    def test_a_schedule_edit_cannot_go_below_confirmed_places(self):
        schedule, session = weekly_with_four_confirmed()
        schedule.places = 2
        schedule.save()
        with refused("places_below_taken") as error:
            services.materialise_schedule(schedule, horizon_days=7)
        assert "4 places réservées" in str(error.value.message)
        session.refresh_from_db()
        assert session.places == 6

    def test_set_places_says_the_same(self):
        _, session = weekly_with_four_confirmed()
        with refused("places_below_taken"):
            services.set_places(session, 3)

    def test_the_daily_command_leaves_a_refused_schedule_and_does_the_others(self):
        schedule, session = weekly_with_four_confirmed()
        Schedule.objects.filter(pk=schedule.pk).update(places=2)  # from the shell
        other = make_schedule(places=9)
        call_command("materialise_sessions", "--horizon", "7", stdout=StringIO())
        session.refresh_from_db()
        assert session.places == 6
        assert Occurrence.objects.filter(schedule=other).count() == 1

    def test_the_editor_refuses_fewer_places_than_confirmed(self, admin_client):
        page = factories.activity_page()
        schedule, session = weekly_with_four_confirmed(page)
        data = nested_form_data(
            {
                "title": page.title,
                "slug": page.slug,
                "summary": page.summary,
                "category": page.category,
                "audience": page.audience,
                "body": streamfield([]),
                "what_to_bring": "",
                "schedules": inline_formset(
                    [
                        {
                            "id": schedule.pk,
                            "label": "",
                            "recurrences": "RRULE:FREQ=WEEKLY;BYDAY=TU",
                            "starts_on": schedule.starts_on.isoformat(),
                            "start_time": "14:00",
                            "duration_minutes": "120",
                            "places": "2",
                            "max_places_per_booking": "4",
                            "places_held_back": "0",
                            "bookable_online": "on",
                            "booking_closes_days_before": "0",
                        }
                    ],
                    initial=1,
                ),
            }
        )
        data["action-publish"] = "publish"
        response = admin_client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]), data
        )
        assert response.status_code == 200, response.get("Location")
        html = response.content.decode()
        assert "Il y a déjà 4 places réservées" in html
        assert "impossible de descendre en dessous" in html
        schedule.refresh_from_db()
        session.refresh_from_db()
        assert (schedule.places, session.places) == (6, 6)

    def test_an_outing_refuses_fewer_places_than_confirmed(self):
        outing = factories.outing_page(places=30, places_held_back=0)
        outing.sync_schedule()
        session = Occurrence.objects.get(page=outing)
        book(session, "Awa", adults=3)
        outing.places = 2
        with pytest.raises(Exception) as error:
            outing.full_clean()
        assert "Il y a déjà 3 places réservées" in str(error.value)
        with refused("places_below_taken"):
            outing.sync_schedule()
        session.refresh_from_db()
        assert session.places == 30


def opening_times(schedule):
    return [
        (timezone.localtime(s.starts_at), timezone.localtime(s.booking_opens_at))
        for s in Occurrence.objects.filter(schedule=schedule).order_by("starts_at")
    ]


class TestDaylightSaving:
    @pytest.mark.parametrize(
        "today",
        [date(2026, 3, 20), date(2026, 10, 16)],
        ids=["march", "october"],
    )
    def test_materialising_twice_changes_nothing_across_a_change(self, today):
        # Wednesdays 14:00, booking opens 7 days before at 14:00 Paris time:
        # across 29 March and 25 October 2026 the offset changes in between.
        schedule = make_schedule(
            recurrences=recurrence.Recurrence(
                rrules=[recurrence.Rule(recurrence.WEEKLY, byday=[recurrence.WE])]
            ),
            starts_on=today,
            booking_opens_days_before=7,
        )
        now = datetime.combine(today, time(9), tzinfo=PARIS)
        options = {"today": today, "horizon_days": 21, "now": now}
        services.materialise_schedule(schedule, **options)
        first = opening_times(schedule)
        assert len(first) == 3
        assert {(opens.hour, opens.minute) for _, opens in first} == {(14, 0)}
        assert all(start - opens == timedelta(days=7) for start, opens in first)
        for _ in range(2):
            services.materialise_schedule(schedule, **options)
            assert opening_times(schedule) == first
        ends = [
            timezone.localtime(s.ends_at).time()
            for s in Occurrence.objects.filter(schedule=schedule)
        ]
        assert set(ends) == {time(16, 0)}

    def test_the_opening_is_the_same_instant_from_paris_or_utc(self):
        schedule = make_schedule(booking_opens_days_before=7)
        starts = paris(date(2026, 4, 1), 14)
        in_paris = booking_window(schedule, starts)
        in_utc = booking_window(schedule, starts.astimezone(UTC))
        assert in_paris == in_utc
        assert timezone.localtime(in_paris[0]) == paris(date(2026, 3, 25), 14)
