"""The study tables' indexes: what each queue and progress query relies on, and nothing extra on the write path."""

import pytest
from django.db import connection

from studyapp.study.models import CardState, ReviewLog

pytestmark = pytest.mark.django_db


def _indexes(model) -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return {name: c["columns"] for name, c in constraints.items() if c["index"] or c["unique"]}


@pytest.mark.parametrize("model", [CardState, ReviewLog])
def test_no_lone_user_index_where_composites_lead_with_user(model):
    # A lone user_id index costs a write per answer, and PostgreSQL picked it over
    # (user_id, reviewed_at) for a class's recent reviews, reading whole histories.
    indexes = _indexes(model)
    assert ["user_id"] not in indexes.values()
    assert any(columns[0] == "user_id" and len(columns) > 1 for columns in indexes.values())


@pytest.mark.parametrize("model", [CardState, ReviewLog])
def test_no_lone_card_index_on_the_answer_write_path(model):
    # Nothing reads states or reviews by card alone (every read starts from a learner),
    # and cards are never deleted: such an index was only one more page written per answer.
    indexes = _indexes(model)
    assert ["card_id"] not in indexes.values()


def test_cards_are_listed_and_queued_from_one_index():
    # A topic's cards in order; the study queue's new cards are read from this index alone.
    from studyapp.cards.models import Card

    assert _leading(Card, "topic_id", "position") == ["topic_id", "position", "retired_at", "fact_key"]


def _leading(model, *first: str) -> list[str]:
    """The columns of the index that starts with `first` (the test fails when there is none)."""
    (columns,) = [columns for columns in _indexes(model).values() if columns[: len(first)] == list(first)]
    return columns


def test_review_indexes_serve_days_and_times():
    # The queue reads today's answers, and the dashboard its days and retention, from the index alone.
    by_day = _leading(ReviewLog, "user_id", "day")
    assert {"card_id", "kind_before", "rating", "duration_ms", "interval_before_days"} <= set(by_day)
    assert _leading(ReviewLog, "user_id", "reviewed_at")


def test_state_indexes_serve_the_queue():
    # Every column the queue filters a learner's states on, so it never reads their scattered rows.
    by_due = _leading(CardState, "user_id", "due")
    assert {"state", "reps", "suspended", "buried_until", "card_id"} <= set(by_due)
    assert ["user_id", "card_id"] in _indexes(CardState).values()
    # The queue reads by (user, due); a (user, state, due) index went unused and cost a write per answer.
    assert ["user_id", "state", "due"] not in _indexes(CardState).values()
