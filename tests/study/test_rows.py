"""The hand-written SQL helpers of the study loop give what the ORM would."""

import pytest

from studyapp.cards.models import Card
from studyapp.content.models import Topic
from studyapp.study import rows
from studyapp.study.models import CardState
from tests.factories import NOW, CardFactory, UserFactory

pytestmark = pytest.mark.django_db


def select(sql, **params):
    return rows.fetch_one(sql, params)


def test_instances_equal_the_orms_and_a_missing_left_join_gives_none():
    card = CardFactory()
    user = UserFactory()
    sql = (
        f"SELECT {rows.columns(Card, 'c')}, {rows.columns(CardState, 's')} FROM cards_card c "
        "LEFT JOIN study_cardstate s ON s.card_id = c.id AND s.user_id = %(user)s WHERE c.id = %(card)s"
    )
    found, state = rows.instances(select(sql, user=user.pk, card=card.pk), Card, CardState)
    assert state is None
    orm = Card.objects.get(pk=card.pk)
    assert [getattr(found, f.attname) for f in Card._meta.concrete_fields] == [
        getattr(orm, f.attname) for f in Card._meta.concrete_fields
    ]
    assert not found._state.adding


def test_a_brief_loads_only_its_fields_and_defers_the_rest():
    topic = CardFactory().topic
    brief = rows.Brief(Topic, ("id", "slug", "archived"))
    (found,) = rows.instances(
        select(f"SELECT {rows.columns(brief, 't')} FROM content_topic t WHERE t.id = %(id)s", id=topic.pk), brief
    )
    assert (found.pk, found.slug, found.archived) == (topic.pk, topic.slug, False)
    assert set(found.get_deferred_fields()) >= {"html", "body", "outline"}
    assert found.html == topic.html  # loaded on access, as with QuerySet.only()


def test_an_answer_writes_its_state_only_over_the_version_it_was_given_on():
    state = CardState.objects.create(user=UserFactory(), card=CardFactory(), due=NOW, reps=1, version=5)
    stale = CardState.objects.get(pk=state.pk)
    stale.reps, stale.version = 2, 2  # answered on version 1, but another answer made it 5
    assert stale.save_answer() is False
    assert CardState.objects.values_list("reps", "version").get(pk=state.pk) == (1, 5)
    state.reps, state.version = 2, 6  # answered on version 5
    assert state.save_answer() is True
    assert CardState.objects.values_list("reps", "version").get(pk=state.pk) == (2, 6)


def test_a_first_answer_inserts_its_state():
    state = CardState(user=UserFactory(), card=CardFactory(), due=NOW, reps=1, version=1)
    assert state.save_answer() is True
    assert CardState.objects.values_list("pk", "reps", "version").get() == (state.pk, 1, 1)
