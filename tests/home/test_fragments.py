"""Parts of pages kept per generation ({% fragment %}, chrome.per_generation,
chrome.shared) never show what an editor changed, a draft, or stale places.

Transactional tests: the generation is renewed after the real commit, as in
production.
"""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache, caches
from django.urls import reverse
from django.utils import timezone

from bookings import services
from bookings.models import Occurrence
from tests.bookings.conftest import form_data
from tests.home.test_page_cache import one_activity_with_its_last_place

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def empty_caches():
    cache.clear()
    caches["fragments"].clear()


site = pytest.fixture(one_activity_with_its_last_place)


def page_text(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_an_edited_page_shows_its_new_text_at_once(client, site):
    activity = site["activity"]
    assert "Un atelier pour tous" not in page_text(client, activity.url)
    assert len(caches["fragments"]._cache), "the page's text is kept"
    activity.summary = "Un atelier pour tous"
    activity.save_revision().publish()
    assert "Un atelier pour tous" in page_text(client, activity.url)
    # The home page and the local list it by the same generation.
    home = site["home"]
    home.introduction = "Bienvenue au local, venez nombreux"
    home.save_revision().publish()
    assert "Bienvenue au local, venez nombreux" in page_text(client, "/")


def test_a_draft_in_preview_is_neither_shown_nor_kept(client, site):
    activity = site["activity"]
    summary = activity.summary
    # The host an editor's preview is made on (the site's own).
    host = {"HTTP_HOST": urlsplit(activity.get_full_url()).netloc}
    assert summary in page_text(client, activity.url, **host)
    draft = activity.specific_class.objects.get(pk=activity.pk)
    draft.summary = "Brouillon à ne pas publier"
    preview = draft.make_preview_request()
    lead = '<p class="lead">{}</p>'
    assert lead.format("Brouillon à ne pas publier") in preview.content.decode()
    shown = page_text(client, activity.url, **host)
    assert "Brouillon à ne pas publier" not in shown
    assert lead.format(summary) in shown


def test_places_stay_live_inside_a_kept_page(client, site):
    activity, session = site["activity"], site["session"]
    assert "1 place" in page_text(client, activity.url)
    assert "1 place" in page_text(client, site["locals"][0].url)
    response = client.post(
        reverse("bookings:book", args=[session.pk]), form_data(adults=1)
    )
    assert response.status_code == 303
    for url in (activity.url, site["locals"][0].url):
        text = page_text(client, url)
        assert "Complet – liste d'attente" in text, url
        assert "1 place" not in text


def test_a_session_cancelled_by_staff_shows_cancelled_at_once(client, site, admin_user):
    activity, session = site["activity"], site["session"]
    assert "Séance annulée" not in page_text(client, activity.url)
    services.cancel_session(session, reason="Local fermé", user=admin_user)
    text = page_text(client, activity.url)
    assert "Séance annulée" in text and "Local fermé" in text


def test_an_unpublished_page_leaves_every_list_at_once(client, site):
    activity = site["activity"]
    assert activity.title in page_text(client, "/")
    assert activity.title in page_text(client, site["locals"][0].url)
    activity.unpublish()
    assert client.get(activity.url).status_code == 404
    assert activity.title not in page_text(client, site["locals"][0].url)


def test_without_fragments_every_part_is_rendered(client, site, settings):
    settings.FRAGMENT_CACHE = False
    page_text(client, site["activity"].url)
    assert not any("template.cache" in key for key in caches["fragments"]._cache)


def test_the_feeds_show_a_cancelled_session_and_a_new_title_at_once(
    client, site, admin_user
):
    activity, session = site["activity"], site["session"]
    for url in ("/agenda.ics", activity.url + "ical/"):
        assert "STATUS:CONFIRMED" in page_text(client, url)
    assert any(key.startswith(":1:ical-event:") for key in caches["fragments"]._cache)
    # A session cancelled from the bookings admin renews no generation.
    services.cancel_session(session, reason="Local fermé", user=admin_user)
    for url in ("/agenda.ics", activity.url + "ical/"):
        text = page_text(client, url)
        assert "STATUS:CANCELLED" in text and "Local fermé" in text, url
    activity.title = "Atelier cuisine du monde"
    activity.save_revision().publish()
    for url in ("/agenda.ics", activity.url + "ical/"):
        assert "SUMMARY:Atelier cuisine du monde" in page_text(client, url), url


def test_the_booking_page_says_at_once_that_its_session_is_cancelled(
    client, site, admin_user
):
    session = site["session"]
    url = reverse("bookings:book", args=[session.pk])
    facts = re.compile(r'<dl class="facts booking-facts">.*?</dl>', re.S)
    assert "Séance annulée" not in facts.search(client.get(url).content.decode())[0]
    services.cancel_session(session, reason="Local fermé", user=admin_user)
    shown = facts.search(client.get(url).content.decode())[0]
    assert "Séance annulée" in shown and "Local fermé" in shown


def test_the_home_week_shows_a_session_moved_or_filled_at_once(client, site):
    session = site["session"]
    assert "1 place" in page_text(client, "/")
    # Moved in the bookings admin: no generation is renewed.
    later = session.starts_at + timedelta(hours=2)
    Occurrence.objects.filter(pk=session.pk).update(
        starts_at=later, ends_at=later + timedelta(hours=1)
    )
    text = page_text(client, "/")
    assert f'datetime="{timezone.localtime(later).isoformat()}"' in text
    response = client.post(
        reverse("bookings:book", args=[session.pk]), form_data(adults=1)
    )
    assert response.status_code == 303
    text = page_text(client, "/")
    assert "Complet – liste d'attente" in text and "1 place" not in text


def test_the_booking_form_follows_its_session_and_keeps_what_was_typed(client, site):
    session = site["session"]
    url = reverse("bookings:book", args=[session.pk])
    Occurrence.objects.filter(pk=session.pk).update(places=10, max_places_per_booking=4)
    first = client.get(url).content.decode()
    assert 'max="4"' in first and "Au plus 4 personnes" in first
    assert "Au moins un adulte" not in first
    # Changed in the bookings admin (no generation renewed): shown at once.
    Occurrence.objects.filter(pk=session.pk).update(
        max_places_per_booking=2, adult_required=True
    )
    second = client.get(url).content.decode()
    assert 'max="2"' in second and "Au plus 2 personnes" in second
    assert "Au moins un adulte" in second
    # A form sent back with an error shows what was typed, not blank fields.
    refused = client.post(url, form_data(name="Awa Diallo", adults="9"))
    assert refused.status_code == 400
    assert 'value="Awa Diallo"' in refused.content.decode()
    # And the next visitor gets blank fields again.
    assert 'value="Awa Diallo"' not in client.get(url).content.decode()
