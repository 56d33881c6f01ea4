"""`manage.py import_content [PATH]`: load content/*.md into the database."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from studyapp.cards.sync import CardSyncReport, sync_topic_cards
from studyapp.content.importing import read_topics, save_topics
from studyapp.content.models import Topic
from studyapp.content.outline import ContentError


class Command(BaseCommand):
    help = "Import the Markdown topics (default: content/) and sync their flashcards. Strict, idempotent, atomic."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(settings.CONTENT_DIR))

    def handle(self, *args, **options):
        try:
            parsed = read_topics(Path(options["path"]))
            with transaction.atomic():
                report = save_topics(parsed)
                cards = CardSyncReport()
                for topic in Topic.objects.all():
                    cards.add(sync_topic_cards(topic))
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
        self.stdout.write(self.style.SUCCESS(f"Cards: {cards.summary()}"))
        for key in cards.needs_review:
            self.stdout.write(f"  note changed since an instructor's edit: {key}")
