from django.core.management.base import BaseCommand, CommandError

from site_quartiers.backups import BackupError, make_backup


class Command(BaseCommand):
    help = (
        "Sauvegarde la base PostgreSQL (pg_dump, format custom) et les médias "
        "(MEDIA_ROOT, tar.gz) dans DOSSIER/AAAA-MM-JJ-HHMMSS/ ; avec --garder N, "
        "ne garde que les N sauvegardes les plus récentes. À lancer chaque nuit."
    )

    def add_arguments(self, parser):
        parser.add_argument("dossier", help="Le dossier des sauvegardes.")
        parser.add_argument(
            "--garder",
            "--keep",
            dest="keep",
            type=int,
            default=None,
            help="Nombre de sauvegardes gardées (les plus récentes).",
        )

    def handle(self, *args, dossier, keep=None, **options):
        try:
            backup = make_backup(dossier, keep=keep)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Sauvegarde écrite\u00a0: {backup}")
