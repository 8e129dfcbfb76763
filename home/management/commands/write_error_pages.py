"""Write the French pages that the proxy in front (nginx) answers by itself.

Requests nginx refuses or cannot pass on never reach Django: a malformed
request (400), a body over the size limit (413), an address or headers too
long (414, 431), gunicorn stopped or too slow (502, 504). This command renders
the site's standalone error page for each, for nginx to serve
(deploy/nginx/vie-des-quartiers-proxy.conf).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string

PAGES = {
    400: (
        "Demande incorrecte",
        "Le site n'a pas pu lire cette demande\u00a0: elle est mal formée. "
        "Vérifiez l'adresse, ou repartez de la page d'accueil.",
    ),
    413: (
        "Envoi trop volumineux",
        "Ce que vous avez envoyé dépasse la taille acceptée (5\u00a0Mo). "
        "Réessayez avec un fichier plus léger ou un texte plus court.",
    ),
    414: (
        "Adresse trop longue",
        "L'adresse de la page demandée est trop longue pour être lue. "
        "Repartez de la page d'accueil.",
    ),
    431: (
        "Demande trop volumineuse",
        "Votre navigateur a envoyé trop d'informations avec sa demande. "
        "Effacez les cookies de ce site, puis réessayez.",
    ),
    502: (
        "Le site est momentanément indisponible",
        "Le site redémarre ou est en maintenance. Réessayez dans une minute\u00a0: "
        "si vous veniez de réserver, rien n'est perdu.",
    ),
    504: (
        "Le site met trop de temps à répondre",
        "Le site est très chargé en ce moment. Réessayez dans une minute\u00a0: "
        "si vous veniez de réserver, vérifiez votre e-mail avant de recommencer.",
    ),
}


class Command(BaseCommand):
    help = (
        "Écrit dans DOSSIER/erreurs/ les pages d'erreur en français que le "
        "proxy (nginx) sert lui-même : 400, 413, 414, 431, 502, 504."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "dossier", help="Le dossier racine du proxy ($vdq_root dans nginx)."
        )

    def handle(self, *args, dossier, **options):
        root = Path(dossier)
        if not root.is_dir():
            raise CommandError(f"Le dossier « {dossier} » n'existe pas.")
        target = root / "erreurs"
        target.mkdir(exist_ok=True)
        for status, (title, text) in PAGES.items():
            html = render_to_string(
                "errors/proxy.html", {"title": title, "text": text, "status": status}
            )
            (target / f"{status}.html").write_text(html, encoding="utf-8")
        self.stdout.write(f"{len(PAGES)} pages écrites dans {target}.")
