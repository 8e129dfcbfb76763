"""html-validate (npm, pinned in package.json) finds nothing on any public page.

``make test`` installs it (``npm ci``) and sets REQUIRE_HTML_VALIDATE, so CI
cannot skip this check; a run of pytest without node_modules skips it.
"""

import os
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.public_pages import load_demo, public_paths

ROOT = Path(settings.BASE_DIR)
HTML_VALIDATE = ROOT / "node_modules" / ".bin" / "html-validate"
CONFIG = ROOT / ".htmlvalidate.json"


@pytest.fixture
def html_validate():
    if not HTML_VALIDATE.exists():
        if os.environ.get("REQUIRE_HTML_VALIDATE"):
            pytest.fail("html-validate is missing: run `npm ci` (make test does).")
        pytest.skip("html-validate is not installed (npm ci)")

    def run(files):
        # The config is named: html-validate looks for it next to each file.
        return subprocess.run(
            [str(HTML_VALIDATE), "--config", str(CONFIG), *map(str, files)],
            capture_output=True,
            text=True,
            timeout=300,
        )

    return run


def test_html_validate_reports_a_broken_page(html_validate, tmp_path):
    # The check must be able to fail.
    page = tmp_path / "broken.html"
    page.write_text(
        '<!DOCTYPE html><html lang="fr"><head><title>Essai</title></head>'
        "<body><main><p><div>Bloc dans un paragraphe</div></p>"
        '<img src="a.png"></main></body></html>'
    )
    result = html_validate([page])
    assert result.returncode != 0
    assert "wcag/h37" in result.stdout  # the image without alt


@pytest.mark.django_db
def test_every_public_page_of_the_demo_is_valid_html(html_validate, client, media):
    load_demo()
    files = []
    for number, path in enumerate(public_paths()):
        response = client.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)
        name = re.sub(r"[^a-z0-9]+", "-", path.strip("/")) or "accueil"
        page = media / f"{number:02d}-{name[:60]}.html"
        page.write_bytes(response.content)
        files.append(page)
    result = html_validate(files)
    assert result.returncode == 0, result.stdout + result.stderr
