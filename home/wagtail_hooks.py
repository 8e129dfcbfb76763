"""Admin rules of the home app's pages."""

from wagtail import hooks
from wagtail.contrib.forms.utils import get_form_types
from wagtail.models import Page

from bookings.permissions import can_manage_bookings


@hooks.register("filter_form_submissions_for_user")
def form_submissions_for_booking_staff(user, editable_forms):
    """What residents type in a form (« Proposez un atelier »: name, phone,
    e-mail) is personal data: its submissions are for the staff who manage
    bookings (the « Réservations » group) and superusers, on every form, and
    for nobody else, even an editor who may edit the form page."""
    if can_manage_bookings(user):
        return Page.objects.filter(content_type__in=get_form_types())
    return editable_forms.none()
