"""Re-importing the notes: card keys and ids stay, history stays attached, instructors' choices win."""

import json
import re
import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from studyapp.cards.models import Card
from studyapp.content.models import Topic
from tests.factories import CardStateFactory, InstructorFactory, ReviewLogFactory, UserFactory

EXECUTION_TIME = "lambda/limits/maximum-execution-time/"
ENVIRONMENT = "lambda/limits/environment-variables/"
EXECUTION_LINE = "- Maximum execution time: 900 seconds (15 minutes)\n"
ENVIRONMENT_LINE = "- Environment variables: 4 KB\n"
# Every kind of card content/ gives (the retired "update" and the instructors' "custom" aside).
EVERY_GENERATED_KIND = {
    "fact",
    "definition",
    "definition-reverse",
    "list",
    "cloze",
    "describe",
    "which",
    "use",
    "effect",
    "compare",
}

pytestmark = pytest.mark.django_db


@pytest.fixture
def content_copy(tmp_path, settings):
    target = tmp_path / "content"
    shutil.copytree(settings.CONTENT_DIR, target)
    return target


def run_import(path) -> str:
    out = StringIO()
    call_command("import_content", str(path), stdout=out)
    return out.getvalue()


def edit_lambda_notes(content_copy, old: str, new: str) -> None:
    notes = content_copy / "02-lambda.md"
    text = notes.read_text()
    assert old in text
    notes.write_text(text.replace(old, new, 1))


def fact_card(prefix: str = EXECUTION_TIME) -> Card:
    return Card.objects.get(key__startswith=prefix, kind="fact")


def snapshot() -> list[tuple]:
    return list(
        Card.objects.order_by("key").values_list(
            "pk", "key", "front", "back", "position", "retired_at", "retired_because", "updated_at"
        )
    )


def test_a_second_import_keeps_every_card_and_writes_nothing(content_copy):
    run_import(content_copy)
    before = snapshot()
    assert set(Card.objects.values_list("kind", flat=True)) == EVERY_GENERATED_KIND  # the whole deck, not a corner
    with CaptureQueriesContext(connection) as queries:
        run_import(content_copy)
    sql = [query["sql"].lstrip().upper() for query in queries.captured_queries]
    assert [q for q in sql if q.startswith(("INSERT", "UPDATE", "DELETE"))] == []
    assert snapshot() == before


def test_a_reworded_fact_updates_its_card_in_place(content_copy):
    run_import(content_copy)
    card = fact_card()
    assert card.front == "What is the maximum execution time of Lambda?"
    assert card.back == "900 seconds (15 minutes)"

    edit_lambda_notes(content_copy, "900 seconds (15 minutes)", "901 seconds (about 15 minutes)")
    output = run_import(content_copy)

    updated = fact_card()
    assert (updated.pk, updated.key) == (card.pk, card.key)
    assert updated.back == "901 seconds (about 15 minutes)"
    assert updated.generated_back == "901 seconds (about 15 minutes)"
    assert "Cards: 0 created, " in output and " 0 retired" in output


def test_learner_history_stays_attached_after_a_re_import(content_copy):
    run_import(content_copy)
    card, learner, now = fact_card(), UserFactory(), timezone.now()
    state = CardStateFactory(learning=True, user=learner, card=card, due=now, last_review=now)
    review = ReviewLogFactory(user=learner, card=card, reviewed_at=now, state_after={"state": 1}, interval_days=0.01)

    edit_lambda_notes(content_copy, "900 seconds (15 minutes)", "901 seconds (about 15 minutes)")
    run_import(content_copy)

    card = fact_card()
    assert list(card.states.all()) == [state]
    assert list(card.reviews.all()) == [review]


def test_a_removed_fact_retires_its_cards_and_bringing_it_back_restores_them(content_copy):
    run_import(content_copy)
    count = Card.objects.count()
    environment = set(Card.objects.filter(key__startswith=ENVIRONMENT).values_list("pk", flat=True))
    assert environment

    edit_lambda_notes(content_copy, ENVIRONMENT_LINE, "")
    output = run_import(content_copy)
    assert f"{len(environment)} retired" in output
    assert Card.objects.count() == count
    gone = Card.objects.filter(pk__in=environment)
    assert all(card.retired_at and card.retired_because == "note" for card in gone)
    assert not Card.objects.active().filter(pk__in=environment).exists()

    edit_lambda_notes(content_copy, "- Disk capacity", ENVIRONMENT_LINE + "- Disk capacity")
    run_import(content_copy)
    back = Card.objects.filter(pk__in=environment)
    assert all(card.retired_at is None and card.retired_because == "" for card in back)
    assert Card.objects.count() == count


def test_an_instructor_retired_card_stays_retired_after_a_re_import(content_copy):
    run_import(content_copy)
    card = fact_card()
    card.retire(because="instructor")

    edit_lambda_notes(content_copy, "900 seconds (15 minutes)", "901 seconds (about 15 minutes)")
    run_import(content_copy)
    card.refresh_from_db()
    assert card.retired_at is not None and card.retired_because == "instructor"

    # Nor when its fact leaves the notes and comes back.
    edit_lambda_notes(content_copy, "- Maximum execution time: 901 seconds (about 15 minutes)\n", "")
    run_import(content_copy)
    edit_lambda_notes(content_copy, "- Memory allocation", EXECUTION_LINE + "- Memory allocation")
    run_import(content_copy)
    card.refresh_from_db()
    assert card.retired_at is not None and card.retired_because == "instructor"


def test_an_instructors_edit_wins_over_a_later_change_of_the_note(content_copy):
    run_import(content_copy)
    card = fact_card()
    card.apply_edit(front="How long can one Lambda invocation run?", back="15 minutes", user=InstructorFactory())

    run_import(content_copy)  # the note did not change: nothing to review
    card.refresh_from_db()
    assert card.note_changed_since_edit is False

    edit_lambda_notes(content_copy, "900 seconds (15 minutes)", "901 seconds (about 15 minutes)")
    output = run_import(content_copy)

    card.refresh_from_db()
    assert (card.front, card.back) == ("How long can one Lambda invocation run?", "15 minutes")
    assert card.note_changed_since_edit is True
    assert card.generated_back == "901 seconds (about 15 minutes)"
    assert f"note changed since an instructor's edit: {card.key}" in output


def test_moving_a_fact_line_within_its_section_keeps_its_key(content_copy):
    run_import(content_copy)
    card = fact_card()

    edit_lambda_notes(content_copy, EXECUTION_LINE, "")
    edit_lambda_notes(content_copy, ENVIRONMENT_LINE, ENVIRONMENT_LINE + EXECUTION_LINE)
    output = run_import(content_copy)

    moved = fact_card()
    assert (moved.pk, moved.key, moved.retired_at) == (card.pk, card.key, None)
    assert moved.position > fact_card(ENVIRONMENT).position
    assert "0 created" in output and " 0 retired" in output


def test_export_cards_json_lists_every_topics_cards_with_a_link_to_the_notes(settings):
    call_command("import_content", stdout=StringIO())
    out = StringIO()
    call_command("export_cards", "--format", "json", stdout=out)
    rows = json.loads(out.getvalue())

    assert {row["topic"] for row in rows} == set(Topic.objects.values_list("title", flat=True))
    assert len(rows) == Card.objects.active().count()
    for row in rows:
        assert set(row) == {"id", "topic", "section", "kind", "front", "back", "source"}
        assert all(row.values()), row
        assert re.fullmatch(re.escape(settings.SITE_URL) + r"/topics/[\w-]+/#[\w-]+", row["source"]), row
    for card in Card.objects.active().select_related("topic"):
        assert f'id="{card.anchor}"' in card.topic.html, f"{card.key} links to a missing heading"
    pinned = next(row for row in rows if row["id"] == EXECUTION_TIME + "fact")
    assert pinned["front"] == "What is the maximum execution time of Lambda?"
    assert pinned["back"] == "900 seconds (15 minutes)"
