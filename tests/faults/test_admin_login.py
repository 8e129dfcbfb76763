"""Admin logins are throttled: 30 wrong passwords are not answered like the first."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = reverse("wagtailadmin_login")


@pytest.fixture
def marie(django_user_model, settings):
    settings.AXES_ENABLED = True
    return django_user_model.objects.create_user(
        "marie", password="le-bon-mot-de-passe-2026", is_staff=True, is_superuser=True
    )


def log_in(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_wrong_passwords_lock_that_name_from_that_address(client, marie, settings):
    answers = [log_in(client, "marie", f"essai-{n}").status_code for n in range(30)]
    limit = settings.AXES_FAILURE_LIMIT
    assert answers[: limit - 1] == [200] * (limit - 1), "the form, with its error"
    assert set(answers[limit:]) == {429}

    locked = log_in(client, "marie", "le-bon-mot-de-passe-2026")
    assert locked.status_code == 429, "even the right password waits"
    page = locked.content.decode()
    assert "Connexion bloquée" in page
    assert '<html lang="fr">' in page

    other = log_in(client, "benevole", "nimporte")
    assert other.status_code == 200, "another name is not locked by marie's"


def test_the_lock_ends_by_itself(client, marie, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "marie", f"essai-{n}")
    assert log_in(client, "marie", "le-bon-mot-de-passe-2026").status_code == 429

    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time
        - settings.AXES_COOLOFF_TIME
        - timedelta(seconds=1)
    )
    response = log_in(client, "marie", "le-bon-mot-de-passe-2026")
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
