from django.core.management.base import BaseCommand, CommandError

from bookings import services


class Command(BaseCommand):
    help = (
        "Crée les séances à venir des séries publiées et les créneaux des "
        "réservations régulières jusqu'à l'horizon (à lancer chaque jour)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--horizon",
            type=int,
            default=None,
            help="Nombre de jours à couvrir (par défaut BOOKINGS_HORIZON_DAYS).",
        )

    def handle(self, *args, horizon=None, **options):
        if horizon is not None and not 1 <= horizon <= 3650:
            raise CommandError(
                "--horizon doit être un nombre de jours entre 1 et 3650."
            )
        created = services.materialise_all(horizon_days=horizon)
        self.stdout.write(f"{len(created)} séance(s) créée(s).")
        reserved = services.extend_all_series(horizon_days=horizon)
        self.stdout.write(f"{len(reserved)} créneau(x) de réservations régulières.")
