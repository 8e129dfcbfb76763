"""Keep sessions in step with schedules and pages, whichever way they change,
and tell who shows them when they change."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import Signal, receiver
from wagtail.signals import page_unpublished

from . import services
from .models import Booking, Occurrence, Schedule

# Sent after the commit of any change to sessions or their bookings (a
# booking, a cancellation, a promotion, places changed, a session cancelled,
# created or deleted), with ``sessions``: the Occurrence objects (or anything
# with a ``page_id``) whose places or state may now read differently, and
# ``places_only``: true when only their bookings changed (the sessions' dates
# and states did not; the iCal feeds, which show no places, stay as they
# are). The page cache listens to it (home/pagecache.py).
sessions_changed = Signal()


def announce(sessions, *, places_only=False):
    """Send ``sessions_changed`` for these sessions once the transaction commits."""
    sessions = list(sessions)
    if sessions:
        transaction.on_commit(
            lambda: sessions_changed.send(
                sender=Occurrence, sessions=sessions, places_only=places_only
            )
        )


@receiver(post_save, sender=Occurrence)
@receiver(post_delete, sender=Occurrence)
def session_changed(sender, instance, **kwargs):
    announce([instance])


@receiver(post_save, sender=Booking)
@receiver(post_delete, sender=Booking)
def booking_changed(sender, instance, **kwargs):
    if Booking.occurrence.is_cached(instance):
        announce([instance.occurrence], places_only=True)
    else:
        announce(Occurrence.objects.filter(pk=instance.occurrence_id), places_only=True)


@receiver(pre_delete, sender=Schedule)
def retire_sessions_of_deleted_schedule(sender, instance, **kwargs):
    # A schedule removed from the page editor's InlinePanel is deleted when
    # the page is published: its booked sessions must be cancelled, with the
    # people told, not silently dropped.
    services.retire_schedule(instance)


@receiver(page_unpublished)
def withdraw_sessions_of_unpublished_page(sender, instance, **kwargs):
    # The admin refuses to unpublish a page with booked coming sessions; a
    # page unpublished anyway (shell, scheduled expiry) has them cancelled
    # and the people booked told, rather than left confirmed for a session
    # nobody can find any more.
    services.withdraw_page_sessions(instance)
