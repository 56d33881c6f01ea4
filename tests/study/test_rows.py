"""The hand-written SQL helpers of the study loop give what the ORM would."""

from datetime import timedelta

import pytest

from studyapp.cards.models import Card
from studyapp.content.models import Topic
from studyapp.study import rows
from studyapp.study.models import CardState, ReviewLog
from tests.factories import CardFactory, UserFactory
from tests.study.helpers import NOON

pytestmark = pytest.mark.django_db


def select(sql, **params):
    return rows.fetch_one(sql, params)


def test_instances_equal_the_orms_and_a_missing_left_join_gives_none():
    card = CardFactory()
    user = UserFactory()
    sql = (f"SELECT {rows.columns(Card, 'c')}, {rows.columns(CardState, 's')} FROM cards_card c "
           "LEFT JOIN study_cardstate s ON s.card_id = c.id AND s.user_id = %(user)s WHERE c.id = %(card)s")
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
    (found,) = rows.instances(select(f"SELECT {rows.columns(brief, 't')} FROM content_topic t WHERE t.id = %(id)s",
                                     id=topic.pk), brief)
    assert (found.pk, found.slug, found.archived) == (topic.pk, topic.slug, False)
    assert set(found.get_deferred_fields()) >= {"html", "body", "outline"}
    assert found.html == topic.html  # loaded on access, as with QuerySet.only()


def test_insert_writes_what_save_would_and_sets_the_primary_key():
    user, card = UserFactory(), CardFactory()
    log = ReviewLog(user=user, card=card, rating=3, reviewed_at=NOON, day=NOON.date(), duration_ms=1500,
                    state_before={"due": NOON.isoformat(), "reps": 1}, kind_before=1, interval_before_days=None,
                    state_after={"due": (NOON + timedelta(days=2)).isoformat()}, interval_days=2.0,
                    version_before=1, shown_at=NOON - timedelta(seconds=2))
    rows.insert(log)
    assert log.pk and not log._state.adding
    saved = ReviewLog.objects.get(pk=log.pk)
    assert (saved.reviewed_at, saved.day, saved.state_before, saved.state_after) == (
        NOON, NOON.date(), log.state_before, log.state_after)


def test_update_writes_only_where_every_condition_holds():
    state = CardState.objects.create(user=UserFactory(), card=CardFactory(), due=NOON, reps=1, version=1)
    state.reps, state.version = 2, 2
    assert rows.update(state, ("reps", "version"), version=5) == 0
    assert CardState.objects.get(pk=state.pk).version == 1
    assert rows.update(state, ("reps", "version"), version=1) == 1
    assert CardState.objects.values_list("reps", "version").get(pk=state.pk) == (2, 2)
