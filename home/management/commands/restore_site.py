from django.core.management.base import BaseCommand, CommandError

from site_quartiers.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde (un dossier écrit par backup_site) dans la base "
        "configurée, qui doit être neuve et vide (createdb), puis les médias "
        "dans MEDIA_ROOT, et vide le cache."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "sauvegarde",
            help="Le dossier d'une sauvegarde (DOSSIER/AAAA-MM-JJ-HHMMSS).",
        )

    def handle(self, *args, sauvegarde, **options):
        try:
            restore_backup(sauvegarde)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Sauvegarde restaurée\u00a0: {sauvegarde}")
