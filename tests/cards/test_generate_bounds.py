"""Generated card keys fit their column however often the notes repeat a line."""

from studyapp.cards.generate import generate_cards
from studyapp.cards.models import Card
from studyapp.content.house_format import parse_topic

KEY_LENGTH = Card._meta.get_field("key").max_length


def test_keys_of_a_line_repeated_a_thousand_times_under_long_headings_fit():
    headings = "".join(f"{'#' * level} {'Heading ' * 8}{level}\n\n" for level in range(2, 7))
    front = "---\ntitle: T\nslug: " + "s" * 50 + "\norder: 1\nsummary: S\n---\n\n"
    topic = parse_topic(front + headings + "- Timeout: 900 seconds\n" * 1001, "t.md")
    keys = [draft.key for draft in generate_cards(topic.slug, topic.short_title, topic.outline)]
    assert len(keys) == len(set(keys))
    assert max(len(key) for key in keys) <= KEY_LENGTH
