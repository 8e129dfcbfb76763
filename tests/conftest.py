"""Fixtures shared by the page tests: a site tree built with tests.factories."""

import pytest

from tests import factories


@pytest.fixture
def home(db):
    return factories.home_page()


@pytest.fixture
def tree(db):
    """Two locals, three activities with a session each, an outing, a sport event."""
    return factories.site_tree()


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded images and their renditions go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def fresh_site_chrome():
    """Each test reads the site's header and footer from its own database.

    A process keeps them per generation of the cache (home.chrome), and a
    rolled-back test database sends no signal to renew it.
    """
    from home import chrome

    chrome.forget()


@pytest.fixture(autouse=True)
def sms_outbox():
    """The text messages sent during a test (django-sms's in-memory backend)."""
    import sms

    sms.outbox = []
    return sms.outbox
