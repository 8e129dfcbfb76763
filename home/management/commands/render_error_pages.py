"""Write the French error pages the proxy in front of gunicorn serves.

gunicorn answers a too-long request line (414), too-large headers (431) and a
malformed request (400) before Django runs, and the proxy answers a too-large
body (413) and a stopped gunicorn (502) itself: none of them can carry the
site's page from inside the app. This command renders those pages once, from
the same templates as the site's, into a folder the proxy serves with
``error_page`` (see the README, « Production »). Run it at each deployment.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.utils import translation

PAGES = {
    "400.html": "400.html",
    "413.html": "errors/413.html",
    "414.html": "errors/414.html",
    "431.html": "errors/431.html",
    "502.html": "errors/502.html",
}


class Command(BaseCommand):
    help = "Écrit les pages d'erreur françaises servies par le serveur mandataire."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="Dossier où écrire 400.html, 414.html...")

    def handle(self, *args, folder, **options):
        target = Path(folder)
        if target.exists() and not target.is_dir():
            raise CommandError(f"« {target} » existe et n'est pas un dossier.")
        target.mkdir(parents=True, exist_ok=True)
        with translation.override("fr"):
            for name, template in PAGES.items():
                (target / name).write_text(render_to_string(template), "utf-8")
        self.stdout.write(f"{len(PAGES)} pages écrites dans {target}.")
