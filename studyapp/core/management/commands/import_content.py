"""`manage.py import_content [PATH]`: load content/*.md into the database."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from studyapp.content.importing import read_topics, save_topics
from studyapp.content.outline import ContentError


class Command(BaseCommand):
    help = "Import the Markdown topics (default: content/). Strict, idempotent and atomic."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(settings.CONTENT_DIR))

    def handle(self, *args, **options):
        try:
            parsed = read_topics(Path(options["path"]))
            with transaction.atomic():
                report = save_topics(parsed)
        except ContentError as error:
            raise CommandError(str(error)) from None
        for label, slugs in [
            ("created", report.created),
            ("updated", report.updated),
            ("unchanged", report.unchanged),
            ("archived", report.archived),
        ]:
            for slug in slugs:
                self.stdout.write(f"  {label:<9} {slug}")
        self.stdout.write(self.style.SUCCESS(f"Topics: {report.summary()}"))
