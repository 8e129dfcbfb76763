"""Keep sessions in step with schedules and pages, whichever way they change."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver
from wagtail.signals import page_unpublished

from . import services
from .models import Schedule


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
