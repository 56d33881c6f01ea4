"""Exam dates in scheduling: shorter intervals before the exam, cards brought forward first, new cards paced."""

import math
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from studyapp.study import queue, reviewing
from studyapp.study.exams import plan_for, upcoming_exams
from studyapp.study.models import CardState, ReviewLog, StudySettings
from studyapp.study.planning import days_until_recall
from studyapp.study.scheduling import format_interval
from tests.classes.factories import ClassExamFactory, ClassFactory
from tests.factories import NOW, CardFactory, CardStateFactory, TopicFactory, UserFactory
from tests.study.factories import ExamDateFactory

pytestmark = pytest.mark.django_db


def set_study(learner, **values):
    """The learner's settings made (as a first visit makes them) and changed."""
    StudySettings.for_user(learner)
    StudySettings.objects.filter(user=learner).update(**values)


TODAY = NOW.date()  # every learner here is on UTC with the day starting at 4:00, and NOW is noon


def grade_good(user, card):
    state = CardState.objects.get(user=user, card=card)
    shown = reviewing.Shown(user.pk, card.pk, state.version, NOW)
    assert reviewing.record_answer(user, shown, 3, NOW)[0] == reviewing.RECORDED
    return CardState.objects.get(user=user, card=card)


def review_card(user, card, stability=10.0):
    """A card in review, last seen `stability` days ago and due now: a Good makes its interval grow."""
    return CardStateFactory(user=user, card=card, review=True, stability=stability, due=NOW)


def test_a_card_graded_before_the_exam_gets_a_shorter_interval_than_without_it():
    card = CardFactory()
    with_exam, without = UserFactory(), UserFactory()
    review_card(with_exam, card)
    review_card(without, card)
    ExamDateFactory(learner=with_exam, day=TODAY + timedelta(days=30), target=0.97)

    free = grade_good(without, card)
    planned = grade_good(with_exam, card)

    assert planned.stability == pytest.approx(free.stability)  # the memory is the same; only the day moves
    # The last day the card is still at 0.97 recall: last review + ⌊t⌋ with R(t, S) = 0.97.
    expected_days = math.floor(days_until_recall(planned.stability, 0.97))
    assert (planned.due.date() - TODAY).days == expected_days
    assert planned.due < free.due
    assert expected_days < (free.due.date() - TODAY).days


def test_after_the_exam_the_schedule_is_the_usual_one():
    card = CardFactory()
    after, without = UserFactory(), UserFactory()
    review_card(after, card)
    review_card(without, card)
    ExamDateFactory(learner=after, day=TODAY - timedelta(days=1), target=0.97)
    assert grade_good(after, card).due == grade_good(without, card).due


def test_an_exam_on_other_topics_leaves_the_card_alone():
    card, other_topic = CardFactory(), TopicFactory()
    learner, without = UserFactory(), UserFactory()
    review_card(learner, card)
    review_card(without, card)
    ExamDateFactory(learner=learner, day=TODAY + timedelta(days=30), target=0.97, topics=[other_topic])
    assert grade_good(learner, card).due == grade_good(without, card).due


def test_a_class_exam_applies_to_its_members_only():
    card = CardFactory()
    klass = ClassFactory()
    member, outsider = UserFactory(), UserFactory()
    klass.add_learner(member)
    review_card(member, card)
    review_card(outsider, card)
    ClassExamFactory(klass=klass, day=TODAY + timedelta(days=30), target=0.97)  # all topics: the site topic too
    assert grade_good(member, card).due < grade_good(outsider, card).due


def test_the_nearest_exam_that_covers_a_topic_counts():
    topic, elsewhere = TopicFactory(), TopicFactory()
    learner = UserFactory()
    klass = ClassFactory()
    klass.add_learner(learner)
    ExamDateFactory(learner=learner, day=TODAY + timedelta(days=20), topics=[topic])
    ExamDateFactory(learner=learner, day=TODAY + timedelta(days=5), topics=[elsewhere])
    ClassExamFactory(klass=klass, day=TODAY + timedelta(days=10), topics=[topic])
    exams = upcoming_exams(StudySettings.for_user(learner, NOW), TODAY)
    nearest = next(exam for exam in exams if exam.covers(topic.pk, True))
    assert nearest.day == TODAY + timedelta(days=10) and nearest.name == klass.name


def test_cards_that_cannot_reach_the_target_are_brought_forward_and_come_first():
    learner = UserFactory()
    overdue, at_risk, safe = CardFactory(), CardFactory(), CardFactory()
    # Due two days ago: an ordinary review, first in line without an exam.
    CardStateFactory(user=learner, card=overdue, review=True, stability=30.0, due=NOW - timedelta(days=2))
    # Stability 2 days, last seen 3 days ago, due in 20 days (planned before the exam was set):
    # its recall is at 0.9 two days after its last review, so the exam wants it today.
    CardStateFactory(
        user=learner,
        card=at_risk,
        review=True,
        stability=2.0,
        last_review=NOW - timedelta(days=3),
        due=NOW + timedelta(days=20),
    )
    # Stability 100 days, seen yesterday: still above 0.9 on the exam day, so it keeps its day.
    CardStateFactory(user=learner, card=safe, review=True, stability=100.0, last_review=NOW - timedelta(days=1))
    study = StudySettings.for_user(learner, NOW)
    assert queue.next_card(learner, study, NOW).card == overdue

    ExamDateFactory(learner=learner, day=TODAY + timedelta(days=5), target=0.9)
    study = StudySettings.for_user(learner, NOW)
    plan = plan_for(learner, study, NOW)
    assert plan.brought_ids == [at_risk.pk]
    upcoming = queue.next_card(learner, study, NOW, plan=plan)
    assert upcoming.card == at_risk
    assert upcoming.counts.review == 2  # the overdue card and the one brought forward, not the safe one


def test_new_cards_of_exam_topics_are_paced_to_be_met_in_time_and_come_first():
    learner = UserFactory()
    set_study(learner, new_cards_per_day=2)
    other, exam_topic = TopicFactory(order=1), TopicFactory(order=2)
    CardFactory(topic=other)
    exam_cards = CardFactory.create_batch(10, topic=exam_topic)
    ExamDateFactory(learner=learner, day=TODAY + timedelta(days=5), topics=[exam_topic])
    study = StudySettings.for_user(learner, NOW)
    assert queue.next_card(learner, study, NOW).counts.new == 2
    plan = plan_for(learner, study, NOW)
    # 10 new cards, 5 days to the exam less the last 3 for review: ⌈10 / 2⌉ = 5 a day.
    assert plan.new_per_day == 5
    upcoming = queue.next_card(learner, study, NOW, plan=plan)
    assert upcoming.counts.new == 5
    assert upcoming.card == exam_cards[0]  # the exam's topic before the other, which comes first in order
    assert "5 new cards a day to finish in time" in plan.sentences[0]


def test_the_pace_holds_all_day_as_new_cards_are_met():
    learner = UserFactory()
    set_study(learner, new_cards_per_day=2)
    exam_topic = TopicFactory()
    cards = CardFactory.create_batch(10, topic=exam_topic)
    ExamDateFactory(learner=learner, day=TODAY + timedelta(days=5), topics=[exam_topic])
    for card in cards[:3]:
        reviewing.record_answer(learner, reviewing.Shown(learner.pk, card.pk, 0, NOW), 3, NOW)
    study = StudySettings.for_user(learner, NOW)
    plan = plan_for(learner, study, NOW)
    assert plan.new_per_day == 5  # the day's 10 are counted from its start: 3 met, 2 left today
    assert queue.next_card(learner, study, NOW, plan=plan).counts.new == 2


def test_a_learner_without_an_exam_costs_no_query_more(django_assert_num_queries):
    learner = UserFactory()
    set_study(learner)
    study = StudySettings.for_user(learner, NOW)
    assert study.exam_ahead is False
    with django_assert_num_queries(0):
        assert plan_for(learner, study, NOW) is None


@pytest.mark.parametrize("cards", [3, 60])
def test_the_plan_takes_two_queries_whatever_the_cards(cards, django_assert_num_queries):
    learner = UserFactory()
    topic = TopicFactory()
    for card in CardFactory.create_batch(cards, topic=topic):
        review_card(learner, card)
    ExamDateFactory(learner=learner)
    study = StudySettings.for_user(learner, NOW)
    with django_assert_num_queries(2):
        plan_for(learner, study, NOW)


@pytest.mark.parametrize("cards", [3, 60])
def test_grading_with_an_exam_reads_the_exams_once(cards, django_assert_num_queries):
    learner = UserFactory()
    set_study(learner, spread_reviews=False)
    topic = TopicFactory()
    first, *rest = CardFactory.create_batch(cards, topic=topic)
    ExamDateFactory(learner=learner, day=TODAY + timedelta(days=40), topics=[TopicFactory()])  # another, elsewhere
    for card in [first, *rest]:
        review_card(learner, card)
    ExamDateFactory(learner=learner, day=TODAY + timedelta(days=30), target=0.97)
    shown = reviewing.Shown(learner.pk, first.pk, 3, NOW)
    # The answer with its settings, the exams (however many), and the two writes in a savepoint (and
    # its release); on PostgreSQL also `SET LOCAL synchronous_commit`.
    with django_assert_num_queries(7 if connection.vendor == "postgresql" else 6):
        assert reviewing.record_answer(learner, shown, 3, NOW)[0] == reviewing.RECORDED


def _good_button(client) -> tuple[str, str]:
    """The interval on the Good button of the card the study screen shows, and that showing's token."""
    token = client.get(reverse("study:study")).context["token"]
    page = client.get(reverse("study:answer"), {"token": token}, HTTP_HX_REQUEST="true").text
    return re.search(r'grade-label">Good</span> <span class="grade-interval">([^<]+)<', page).group(1), token


def test_the_grade_buttons_say_what_an_exam_ahead_cuts_the_interval_to(learner_client, learner):
    now = timezone.now()
    CardStateFactory(user=learner, card=CardFactory(), review=True, due=now - timedelta(hours=1))
    without_exam, _ = _good_button(learner_client)
    exam_day = StudySettings.for_user(learner).day_of(now) + timedelta(days=30)
    ExamDateFactory(learner=learner, day=exam_day, target=0.97)

    with_exam, token = _good_button(learner_client)
    learner_client.post(reverse("study:grade"), {"token": token, "rating": "3"}, HTTP_HX_REQUEST="true")

    planned = CardState.objects.get(user=learner)
    assert with_exam == format_interval(planned.due - ReviewLog.objects.get(user=learner).reviewed_at)
    # The last day the card is still at 0.97 recall, as the answer was planned; weeks sooner than without the exam.
    assert with_exam == f"{math.floor(days_until_recall(planned.stability, 0.97))}d"
    assert without_exam.endswith("mo")
