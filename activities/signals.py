"""Publishing a page brings its sessions up to date."""

from django.dispatch import receiver
from wagtail.signals import page_published

from bookings import services

from .models import ActivityPage, OutingPage


@receiver(page_published)
def materialise_sessions_on_publish(sender, instance, **kwargs):
    page = instance.specific
    if isinstance(page, OutingPage):
        page.sync_schedule()
    else:
        services.materialise_page(page)
    if isinstance(page, ActivityPage):
        page.update_weekdays()
