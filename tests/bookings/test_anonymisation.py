"""Residents' data are erased after the retention period; the report is not."""

import io
import logging
from datetime import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from bookings import services
from bookings.models import Booking, PendingCall
from bookings.reports import Period, build_report
from tests import factories

from . import report_data
from .domain import make_session

pytestmark = pytest.mark.django_db


def reports():
    periods = [Period.year(2024), Period.year(2025), Period.year(2026)]
    return [build_report(period, now=report_data.report_now()) for period in periods]


def personal(booking):
    return (booking.name, booking.phone, booking.email, booking.note)


def test_the_report_is_the_same_figure_by_figure_after_anonymisation():
    data = report_data.build()
    by_local = lambda: build_report(  # noqa: E731
        Period.year(2025), local=data["hauts"], now=report_data.report_now()
    )
    before, before_local = reports(), by_local()
    assert before[1].totals["households"] == 5  # the dataset is there

    count = services.anonymise_expired(now=timezone.make_aware(datetime(2030, 1, 1)))

    assert count == Booking.objects.count()
    assert all(
        personal(booking) == (services.ANONYMOUS_NAME, "", "", "")
        for booking in Booking.objects.all()
    )
    after = reports()
    for old, new in zip(before, after, strict=True):
        assert new.totals == old.totals
        for (_, _, names, old_rows), (_, _, _, new_rows) in zip(
            old.sections(), new.sections(), strict=True
        ):
            assert [(r.label, [r[n] for n in names]) for r in new_rows] == [
                (r.label, [r[n] for n in names]) for r in old_rows
            ]
    assert by_local().totals == before_local.totals


def test_only_bookings_past_the_retention_period_are_erased(caplog):
    data = report_data.build()
    sessions = data["sessions"]
    now = timezone.make_aware(datetime(2026, 3, 1, 12))
    with caplog.at_level(logging.INFO, logger="bookings"):
        count = services.anonymise_expired(months=14, now=now)
    # 14 months before 1 March 2026: 1 January 2025, 12:00.
    erased = Booking.objects.filter(anonymised_at__isnull=False)
    assert set(erased.values_list("occurrence", flat=True)) == {sessions["s0"].pk}
    assert count == 2
    kept = Booking.objects.filter(occurrence=sessions["s1"]).first()
    assert kept.name and (kept.phone or kept.email)
    # The log says how many, never who.
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "anonymised 2 booking(s)" in logged
    for booking in Booking.objects.all():
        for value in (booking.phone, booking.email, "Awa", "Eli"):
            assert not value or value not in logged
    assert services.anonymise_expired(months=14, now=now) == 0


def test_the_default_period_is_the_setting(settings):
    data = report_data.build()
    settings.BOOKINGS_RETENTION_MONTHS = 1
    services.anonymise_expired(now=timezone.make_aware(datetime(2025, 2, 8, 12)))
    erased = set(
        Booking.objects.filter(anonymised_at__isnull=False).values_list(
            "occurrence", flat=True
        )
    )
    assert erased == {data["sessions"]["s0"].pk, data["sessions"]["s1"].pk}


def test_calls_to_make_about_erased_bookings_go_too():
    session = make_session(days_ahead=1)
    booking = services.book(session, name="Bob", phone="0612345678")
    PendingCall.objects.create(booking=booking, reason=PendingCall.Reason.REMINDER)
    services.anonymise(Booking.objects.filter(pk=booking.pk))
    assert not PendingCall.objects.exists()


def test_a_household_comes_back_after_its_data_were_erased():
    report_data.build()
    key = Booking.objects.filter(name="Awa").first().household
    services.anonymise_expired(now=timezone.make_aware(datetime(2030, 1, 1)))
    session = make_session(days_ahead=3)
    again = services.book(session, name="Awa", phone="+33 6 11 11 11 11")
    assert again.household == key


def test_the_command_and_its_bad_options():
    report_data.build()
    before = list(Booking.objects.values_list("pk", "name", "phone", "email"))
    for option, message in [
        ("0", "au moins 1 mois"),
        ("-3", "au moins 1 mois"),
        ("douze", "--mois attend un nombre de mois"),
    ]:
        with pytest.raises(CommandError, match=message):
            call_command("anonymise_bookings", "--mois", option)
    assert list(Booking.objects.values_list("pk", "name", "phone", "email")) == before

    call_command("anonymise_bookings", "--mois", "6", stdout=open("/dev/null", "w"))
    cutoff = timezone.now() - relativedelta(months=6)
    for booking in Booking.objects.select_related("occurrence"):
        old = booking.occurrence.ends_at < cutoff
        assert (booking.anonymised_at is not None) == old, booking.occurrence


def test_a_retention_of_zero_fails_the_system_check(settings):
    settings.BOOKINGS_RETENTION_MONTHS = 0
    errors = [error for error in run_checks() if error.id == "bookings.E001"]
    assert errors and "au moins 1" in errors[0].msg
    with pytest.raises(Exception, match="au moins 1 mois"):
        services.anonymise_expired()


def test_form_answers_past_the_retention_period_are_deleted(settings):
    settings.BOOKINGS_RETENTION_MONTHS = 12
    form = factories.form_page(factories.home_page())
    old = FormSubmission.objects.create(
        page=form, form_data={"nom": "Awa Diallo", "telephone": "0612345678"}
    )
    recent = FormSubmission.objects.create(page=form, form_data={"nom": "Binta"})
    FormSubmission.objects.filter(pk=old.pk).update(
        submit_time=timezone.now() - relativedelta(months=13)
    )
    out = io.StringIO()
    call_command("anonymise_bookings", stdout=out)
    assert list(FormSubmission.objects.all()) == [recent]
    assert "1 réponse(s) de formulaire supprimée(s)" in out.getvalue()
