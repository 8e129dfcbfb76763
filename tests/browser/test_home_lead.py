"""The demo's home page on a small phone: the locals come within two screens."""

import pytest

from tests.public_pages import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREEN = {"width": 360, "height": 640}

BOX = """
(selector) => Array.from(document.querySelectorAll(selector), (element) => {
    const box = element.getBoundingClientRect();
    return {top: box.top + window.scrollY, bottom: box.bottom + window.scrollY};
})
"""


def test_the_locals_are_within_the_first_two_screens_at_360_px(
    live_server, page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    load_demo()
    page.set_viewport_size(SCREEN)
    page.goto(live_server.url + "/")

    (section,) = page.evaluate(BOX, "section:has(> #locaux)")
    cards = page.evaluate(BOX, ".card--local")
    assert len(cards) == 2
    # The section starts on the first screen; each local, with its address,
    # phone, hours and map link, ends before the second screen does.
    assert section["top"] < SCREEN["height"], section
    assert max(card["bottom"] for card in cards) <= 2 * SCREEN["height"], cards
    # This week comes next; what the programme is for, lower down.
    (week,) = page.evaluate(BOX, "#cette-semaine")
    objectives = page.get_by_role("heading", name="Nos objectifs", exact=True)
    assert section["bottom"] <= week["top"] < objectives.bounding_box()["y"]
