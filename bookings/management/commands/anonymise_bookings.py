from django.core.management.base import BaseCommand, CommandError

from bookings import services
from bookings.exceptions import BookingError


class Command(BaseCommand):
    help = (
        "Efface les noms, téléphones, e-mails et remarques des réservations "
        "dont la séance est finie depuis plus que la durée de conservation "
        "(BOOKINGS_RETENTION_MONTHS, 12 mois par défaut), et supprime les "
        "réponses aux formulaires du site plus anciennes. Les chiffres du bilan "
        "restent justes. À lancer chaque jour."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--mois",
            "--months",
            dest="months",
            default=None,
            help="Durée de conservation en mois (par défaut le réglage).",
        )

    def handle(self, *args, months=None, **options):
        if months is not None:
            try:
                months = int(months)
            except ValueError:
                raise CommandError(
                    f"--mois attend un nombre de mois\u00a0: «\u00a0{months}\u00a0» "
                    "n'en est pas un."
                ) from None
        try:
            count = services.anonymise_expired(months=months)
            answers = services.purge_form_submissions(months=months)
        except BookingError as error:
            raise CommandError(str(error.message)) from None
        self.stdout.write(f"{count} réservation(s) anonymisée(s).")
        self.stdout.write(f"{answers} réponse(s) de formulaire supprimée(s).")
