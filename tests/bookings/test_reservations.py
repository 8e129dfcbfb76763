"""Reservations of shared resources: overlaps at the edges, series, approvals."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import recurrence
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from bookings import services
from bookings.exceptions import BookingError
from bookings.models import Occurrence, Reservation
from tests import factories

from .domain import make_schedule, weekly

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def next_weekday(weekday, weeks=1):
    today = timezone.localdate()
    return today + timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks)


@pytest.fixture
def space():
    return factories.resource("Espace multi-sports")


@pytest.fixture
def mdj(django_user_model):
    worker = django_user_model.objects.create_user(
        "animateur", email="animateur@mdj.example", password="x"
    )
    return factories.youth_centre(members=[worker])


@pytest.fixture
def coordinator(django_user_model):
    user = django_user_model.objects.create_user("coord", password="x")
    user.user_permissions.add(Permission.objects.get(codename="manage_reservations"))
    return django_user_model.objects.get(pk=user.pk)


def reserve(space, organisation, start, end, **extra):
    return services.reserve(
        resource=space,
        organisation=organisation,
        starts_at=start,
        ends_at=end,
        title="Football",
        **extra,
    )


def test_back_to_back_slots_are_both_allowed(space):
    day = next_weekday(2)
    reserve(space, space.owner, at(day, 16), at(day, 18))
    second = reserve(space, space.owner, at(day, 18), at(day, 20))
    assert second.status == Reservation.Status.CONFIRMED
    assert Reservation.objects.active().count() == 2


def test_a_one_minute_overlap_is_refused_and_names_the_slot(space, mdj):
    day = date(2030, 12, 4)  # a Wednesday
    reserve(space, space.owner, at(day, 16), at(day, 18))
    with pytest.raises(BookingError) as refused:
        reserve(space, mdj, at(day, 17, 59), at(day, 19))
    assert refused.value.code == "slot_taken"
    message = str(refused.value)
    assert space.owner.name in message
    assert "mercredi 4 décembre 2030 16:00–18:00" in message
    assert Reservation.objects.filter(organisation=mdj).count() == 0


def test_other_resources_and_cancelled_slots_do_not_block(space):
    day = next_weekday(3)
    other = factories.resource("Salle du local")
    first = reserve(space, space.owner, at(day, 10), at(day, 12))
    reserve(other, other.owner, at(day, 10), at(day, 12))
    assert services.cancel_reservation(first) is True
    assert services.cancel_reservation(first) is False  # idempotent
    reserve(space, space.owner, at(day, 11), at(day, 12))


def test_a_slot_across_the_daylight_saving_change(space):
    # Night of 26 to 27 October 2030: 03:00 CEST becomes 02:00 CET.
    night = date(2030, 10, 26)
    start = datetime(2030, 10, 26, 23, 0, tzinfo=PARIS)
    end = datetime(2030, 10, 27, 4, 0, tzinfo=PARIS)
    held = reserve(space, space.owner, start, end)
    held.refresh_from_db()  # read back in UTC: real elapsed time
    assert held.ends_at - held.starts_at == timedelta(hours=6)  # one hour longer
    # 02:30 happens twice that night; the second one (CET) is inside too.
    second_half_past_two = datetime(2030, 10, 27, 2, 30, tzinfo=PARIS, fold=1)
    with pytest.raises(BookingError):
        reserve(space, space.owner, second_half_past_two, at(night + timedelta(1), 5))
    reserve(space, space.owner, end, at(night + timedelta(1), 5))


def test_end_before_start_is_refused(space):
    day = next_weekday(1)
    with pytest.raises(BookingError) as refused:
        reserve(space, space.owner, at(day, 18), at(day, 18))
    assert refused.value.field == "ends_at"
    assert not Reservation.objects.exists()


def test_slot_outside_opening_hours_is_refused():
    space = factories.resource(hours=[(5, time(9), time(18))])  # Saturdays 9-18
    saturday = next_weekday(5)
    with pytest.raises(BookingError) as refused:
        reserve(space, space.owner, at(saturday, 17), at(saturday, 19))
    assert "heures d'ouverture" in str(refused.value)
    assert "samedi 09:00–18:00" in str(refused.value)
    with pytest.raises(BookingError):
        reserve(space, space.owner, at(saturday + timedelta(1), 10), at(saturday, 11))
    reserve(space, space.owner, at(saturday, 9), at(saturday, 18))


def test_user_must_act_for_the_organisation(space, mdj, django_user_model):
    stranger = django_user_model.objects.create_user("autre", password="x")
    day = next_weekday(2)
    with pytest.raises(BookingError) as refused:
        reserve(space, mdj, at(day, 14), at(day, 16), user=stranger)
    assert refused.value.code == "not_a_member"
    assert "Maison des jeunes" in str(refused.value)
    assert not Reservation.objects.exists()


def test_series_with_one_colliding_date_saves_nothing_and_lists_it(space, mdj):
    tuesday = next_weekday(1)
    reserve(
        space,
        space.owner,
        at(tuesday + timedelta(14), 17),
        at(tuesday + timedelta(14), 19),
    )
    with pytest.raises(BookingError) as refused:
        services.reserve_series(
            resource=space,
            organisation=mdj,
            title="Football 11-14 ans",
            recurrences=weekly(recurrence.TU),
            starts_on=tuesday,
            ends_on=tuesday + timedelta(days=42),
            start_time=time(18, 0),
            duration_minutes=90,
        )
    assert refused.value.code == "series_collides"
    assert [r.starts_at for r in refused.value.collisions] == [
        at(tuesday + timedelta(14), 17)
    ]
    assert not Reservation.objects.filter(organisation=mdj).exists()


def test_series_honours_exclusions_and_holds_each_date(space, mdj):
    tuesday = next_weekday(1)
    skipped = tuesday + timedelta(days=7)
    series = services.reserve_series(
        resource=space,
        organisation=mdj,
        title="Basket",
        recurrences=weekly(
            recurrence.TU, exdates=[datetime.combine(skipped, time.min)]
        ),
        starts_on=tuesday,
        ends_on=tuesday + timedelta(days=21),
        start_time=time(18, 0),
        duration_minutes=60,
    )
    starts = [timezone.localtime(r.starts_at).date() for r in series.reservations.all()]
    assert starts == [tuesday, tuesday + timedelta(14), tuesday + timedelta(21)]
    # The excluded Tuesday is free for somebody else.
    reserve(space, space.owner, at(skipped, 18), at(skipped, 19))


def test_a_rule_without_any_date_is_refused(space, mdj):
    tuesday = next_weekday(1)
    with pytest.raises(BookingError) as refused:
        services.reserve_series(
            resource=space,
            organisation=mdj,
            title="Basket",
            recurrences=weekly(recurrence.TU),
            starts_on=tuesday + timedelta(1),
            ends_on=tuesday + timedelta(5),
            start_time=time(18, 0),
            duration_minutes=60,
        )
    assert refused.value.code == "no_date"
    assert not Reservation.objects.exists()


def test_partner_request_waits_for_approval_and_blocks_the_time(
    space, mdj, coordinator
):
    space.requires_approval = True
    space.save()
    partner = mdj.members.get()
    day = next_weekday(5)
    request = reserve(space, mdj, at(day, 14), at(day, 17), user=partner)
    assert request.status == Reservation.Status.PENDING
    with pytest.raises(BookingError):
        reserve(space, space.owner, at(day, 16), at(day, 18))
    with pytest.raises(BookingError) as refused:
        services.approve_reservation(request, user=partner)
    assert refused.value.code == "not_coordinator"

    with django_capture_on_commit():
        services.approve_reservation(request, user=coordinator)
    request.refresh_from_db()
    assert request.status == Reservation.Status.CONFIRMED
    (email,) = mail.outbox
    assert sorted(email.to) == ["animateur@mdj.example", "mdj@ex.org"]
    assert "acceptée" in email.subject
    with pytest.raises(BookingError) as again:
        services.refuse_reservation(request, user=coordinator, reason="Non")
    assert again.value.code == "not_pending"


def test_refusal_needs_a_reason_frees_the_slot_and_tells_the_partner(
    space, mdj, coordinator
):
    space.requires_approval = True
    space.save()
    day = next_weekday(5)
    request = reserve(space, mdj, at(day, 14), at(day, 17), user=mdj.members.get())
    with pytest.raises(BookingError) as refused:
        services.refuse_reservation(request, user=coordinator, reason="  ")
    assert refused.value.field == "reason"
    with django_capture_on_commit():
        services.refuse_reservation(
            request, user=coordinator, reason="Tournoi de la ville ce jour-là"
        )
    assert Reservation.objects.get(pk=request.pk).status == "refused"
    assert "Tournoi de la ville ce jour-là" in mail.outbox[0].body
    reserve(space, space.owner, at(day, 14), at(day, 17))


def test_the_coordination_reserves_for_a_partner_without_approval(
    space, mdj, coordinator
):
    space.requires_approval = True
    space.save()
    day = next_weekday(4)
    held = reserve(space, mdj, at(day, 14), at(day, 16), user=coordinator)
    assert held.status == Reservation.Status.CONFIRMED


def test_the_database_refuses_an_overlap_that_skips_the_services(space):
    if connection.vendor != "postgresql":
        pytest.skip("exclusion constraints exist on PostgreSQL only")
    day = next_weekday(2)
    reserve(space, space.owner, at(day, 16), at(day, 18))
    with pytest.raises(IntegrityError), transaction.atomic():
        Reservation.objects.create(
            resource=space,
            organisation=space.owner,
            title="En douce",
            starts_at=at(day, 17),
            ends_at=at(day, 19),
        )
    # A cancelled row does not count.
    Reservation.objects.create(
        resource=space,
        organisation=space.owner,
        title="Annulée",
        starts_at=at(day, 17),
        ends_at=at(day, 19),
        status=Reservation.Status.CANCELLED,
    )


# Sessions that hold a resource ---------------------------------------------


def test_sessions_of_a_schedule_hold_their_slots_and_cancelling_frees_one(space):
    schedule = make_schedule(resource=space, recurrences=weekly(recurrence.WE))
    services.materialise_schedule(schedule, horizon_days=28)
    sessions = list(Occurrence.objects.filter(schedule=schedule))
    held = Reservation.objects.active().filter(resource=space)
    assert held.count() == len(sessions) >= 4
    assert set(held.values_list("source", flat=True)) == {"session"}
    assert held.first().organisation == space.owner

    services.cancel_session(sessions[0], reason="Formation")
    assert held.count() == len(sessions) - 1
    start, end = sessions[0].starts_at, sessions[0].ends_at
    reserve(space, space.owner, start, end)  # the slot is free again


def test_restoring_a_session_whose_slot_was_taken_is_refused(space, mdj):
    schedule = make_schedule(resource=space, recurrences=weekly(recurrence.WE))
    services.materialise_schedule(schedule, horizon_days=14)
    first = Occurrence.objects.filter(schedule=schedule).first()
    services.cancel_session(first)
    reserve(space, mdj, first.starts_at, first.ends_at)
    with pytest.raises(BookingError) as refused:
        services.restore_session(first)
    assert "Maison des jeunes" in str(refused.value)
    first.refresh_from_db()
    assert first.is_cancelled


def test_a_schedule_that_collides_creates_no_session(space, mdj):
    wednesday = next_weekday(2)
    reserve(space, mdj, at(wednesday, 14, 30), at(wednesday, 15))
    schedule = make_schedule(
        resource=space, recurrences=weekly(recurrence.WE), start_time=time(14, 0)
    )
    assert [r.organisation for r in services.schedule_collisions(schedule)] == [mdj]
    with pytest.raises(BookingError) as refused:
        services.materialise_schedule(schedule, horizon_days=28)
    assert refused.value.code == "series_collides"
    assert not Occurrence.objects.filter(schedule=schedule).exists()


def test_retiring_a_schedule_frees_its_slots(space):
    schedule = make_schedule(resource=space, recurrences=weekly(recurrence.WE))
    services.materialise_schedule(schedule, horizon_days=21)
    assert Reservation.objects.active().exists()
    services.retire_schedule(schedule)
    assert not Reservation.objects.active().exists()


def test_moving_the_schedule_off_the_resource_frees_its_slots(space):
    schedule = make_schedule(resource=space, recurrences=weekly(recurrence.WE))
    services.materialise_schedule(schedule, horizon_days=21)
    schedule.resource = None
    schedule.save()
    services.materialise_schedule(schedule, horizon_days=21)
    assert not Reservation.objects.active().exists()


def django_capture_on_commit():
    """Run on-commit callbacks of the test's transaction (the e-mails)."""
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_the_daily_command_extends_a_series_over_the_horizon(space, mdj):
    from django.core.management import call_command

    tuesday = next_weekday(1)
    series = services.reserve_series(
        resource=space,
        organisation=mdj,
        title="Football",
        recurrences=weekly(recurrence.TU),
        starts_on=tuesday,
        start_time=time(18, 0),
        duration_minutes=60,
        horizon_days=14,
    )
    before = series.reservations.count()
    blocked = at(tuesday + timedelta(days=21), 18)
    reserve(space, space.owner, blocked, blocked + timedelta(hours=1))
    call_command("materialise_sessions", horizon=60, stdout=open("/dev/null", "w"))
    dates = list(series.reservations.values_list("starts_at", flat=True))
    assert len(dates) > before
    assert blocked not in dates  # taken by somebody else: skipped, not stolen
    call_command("materialise_sessions", horizon=60, stdout=open("/dev/null", "w"))
    assert series.reservations.count() == len(dates)  # idempotent


def test_a_weekly_series_stays_at_18_00_across_the_clock_change(space, mdj):
    series = services.reserve_series(
        resource=space,
        organisation=mdj,
        title="Football",
        recurrences=weekly(recurrence.SA),
        starts_on=date(2030, 10, 19),
        ends_on=date(2030, 11, 2),
        start_time=time(18, 0),
        duration_minutes=60,
        today=date(2030, 10, 1),
    )
    local_times = {
        timezone.localtime(r.starts_at).time() for r in series.reservations.all()
    }
    assert local_times == {time(18, 0)}
    assert series.reservations.count() == 3
