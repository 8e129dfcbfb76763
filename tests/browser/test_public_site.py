"""Every public page of the demo site, in a real Chromium: reflow, text size, axe."""

import pytest

from tests.public_pages import load_demo, public_paths

from .axe import assert_no_axe_violations
from .reflow import reflow_problems, set_text_size

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_paths(settings, tmp_path, live_server):
    settings.MEDIA_ROOT = tmp_path
    load_demo()
    return public_paths()


def open_path(page, live_server, path):
    response = page.goto(live_server.url + path, wait_until="load")
    assert response.status in (200, 404), (path, response.status)


@pytest.mark.parametrize(("width", "text_size"), [(320, 100), (1280, 200), (320, 200)])
def test_every_public_page_reflows(live_server, page, demo_paths, width, text_size):
    page.set_viewport_size({"width": width, "height": 800})
    set_text_size(page, text_size)
    problems = {}
    for path in demo_paths:
        open_path(page, live_server, path)
        found = reflow_problems(page, width)
        if found:
            problems[path] = found
    assert not problems, problems


@pytest.mark.parametrize("width", [320, 360, 1280])
def test_axe_finds_nothing_on_any_public_page(live_server, page, demo_paths, width):
    page.set_viewport_size({"width": width, "height": 800})
    problems = {}
    for path in demo_paths:
        open_path(page, live_server, path)
        try:
            assert_no_axe_violations(page)
        except AssertionError as failure:
            problems[path] = str(failure)
    assert not problems, "\n\n".join(problems.values())
