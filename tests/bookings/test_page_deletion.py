"""A page whose coming sessions people booked cannot be deleted silently.

Past sessions and cancelled bookings: see test_booking_history."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from bookings import services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "a@ex.org", "pw")
    client.force_login(user)
    return client


def test_a_page_with_booked_coming_sessions_is_kept(superuser_client):
    page = factories.activity_page()
    session = factories.session(page)
    services.book(session, name="Awa", email="awa@example.org")
    delete_url = reverse("wagtailadmin_pages:delete", args=[page.pk])
    for response in (
        superuser_client.get(delete_url),
        superuser_client.post(delete_url),
    ):
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert Page.objects.filter(pk=page.pk).exists()
    message = str(list(response.wsgi_request._messages)[-1])
    assert "1 séance a des réservations, à venir ou passées" in message
    # The local above it is protected too.
    local = page.get_parent().get_parent()
    superuser_client.post(reverse("wagtailadmin_pages:delete", args=[local.pk]))
    assert Page.objects.filter(pk=local.pk).exists()
