"""The home page: visitors read what the app is; a signed-in learner or instructor sees what to do today."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from studyapp.cards.models import CardFlag
from studyapp.study.models import StudySettings
from tests.factories import (
    PASSWORD,
    CardFactory,
    CardStateFactory,
    InstructorFactory,
    ReviewLogFactory,
    TopicFactory,
    UserFactory,
)
from tests.progress.helpers import bulk_history, make_class
from tests.quizzes.factories import QuestionFactory, QuizFactory
from tests.quizzes.test_grades_for_progress import finish
from tests.study.factories import ExamDateFactory

pytestmark = pytest.mark.django_db

URL = "/"


def main(response) -> str:
    return response.content.decode().split("<main")[1].split("</main>")[0]


def section(response, heading_id: str) -> str:
    return main(response).split(f'id="{heading_id}"')[1].split("</section>")[0]


# --------------------------------------------------------------------------
# Visitors
# --------------------------------------------------------------------------


def test_a_visitor_still_gets_the_marketing_page(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Where to start" in response.text and "Sign up — it's free" in response.text
    assert "today" not in response.context


def test_it_refuses_post(client):
    assert client.post(URL).status_code == 405


def test_logging_in_lands_on_today(client, learner):
    credentials = {"username": learner.username, "password": PASSWORD}
    response = client.post(reverse("accounts:login"), credentials, follow=True)
    assert response.redirect_chain[-1][0] == URL
    assert "<h1>Today</h1>" in main(response)
    assert "Sign up" not in main(response)


# --------------------------------------------------------------------------
# Learners
# --------------------------------------------------------------------------


def test_a_learner_sees_the_cards_due_and_a_study_button(learner_client, learner):
    topic = TopicFactory()
    due, _new = CardFactory(topic=topic), CardFactory(topic=topic)
    CardStateFactory(
        review=True,
        user=learner,
        card=due,
        last_review=timezone.now() - timedelta(days=3),
        due=timezone.now() - timedelta(hours=1),
    )
    response = learner_client.get(URL)
    counts = response.context["today"].counts
    assert (counts.review, counts.learning, counts.new) == (1, 0, 1)
    part = section(response, "due-heading")
    assert '<span data-figure="due">2</span>' in part
    assert 'href="/study/"' in part and "Study now" in part


def exam_ahead_of_ten_new_cards(user) -> None:
    """Two new cards a day in the settings, but ten new cards to meet before an exam in five days, the last
    three kept for review: the plan makes it five a day."""
    study = StudySettings.for_user(user)
    StudySettings.objects.filter(user=user).update(new_cards_per_day=2)
    exam_topic = TopicFactory()
    CardFactory.create_batch(10, topic=exam_topic)
    ExamDateFactory(learner=user, day=study.day_of(timezone.now()) + timedelta(days=5), topics=[exam_topic])


def test_with_an_exam_ahead_today_counts_the_cards_the_study_screen_and_its_link_count(learner_client, learner):
    exam_ahead_of_ten_new_cards(learner)
    response = learner_client.get(URL)
    assert response.context["today"].counts.new == 5
    part = section(response, "due-heading")
    assert '<span data-figure="due">5</span>' in part
    assert "5 new cards a day to finish in time" in part  # why it is more than the two of the settings
    assert 'id="study-badge"><span class="visually-hidden">, </span>5<' in response.text
    assert learner_client.get(reverse("study:study")).context["next"].counts.new == 5


def test_a_learner_with_nothing_due_is_told_so(learner_client, learner):
    part = section(learner_client.get(URL), "due-heading")
    assert "Nothing left to study today" in part and "Study now" not in part


def test_a_learner_sees_the_open_quizzes_they_have_not_done_with_their_closing_dates(
    learner_client, learner, instructor
):
    now = timezone.now()
    question = QuestionFactory(author=instructor)

    def quiz(title, **kwargs):
        return QuizFactory(instructor=instructor, title=title, questions=[question], learners=[learner], **kwargs)

    closing = quiz("Closing soon", closes_at=now + timedelta(days=3))
    open_ended = quiz("No deadline")
    started = quiz("Started")
    started.start_attempt(learner, now)
    finish(quiz("Already done", attempts_allowed=3), learner, 1, now - timedelta(hours=1))
    quiz("Closed", closes_at=now - timedelta(days=1))
    quiz("Opens later", opens_at=now + timedelta(days=2))
    quiz("Draft", published_at=None)
    QuizFactory(title="Another class", questions=[question], learners=[UserFactory()])

    response = learner_client.get(URL)
    # Soonest closing first; those with no closing date after, by title.
    assert [row.quiz.title for row in response.context["today"].quizzes] == ["Closing soon", "No deadline", "Started"]
    part = section(response, "quizzes-heading")
    for title in ("Already done", "Closed", "Opens later", "Draft", "Another class"):
        assert title not in part
    item = part.split(f'data-quiz="{closing.pk}"')[1].split("</li>")[0]
    assert f'datetime="{closing.closes_at:%Y-%m-%dT%H:%M:%S}' in item
    assert f'href="/quizzes/{closing.pk}/"' in item
    assert f'href="/quizzes/attempts/{started.attempts.get().pk}/"' in part
    assert f'data-quiz="{open_ended.pk}"' in part and "No closing date" in part


def test_a_learner_with_no_quiz_waiting_is_told_so(learner_client):
    assert "No quiz is waiting for you" in section(learner_client.get(URL), "quizzes-heading")


def test_a_learner_continues_the_topics_they_have_started(learner_client, learner):
    started, untouched, finished = TopicFactory(), TopicFactory(), TopicFactory()
    learned, _left = CardFactory(topic=started), CardFactory(topic=started)
    CardFactory(topic=untouched)
    CardStateFactory(review=True, user=learner, card=learned)
    CardStateFactory(review=True, user=learner, card=CardFactory(topic=finished))
    response = learner_client.get(URL)
    assert [m.topic for m in response.context["today"].in_progress] == [started]
    part = section(response, "topics-heading")
    item = part.split(f'data-topic="{started.slug}"')[1].split("</li>")[0]
    assert f'href="/study/topic/{started.slug}/"' in item and "1 of 2" in item
    assert f'href="{untouched.get_absolute_url()}"' in part  # offered as a topic to start
    assert f'data-topic="{finished.slug}"' not in part and f'data-topic="{untouched.slug}"' not in part


def test_a_learners_page_takes_the_same_queries_however_much_they_did(client, django_assert_num_queries):
    author, now = InstructorFactory(), timezone.now()
    topics = [TopicFactory() for _ in range(3)]
    cards = [CardFactory(topic=topics[i % 3]) for i in range(30)]
    question = QuestionFactory(author=author)

    def world(quizzes: int, reviews: int, states: int):
        user = UserFactory()
        StudySettings.for_user(user)  # not the first visit, which creates them
        for n in range(quizzes):
            quiz = QuizFactory(instructor=author, questions=[question], learners=[user], attempts_allowed=0)
            if n % 2:
                finish(quiz, user, 1, now - timedelta(days=n))
        if reviews:
            bulk_history(user, cards, reviews, now)
        for card in cards[:states]:
            CardStateFactory(review=True, user=user, card=card, stability=3, last_review=now - timedelta(days=4))
        return user

    small, large = world(1, 0, 1), world(8, 2000, 25)
    client.force_login(small)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    client.force_login(large)
    with django_assert_num_queries(len(queries)):
        response = client.get(URL)
    assert len(response.context["today"].quizzes) == 4  # the even ones: not submitted


# --------------------------------------------------------------------------
# Instructors
# --------------------------------------------------------------------------


@pytest.fixture
def teaching(instructor):
    """Ana studied yesterday; Ben never; Cy ten days ago. A second class is empty; another instructor's is not ours."""
    ana, ben, cy = UserFactory(username="ana"), UserFactory(username="ben"), UserFactory(username="cy")
    klass = make_class(instructor, [ana, ben, cy], name="Cohort A")
    empty = make_class(instructor, [], name="Cohort B")
    make_class(InstructorFactory(), [UserFactory(username="dan")], name="Not mine")
    now, card = timezone.now(), CardFactory()
    ReviewLogFactory(user=ana, card=card, reviewed_at=now - timedelta(days=1))
    ReviewLogFactory(user=cy, card=card, reviewed_at=now - timedelta(days=10))
    return {"klass": klass, "empty": empty, "ana": ana, "ben": ben, "cy": cy}


def test_an_instructor_sees_their_classes_with_a_line_of_figures(instructor_client, teaching):
    response = instructor_client.get(URL)
    part = section(response, "classes-heading")
    assert "Not mine" not in part
    line = part.split(f'data-class="{teaching["klass"].pk}"')[1].split("</li>")[0]
    assert f'href="/progress/classes/{teaching["klass"].pk}/"' in line
    assert '<span data-figure="learners">3</span>' in line and '<span data-figure="active">1</span>' in line
    assert f'data-class="{teaching["empty"].pk}"' in part


def test_an_instructor_sees_who_is_falling_behind(instructor_client, teaching):
    part = section(instructor_client.get(URL), "behind-heading")
    klass = teaching["klass"]
    assert f'href="/progress/classes/{klass.pk}/learners/{teaching["ben"].pk}/"' in part
    assert f'href="/progress/classes/{klass.pk}/learners/{teaching["cy"].pk}/"' in part
    assert "no review yet" in part and "no review in 7 days" in part
    assert f"/learners/{teaching['ana'].pk}/" not in part and "dan" not in part


def test_an_instructor_sees_the_quizzes_with_recent_submissions(instructor_client, instructor):
    now = timezone.now()
    ana, ben = UserFactory(), UserFactory()
    question = QuestionFactory(author=instructor)
    recent = QuizFactory(instructor=instructor, title="Handed in this week", questions=[question], learners=[ana, ben])
    finish(recent, ana, 1, now - timedelta(days=2))
    finish(recent, ben, 0, now - timedelta(hours=3))
    old = QuizFactory(instructor=instructor, title="Handed in long ago", questions=[question], learners=[ana])
    finish(old, ana, 1, now - timedelta(days=20))
    running = QuizFactory(instructor=instructor, title="Being taken", questions=[question], learners=[ben])
    running.start_attempt(ben, now)
    others = QuizFactory(title="Another instructor's", questions=[question], learners=[ana])
    finish(others, ana, 1, now - timedelta(days=1))

    response = instructor_client.get(URL)
    quizzes = response.context["today"].quizzes
    assert [q.title for q in quizzes] == ["Handed in this week", "Being taken"]
    assert (quizzes[0].recent, quizzes[0].in_progress, quizzes[1].in_progress) == (2, 0, 1)
    part = section(response, "teach-quizzes-heading")
    assert f'href="/quizzes/{recent.pk}/results/"' in part and f'href="/quizzes/{running.pk}/results/"' in part
    assert "long ago" not in part and "Another instructor" not in part


def test_an_instructor_sees_the_open_flags(instructor_client, instructor):
    card, learner = CardFactory(), UserFactory()
    CardFlag.objects.create(card=card, user=learner, reason="wrong")
    CardFlag.objects.create(card=card, user=learner, reason="unclear")
    CardFlag.objects.create(card=card, user=learner, reason="wrong", resolved_at=timezone.now(), resolved_by=instructor)
    part = section(instructor_client.get(URL), "flags-heading")
    assert '<span data-figure="open-flags">2</span>' in part and 'href="/cards/flags/"' in part


def test_an_instructor_who_teaches_nothing_yet_is_shown_where_to_start(instructor_client):
    response = instructor_client.get(URL)
    assert "You do not teach a class yet" in section(response, "classes-heading")
    assert "No learner is falling behind" in section(response, "behind-heading")
    assert "No quiz has had submissions this week" in section(response, "teach-quizzes-heading")
    assert '<span data-figure="open-flags">0</span>' in section(response, "flags-heading")


def test_an_instructor_keeps_their_own_study_in_reach(instructor_client, instructor):
    assert 'href="/progress/"' in section(instructor_client.get(URL), "own-heading")
    CardFactory()  # a new card to learn
    part = section(instructor_client.get(URL), "own-heading")
    assert '<span data-figure="due">1</span>' in part and 'href="/study/"' in part


def test_an_instructor_with_an_exam_ahead_sees_the_count_their_study_link_has(instructor_client, instructor):
    exam_ahead_of_ten_new_cards(instructor)
    response = instructor_client.get(URL)
    part = section(response, "own-heading")
    assert '<span data-figure="due">5</span>' in part
    assert "5 new cards a day to finish in time" in part
    assert 'id="study-badge"><span class="visually-hidden">, </span>5<' in response.text


def test_an_instructors_page_takes_the_same_queries_however_big_the_classes(client, django_assert_num_queries):
    now, cards = timezone.now(), [CardFactory() for _ in range(10)]

    def world(classes: int, size: int, reviews: int):
        owner = InstructorFactory()
        StudySettings.for_user(owner)
        question = QuestionFactory(author=owner)
        for n in range(classes):
            learners = [UserFactory() for _ in range(size)]
            klass = make_class(owner, learners, name=f"Class {n}")
            quiz = QuizFactory(instructor=owner, questions=[question], attempts_allowed=0)
            quiz.classes.add(klass)
            for learner in learners:
                bulk_history(learner, cards, reviews, now)
                finish(quiz, learner, 1, now - timedelta(days=1))
            CardFlag.objects.create(card=cards[n], user=learners[0], reason="wrong")
        return owner

    small, large = world(1, 1, 2), world(4, 6, 50)
    client.force_login(small)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    client.force_login(large)
    with django_assert_num_queries(len(queries)):
        response = client.get(URL)
    assert len(response.context["today"].classes) == 4
    assert len(response.context["today"].quizzes) == 4


def test_a_learners_override_opens_a_closed_quiz_on_their_today_page(learner_client, learner, instructor):
    from studyapp.quizzes.models import Override

    now = timezone.now()
    closed = QuizFactory(
        instructor=instructor,
        title="Closed for the class",
        questions=[QuestionFactory(author=instructor)],
        learners=[learner],
        closes_at=now - timedelta(days=1),
    )
    assert "Closed for the class" not in section(learner_client.get(URL), "quizzes-heading")
    later = now + timedelta(days=2)
    Override.objects.create(quiz=closed, learner=learner, closes_at=later, reason="Was ill")
    item = section(learner_client.get(URL), "quizzes-heading").split(f'data-quiz="{closed.pk}"')[1].split("</li>")[0]
    assert f'datetime="{later:%Y-%m-%dT%H:%M:%S}' in item
