from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bookings import services


class Command(BaseCommand):
    help = (
        "Rappelle leur séance, la veille, aux personnes inscrites : e-mail avec "
        "le lien d'annulation et le fichier .ics, ou liste « À appeler » pour "
        "celles qui n'ont donné qu'un téléphone (à lancer chaque jour). "
        "Relancer la commande ne rappelle personne deux fois."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            dest="day",
            default=None,
            help="Jour des séances à rappeler, AAAA-MM-JJ (par défaut : demain).",
        )

    def handle(self, *args, day=None, **options):
        day = parse_day(day) if day is not None else None
        reminded = services.send_reminders(day=day)
        self.stdout.write(f"{reminded} rappel(s) envoyé(s) ou mis sur la liste.")


def parse_day(value):
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"Date invalide\u00a0: «\u00a0{value}\u00a0». Écrivez-la AAAA-MM-JJ, "
            "par exemple 2026-03-14."
        ) from None
    if day < timezone.localdate():
        raise CommandError(
            f"Le {day:%d/%m/%Y} est passé\u00a0: "
            "on ne rappelle que des séances à venir."
        )
    return day
