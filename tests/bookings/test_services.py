from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from bookings import services
from bookings.models import Booking, Occurrence, PendingCall

from .domain import book, confirmed_places, make_schedule, make_session, refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run e-mails queued after commit, as in production."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


class TestBook:
    def test_confirms_while_places_last_then_waits(self):
        session = make_session(places=3)
        first = book(session, "Awa", adults=2)
        second = book(session, "Bernard", adults=1)
        third = book(session, "Chloé", adults=1)
        assert [first.status, second.status, third.status] == [
            Booking.Status.CONFIRMED,
            Booking.Status.CONFIRMED,
            Booking.Status.WAITING,
        ]
        assert third.waiting_rank() == 1
        assert confirmed_places(session) == 3

    def test_sends_one_email_with_calendar_and_manage_link(self, on_commit):
        session = make_session()
        booking = on_commit(book, session, "Awa", email="awa@example.org")
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["awa@example.org"]
        assert booking.code in message.body
        assert f"/reservation/{booking.token}/" in message.body
        (name, content, mimetype) = message.attachments[0]
        assert mimetype == "text/calendar"
        assert "BEGIN:VEVENT" in str(content)

    def test_phone_only_booking_sends_nothing(self, on_commit):
        session = make_session()
        booking = on_commit(book, session, "Awa", phone="06 12 34 56 78")
        assert str(booking.phone) == "+33612345678"
        assert mail.outbox == []

    def test_code_is_short_and_readable(self):
        booking = book(make_session())
        assert len(booking.code) == 6
        assert not set(booking.code) & set("O0I1LS5Z2B8UV")
        assert booking.token != str(booking.pk) and len(booking.token) >= 32

    @pytest.mark.parametrize(
        ("kwargs", "code"),
        [
            ({"adults": 0, "children": 0}, "no_places_requested"),
            ({"adults": 5}, "too_many_places"),
            ({"email": "", "phone": ""}, "no_contact"),
        ],
    )
    def test_refuses_bad_party_or_contact(self, kwargs, code):
        session = make_session()
        params = {"name": "Awa", "email": "awa@example.org", **kwargs}
        with refused(code):
            services.book(session, **params)
        assert not Booking.objects.exists()

    def test_refuses_same_contact_twice(self):
        session = make_session()
        book(session, "Awa", phone="06 12 34 56 78")
        with refused("duplicate") as error:
            book(session, "Awa B.", phone="+33 6 12 34 56 78")
        assert error.value.field == "phone"
        book(session, "Bernard", email="bernard@example.org")
        with refused("duplicate") as error:
            book(session, "Bernard", phone="0699999999", email="Bernard@example.org")
        assert error.value.field == "email"
        assert Booking.objects.count() == 2

    def test_same_contact_may_book_again_after_cancelling(self):
        session = make_session()
        services.cancel(book(session, "Awa", email="awa@example.org"))
        assert book(session, "Awa", email="AWA@example.org").is_confirmed

    def test_outing_needs_an_adult(self):
        session = make_session(adult_required=True)
        with refused("outing_needs_adult"):
            book(session, adults=0, children=2)

    def test_refuses_closed_cancelled_past_and_drop_in_sessions(self):
        closed = make_session(days_ahead=3, booking_closes_days_before=1)
        with refused("booking_closed"):
            book(closed, now=closed.booking_closes_at)
        cancelled = make_session()
        services.cancel_session(cancelled)
        with refused("session_cancelled"):
            book(cancelled)
        past = make_session()
        with refused("session_past"):
            book(past, now=past.starts_at + timedelta(minutes=1))
        drop_in = make_session(bookable_online=False)
        with refused("not_bookable_online"):
            book(drop_in)
        assert not Booking.objects.exists()

    def test_held_back_places_are_for_the_desk(self):
        session = make_session(places=4, places_held_back=2)
        book(session, "Awa", adults=2)
        assert book(session, "Bernard").is_waiting
        desk = book(session, "Chloé", phone="0600000001", channel="staff")
        assert desk.is_confirmed
        assert book(session, "Denis", phone="0600000002", channel="staff").is_confirmed
        assert confirmed_places(session) == 4
        assert book(session, "Émile", phone="0600000003", channel="staff").is_waiting

    def test_staff_may_book_after_online_closes(self):
        session = make_session(days_ahead=3, booking_closes_days_before=1)
        booking = book(
            session, phone="0600000001", channel="staff", now=session.booking_closes_at
        )
        assert booking.is_confirmed and booking.channel == Booking.Channel.STAFF


class TestSeries:
    def test_books_every_open_session_from_a_date(self):
        schedule = make_schedule(places=1)
        sessions = services.materialise_schedule(schedule, horizon_days=28)
        book(sessions[1], "Bernard")
        bookings = services.book_series(
            schedule, from_date=timezone.localdate(), name="Awa", email="awa@ex.org"
        )
        assert len(bookings) == len(sessions)
        assert [b.status for b in bookings].count(Booking.Status.WAITING) == 1
        assert bookings[1].is_waiting
        assert len({b.series for b in bookings}) == 1

    def test_nothing_to_book_saves_nothing(self):
        schedule = make_schedule()
        services.materialise_schedule(schedule, horizon_days=14)
        later = timezone.localdate() + timedelta(days=60)
        with refused("no_session_in_series"):
            services.book_series(schedule, from_date=later, name="A", email="a@ex.org")
        assert not Booking.objects.exists()


class TestCancelAndPromote:
    def test_cancel_promotes_in_order_and_tells_each_once(self, on_commit):
        session = make_session(places=2)
        first = book(session, "Awa", adults=2)
        waiting_big = book(session, "Bernard", adults=2)
        waiting_small = book(session, "Chloé", adults=1)
        mail.outbox.clear()
        assert on_commit(services.cancel, first) is True
        waiting_big.refresh_from_db()
        waiting_small.refresh_from_db()
        assert waiting_big.is_confirmed and waiting_small.is_waiting
        subjects = sorted(message.subject for message in mail.outbox)
        assert len(subjects) == 2  # Awa's cancellation, Bernard's promotion
        assert any("place s'est libérée" in subject for subject in subjects)

    def test_cancelling_twice_changes_nothing_the_second_time(self, on_commit):
        session = make_session(places=1)
        booking = book(session, "Awa")
        book(session, "Bernard")
        mail.outbox.clear()
        assert on_commit(services.cancel, booking) is True
        sent = len(mail.outbox)
        assert on_commit(services.cancel, booking) is False
        assert on_commit(services.promote_waiting_list, session) == []
        assert len(mail.outbox) == sent

    def test_a_cancellation_by_staff_tells_the_resident_who_cancelled(self, on_commit):
        booking = book(make_session(), "Awa", email="awa@example.org")
        mail.outbox.clear()
        on_commit(services.cancel, booking, by_staff=True)
        (message,) = mail.outbox
        assert "L'équipe du local a annulé votre réservation" in message.body
        assert booking.code in message.body

    def test_a_family_further_down_does_not_pass_the_first_in_line(self):
        session = make_session(places=3)
        book(session, "Awa", adults=3)
        family = book(session, "Bernard", adults=2, children=1)
        single = book(session, "Chloé")
        assert family.is_waiting and single.is_waiting
        services.set_places(session, 4)
        family.refresh_from_db()
        single.refresh_from_db()
        assert family.is_waiting and single.is_waiting

    def test_more_places_promote_and_phone_only_goes_to_the_call_list(self):
        session = make_session(places=1)
        book(session, "Awa")
        waiting = book(session, "Bernard", phone="0241345678")
        services.set_places(session, 2)
        waiting.refresh_from_db()
        assert waiting.is_confirmed
        call = PendingCall.objects.get()
        assert call.booking == waiting and call.reason == PendingCall.Reason.PROMOTED
        services.mark_call_done(call)
        services.mark_call_done(call)
        call.refresh_from_db()
        assert call.done_at is not None

    def test_cannot_lower_places_below_taken(self):
        session = make_session(places=3)
        book(session, adults=2)
        with refused("places_below_taken"):
            services.set_places(session, 1)
        session.refresh_from_db()
        assert session.places == 3

    def test_resident_cannot_cancel_after_deadline_but_staff_can(self):
        session = make_session(days_ahead=3, booking_closes_days_before=1)
        booking = book(session)
        with refused("too_late_to_cancel"):
            services.cancel(booking, now=session.booking_closes_at)
        assert services.cancel(booking, by_staff=True, now=session.booking_closes_at)

    def test_check_in_records_attendance(self):
        booking = book(make_session())
        services.check_in(booking, attended=True)
        booking.refresh_from_db()
        assert booking.attended is True


class TestSessionChanges:
    def test_cancel_and_restore_tell_everyone_once(self, on_commit):
        session = make_session()
        book(session, "Awa", email="awa@example.org")
        book(session, "Bernard", phone="0241345678")
        mail.outbox.clear()
        assert on_commit(services.cancel_session, session, reason="Local fermé")
        assert not on_commit(services.cancel_session, session)
        assert [m.to for m in mail.outbox] == [["awa@example.org"]]
        assert "Local fermé" in mail.outbox[0].body
        assert PendingCall.objects.filter(reason="session_cancelled").count() == 1
        assert on_commit(services.restore_session, session)
        assert len(mail.outbox) == 2
        session.refresh_from_db()
        assert not session.is_cancelled
        assert session.bookings.confirmed().count() == 2

    def test_schedule_edit_cancels_booked_sessions_and_deletes_empty_ones(
        self, on_commit
    ):
        schedule = make_schedule()
        sessions = services.materialise_schedule(schedule, horizon_days=21)
        booked, empty = sessions[0], sessions[1]
        book(booked, "Awa", email="awa@example.org")
        mail.outbox.clear()
        schedule.start_time = schedule.start_time.replace(hour=15)
        schedule.save()
        on_commit(services.materialise_schedule, schedule, horizon_days=21)
        booked.refresh_from_db()
        assert booked.is_cancelled and booked.detached
        assert not Occurrence.objects.filter(pk=empty.pk).exists()
        assert len(mail.outbox) == 1 and "annulée" in mail.outbox[0].subject
        starts = Occurrence.objects.scheduled().values_list("starts_at", flat=True)
        assert {timezone.localtime(s).hour for s in starts} == {15}

    def test_deleting_a_schedule_keeps_booked_sessions_cancelled(self):
        schedule = make_schedule()
        booked, empty = services.materialise_schedule(schedule, horizon_days=14)[:2]
        book(booked)
        schedule.delete()
        booked.refresh_from_db()
        assert booked.is_cancelled and booked.schedule is None
        assert not Occurrence.objects.filter(pk=empty.pk).exists()

    def test_more_places_on_the_schedule_reach_its_sessions(self):
        schedule = make_schedule(places=1)
        (session,) = services.materialise_schedule(schedule, horizon_days=7)
        book(session, "Awa")
        waiting = book(session, "Bernard")
        schedule.places = 2
        schedule.save()
        services.materialise_schedule(schedule, horizon_days=7)
        waiting.refresh_from_db()
        assert waiting.is_confirmed

    def test_places_set_for_one_session_survive_schedule_edits(self):
        schedule = make_schedule(places=5)
        (session,) = services.materialise_schedule(schedule, horizon_days=7)
        services.set_places(session, 8)
        schedule.places = 6
        schedule.save()
        services.materialise_schedule(schedule, horizon_days=7)
        session.refresh_from_db()
        assert session.places == 8


def test_normalise_phone():
    assert services.normalise_phone("06.12.34.56.78") == "+33612345678"
    assert services.normalise_phone("+33 6 12 34 56 78") == "+33612345678"
    assert services.normalise_phone("0033 (0)6 12 34 56 78") == "+33612345678"
    assert services.normalise_phone("+44 20 7946 0958") == "+442079460958"
    assert services.normalise_phone("") == ""
