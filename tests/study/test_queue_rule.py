""" "A card can be studied" is one rule: the queue's SQL picks from exactly the cards the ORM's
`Card.objects.visible_to(user)` gives (in use, of a topic the learner may see)."""

import pytest
from django.db import connection
from django.utils import timezone

from studyapp.cards.models import Card
from studyapp.content.models import visible_topic_ids_sql
from studyapp.study import rows
from studyapp.study.queue import STUDYABLE_SQL
from tests.factories import CardFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


def studyable_in_sql(user) -> set[int]:
    sql = (
        f"WITH visible AS ({visible_topic_ids_sql('user')}) "
        f"SELECT c.id FROM {rows.tables(card=Card)['card']} c WHERE {STUDYABLE_SQL}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {"user": user.pk})
        return {row[0] for row in cursor.fetchall()}


def test_the_queue_sql_and_the_orm_agree_on_which_cards_can_be_studied():
    learner, someone = UserFactory(), UserFactory()
    site = CardFactory()
    retired = CardFactory(retired_at=timezone.now())
    archived = CardFactory(topic=TopicFactory(archived=True))
    own = CardFactory(topic=TopicFactory(owner=learner))
    private = CardFactory(topic=TopicFactory(owner=someone))
    expected = set(Card.objects.visible_to(learner).values_list("pk", flat=True))
    assert expected == {site.pk, own.pk}  # the rule itself, worked out by hand
    assert studyable_in_sql(learner) == expected
    assert {retired.pk, archived.pk, private.pk}.isdisjoint(studyable_in_sql(learner))
