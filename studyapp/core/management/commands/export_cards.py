"""`manage.py export_cards --format json|csv|apkg [--topic SLUG] [--output FILE]`.

The site's cards only: topics made in the browser are their owners' (and their classes'), who
download them from the topic's card browser.
"""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from studyapp.cards.export import export
from studyapp.cards.models import Card
from studyapp.content.models import Topic


class Command(BaseCommand):
    help = (
        "Export the site topics' flashcards in use as JSON or CSV (standard output by default) or an Anki "
        ".apkg file. Topics made in the browser are private to their owners and never exported here."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "csv", "apkg"], default="json")
        parser.add_argument("--topic", help="only this site topic's slug")
        parser.add_argument("--output", help="file to write (required for apkg)")

    def handle(self, *args, **options):
        everyone = None  # the site topics, as a visitor sees them (Topic.objects.visible_to)
        cards = Card.objects.visible_to(everyone).select_related("topic")
        if options["topic"]:
            if not Topic.objects.visible_to(everyone).filter(slug=options["topic"]).exists():
                raise CommandError(f"no topic with slug {options['topic']!r} among the site topics")
            cards = cards.filter(topic__slug=options["topic"])
        fmt, output = options["format"], options["output"]
        if fmt == "apkg" and not output:
            raise CommandError("--format apkg needs --output FILE (it is a binary file)")
        data = export(cards, fmt, settings.SITE_URL)
        if output:
            with open(output, "wb") as file:
                file.write(data)
            self.stderr.write(f"Wrote {len(data):,} bytes to {output}")
        else:
            sys.stdout.flush()
            self.stdout.write(data.decode(), ending="")
