"""Keep sessions in step with schedules, whichever way a schedule changes."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from . import services
from .models import Schedule


@receiver(pre_delete, sender=Schedule)
def retire_sessions_of_deleted_schedule(sender, instance, **kwargs):
    # A schedule removed from the page editor's InlinePanel is deleted when
    # the page is published: its booked sessions must be cancelled, with the
    # people told, not silently dropped.
    services.retire_schedule(instance)
