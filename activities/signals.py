"""Publishing a page brings its sessions up to date; sessions that change
bring the activities' weekday filter up to date."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from bookings import services
from bookings.signals import sessions_changed

from .models import ActivityPage, OutingPage, SportEventPage


@receiver(page_published)
def materialise_sessions_on_publish(sender, instance, **kwargs):
    page = instance.specific
    if isinstance(page, OutingPage):
        page.sync_schedule()
    elif isinstance(page, SportEventPage):
        revision = kwargs.get("revision")
        page.hold_slot(user=revision.user if revision else None)
        page.sync_schedule()
    else:
        services.materialise_page(page)
    if isinstance(page, ActivityPage):
        page.update_weekdays()


@receiver(sessions_changed)
def refresh_weekdays(sender, sessions, places_only=False, **kwargs):
    # A session cancelled, restored, added by the daily command or gone by:
    # the index's day filter follows, not only on publish. A booking, a
    # cancellation or a promotion (places only) moves no session's day.
    if places_only:
        return
    page_ids = {session.page_id for session in sessions}
    for page in ActivityPage.objects.filter(pk__in=page_ids):
        page.update_weekdays()


@receiver(page_unpublished)
def free_the_slot_of_an_unpublished_event(sender, instance, **kwargs):
    services.release_page(instance)
