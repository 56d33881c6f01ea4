"""`manage.py import_content [PATH]`: load the notes in content/ (*.md, *.txt) into the database as site topics."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from studyapp.cards.sync import CardSyncReport, sync_topic_cards
from studyapp.content.house_format import ContentError
from studyapp.content.importing import read_folder, save_topics
from studyapp.content.models import Topic


class Command(BaseCommand):
    help = (
        "Import the notes (default: content/; Markdown or plain outlines) and sync their flashcards. "
        "Idempotent and atomic; unreadable input stops it with FILE:LINE, the rest imports with warnings."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(settings.CONTENT_DIR))

    def handle(self, *args, **options):
        try:
            reading = read_folder(Path(options["path"]))
            with transaction.atomic():
                report = save_topics(reading.topics)
                cards = CardSyncReport()
                for topic in Topic.objects.filter(owner=None):  # site topics: owned ones sync when saved
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
        for warning in reading.warnings:
            self.stderr.write(f"{warning.filename}:{warning.line}: warning: {warning.message}")
        if reading.warnings:
            self.stdout.write(f"{len(reading.warnings)} warning(s): those lines stay on the page without a card.")
