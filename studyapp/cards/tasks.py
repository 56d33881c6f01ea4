"""Background tasks of cards: a large export of a topic's cards, written to storage."""

from django_tasks import task

from studyapp.lib import background

from .export import export
from .models import Card


@task()
def export_topic_cards(topic_id: int, fmt: str, site_url: str, path: str) -> str:
    """Write the topic's cards in `fmt` to storage at `path`; returns the stored name."""
    cards = Card.objects.in_use().filter(topic_id=topic_id).select_related("topic")
    return background.save_file(path, [export(cards, fmt, site_url)])
