"""Keep sessions in step with schedules and pages, whichever way they change."""

from django.db import transaction
from django.db.models.signals import pre_delete
from django.dispatch import Signal, receiver
from wagtail.signals import page_unpublished

from . import services
from .models import Schedule

# Sent once the transaction that changed sessions has committed (created,
# deleted, cancelled, restored, times or places changed), and by the daily
# command for every page it went through, since time passing changes what is
# "coming". Keyword argument: ``page_ids``, a frozenset of page pks. Receivers:
# the activities' weekday filter; a page cache may purge those pages.
sessions_changed = Signal()


def send_sessions_changed(page_ids):
    """Send ``sessions_changed`` for ``page_ids`` after the current commit."""
    page_ids = frozenset(page_ids)
    if page_ids:
        transaction.on_commit(
            lambda: sessions_changed.send(sender=Schedule, page_ids=page_ids)
        )


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
