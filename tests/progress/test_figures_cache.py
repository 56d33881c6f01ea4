"""The dashboard's kept figures: a repeated view shows them from the cache, and every change shows at once.

Each test views the dashboard (which keeps its figures), changes something the way the app does, and
checks that the next view shows the new figures, the same as figures built afresh with nothing cached.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from studyapp.cards.models import Card
from studyapp.content.models import Topic
from studyapp.progress import figures_cache
from studyapp.progress.dashboard import dashboard_page
from studyapp.progress.figures_cache import FIGURES_CODE, HERE, source_digest
from studyapp.study import reviewing, rows
from studyapp.study.models import CardState, ReviewLog, StudySettings
from tests.factories import NOW, CardFactory, CardStateFactory, ReviewLogFactory, TopicFactory, UserFactory
from tests.progress.helpers import bulk_history
from tests.study.helpers import answer

pytestmark = pytest.mark.django_db


def shown(learner, now=NOW) -> tuple:
    """What the dashboard shows of its kept figures at `now` (from the cache when they are kept)."""
    kept = dashboard_page(learner, now)["figures"]
    return kept.streak, kept.weakest_count, kept.charts_html, kept.weakest_html


def built_afresh(learner, now=NOW) -> tuple:
    cache.clear()
    return shown(learner, now)


@pytest.fixture
def topic(learner):
    """Three cards: one weak (stability 1 day, last reviewed 2.5 days ago, forgotten once), one due in
    ten days, one never studied; and one answer 29 days ago, the only one in the last 30 days."""
    topic = TopicFactory(short_title="Lambda basics")
    weak, later, _new = (CardFactory(topic=topic, front=f"Card {n}") for n in range(3))
    CardStateFactory(
        review=True, user=learner, card=weak, stability=1.0, last_review=NOW - timedelta(days=2.5), lapses=1
    )
    CardStateFactory(review=True, user=learner, card=later, due=NOW + timedelta(days=10))
    ReviewLogFactory(user=learner, card=weak, reviewed_at=NOW - timedelta(days=29))
    return topic


def test_a_repeated_view_shows_the_kept_figures(learner, topic):
    first = shown(learner)
    CardState.objects.filter(user=learner).update(lapses=5)  # behind the app's back: no key sees it
    assert shown(learner) == first


def test_an_answer_shows_at_once(learner, topic):
    before = shown(learner)
    assert "Last 30 days: 1 review." in before[2]
    new = topic.cards.get(front="Card 2")
    assert answer(learner, new, 3, NOW - timedelta(hours=1)) == reviewing.RECORDED
    after = shown(learner)
    assert "Last 30 days: 2 reviews." in after[2]
    assert after == built_afresh(learner)


def test_an_undone_answer_shows_the_figures_from_before_it(learner, topic):
    before = shown(learner)
    answer(learner, topic.cards.get(front="Card 2"), 3, NOW - timedelta(hours=1))
    assert shown(learner) != before
    assert reviewing.undo_last(learner, StudySettings.for_user(learner), NOW) is not None
    assert shown(learner) == before == built_afresh(learner)


def _shown_card(learner, card) -> reviewing.Shown:
    return reviewing.Shown(learner.pk, card.pk, CardState.objects.get(user=learner, card=card).version, NOW)


def test_suspending_and_unsuspending_a_card_show_at_once(learner, topic, learner_client):
    # Coming due in the next 30 days: the weak card (overdue: today) and the one due in ten days.
    assert "2 cards come due in the next 30 days" in shown(learner)[2]
    later = topic.cards.get(front="Card 1")
    assert reviewing.set_aside(learner, StudySettings.for_user(learner), _shown_card(learner, later), NOW, suspend=True)
    assert "1 cards come due in the next 30 days" in shown(learner)[2]
    state = CardState.objects.get(user=learner, card=later)
    learner_client.post(reverse("study:unsuspend", args=[state.pk]))
    after = shown(learner)
    assert "2 cards come due in the next 30 days" in after[2]
    assert after == built_afresh(learner)


def test_studying_weak_cards_again_shows_at_once(learner, topic):
    assert "1 of them today" in shown(learner)[2]  # the overdue weak card; the other is due in ten days
    later = topic.cards.get(front="Card 1")
    CardState.objects.review_again(learner, [later.pk], NOW)  # "Study these", or a quiz's wrong answer: due now
    after = shown(learner)
    assert "2 of them today" in after[2]
    assert after == built_afresh(learner)


def test_a_settings_change_shows_at_once(learner, topic):
    assert "Above 90%" in shown(learner)[2]
    study = StudySettings.for_user(learner)
    study.desired_retention = 0.8
    study.save()
    after = shown(learner)
    assert "Above 80%" in after[2]
    assert after == built_afresh(learner)


def test_a_new_learner_day_shows_at_once(learner):
    # Only answers, no card states: nothing but the day can move the figures. NOW is 12:00 UTC and
    # days start at 04:00, so the answer of 29 days ago leaves the last 30 days at 04:00 tomorrow.
    ReviewLogFactory(user=learner, card=CardFactory(), reviewed_at=NOW - timedelta(days=29))
    assert "Last 30 days: 1 review." in shown(learner)[2]
    assert "Last 30 days: 1 review." in shown(learner, NOW + timedelta(hours=15, minutes=59))[2]
    tomorrow = NOW + timedelta(hours=16)
    after = shown(learner, tomorrow)
    assert "Last 30 days: 0 reviews." in after[2]
    assert after == built_afresh(learner, tomorrow)


def test_predicted_recall_moves_with_each_whole_day_since_a_cards_last_review(learner, topic):
    # The weak card was last reviewed 2.5 days ago: its third whole day comes in twelve hours.
    before = shown(learner)
    assert shown(learner, NOW + timedelta(hours=11, minutes=59)) == before
    later = NOW + timedelta(hours=12)
    after = shown(learner, later)
    assert after != before
    assert after == built_afresh(learner, later)


def test_cards_added_or_edited_show_at_once(learner, topic):
    assert "1 of 3" in shown(learner)[2]  # learned of the topic's cards
    CardFactory(topic=topic)  # a topic import or a notes edit adds a card
    assert "1 of 4" in shown(learner)[2]
    weak = topic.cards.get(front="Card 0")
    weak.front = "Card 0, reworded"
    weak.save()
    after = shown(learner)
    assert "Card 0, reworded" in after[3]
    assert after == built_afresh(learner)


def test_a_new_topic_shows_at_once(learner, topic):
    shown(learner)
    TopicFactory(short_title="Step Functions")
    after = shown(learner)
    assert "Step Functions" in after[2]
    assert after == built_afresh(learner)


def test_a_deploy_that_changes_the_code_drawing_the_figures_changes_their_key(tmp_path):
    code = tmp_path / "charts.py"
    code.write_text("BAR_WIDTH = 8\n")
    before = source_digest(b"<svg>", code)
    code.write_text("BAR_WIDTH = 9\n")
    assert source_digest(b"<svg>", code) != before
    assert source_digest(b"<svg>", code) == source_digest(b"<svg>", code)
    assert all((HERE / name).is_file() for name in FIGURES_CODE)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a plan PostgreSQL's planner chose; SQLite's does not")
def test_the_key_reads_the_learners_own_reviews_not_everyone_elses(learner):
    # The learner studied first; another learner has answered many times since (newer, higher ids).
    cards = [CardFactory() for _ in range(10)]
    bulk_history(learner, cards, 200, NOW - timedelta(days=30))
    bulk_history(UserFactory(), cards, 5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE study_reviewlog")
    key_sql = figures_cache.COUNTS_SQL.format(
        topics="NULL", **rows.tables(topic_table=Topic, review_table=ReviewLog, card_table=Card)
    )
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + key_sql, {"user": learner.pk})
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert "study_reviewlog_pkey" not in plan, plan


def test_a_kept_thing_is_shown_until_its_valid_until_and_leaves_the_cache_then(monkeypatch):
    from studyapp.progress.class_page import KeptPage

    timeouts = []
    real_set = cache.set
    monkeypatch.setattr(
        cache, "set", lambda key, value, timeout: timeouts.append(timeout) or real_set(key, value, timeout)
    )
    moment = int(NOW.timestamp())
    figures_cache.keep("kept-test", KeptPage("<p>page</p>", moment + 90), NOW)
    assert timeouts == [90]  # the entry expires when it stops being true
    assert figures_cache.kept("kept-test", NOW + timedelta(seconds=89)) == KeptPage("<p>page</p>", moment + 90)
    assert figures_cache.kept("kept-test", NOW + timedelta(seconds=90)) is None
