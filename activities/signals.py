"""Publishing a page brings its sessions up to date."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from bookings import services

from .models import ActivityPage, OutingPage, SportEventPage


@receiver(page_published)
def materialise_sessions_on_publish(sender, instance, **kwargs):
    page = instance.specific
    if isinstance(page, OutingPage):
        page.sync_schedule()
    elif isinstance(page, SportEventPage):
        revision = kwargs.get("revision")
        page.hold_slot(user=revision.user if revision else None)
    else:
        services.materialise_page(page)
    if isinstance(page, ActivityPage):
        page.update_weekdays()


@receiver(page_unpublished)
def free_the_slot_of_an_unpublished_event(sender, instance, **kwargs):
    services.release_page(instance)
