"""The learner dashboard page and its "Study these" button."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from studyapp.quizzes.models import Feedback
from studyapp.study.models import CardState, StudySettings
from tests.factories import (
    CardFactory,
    CardStateFactory,
    InstructorFactory,
    ReviewLogFactory,
    TopicFactory,
    UserFactory,
)
from tests.progress.helpers import bulk_history
from tests.quizzes.test_grades_for_progress import finish, five_question_quiz

pytestmark = pytest.mark.django_db

URL = "/progress/"
TOKYO = ZoneInfo("Asia/Tokyo")


def test_it_requires_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_refuses_post(learner_client):
    assert learner_client.post(URL).status_code == 405


def test_it_shows_todays_reviews_charts_and_my_data(client):
    user = UserFactory()
    now = timezone.now()
    cards = [CardFactory() for _ in range(3)]
    for i, card in enumerate(cards):
        ReviewLogFactory(user=user, card=card, reviewed_at=now - timedelta(minutes=i + 1))
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<dd data-figure="reviews-today">3</dd>' in html
    assert '<span data-figure="streak">1 day</span>' in html
    assert html.count('role="img"') == 3  # reviews per day, forecast, heatmap
    assert '<title id="reviews-chart-title">Reviews per day, last 30 days</title>' in html
    assert "Download my data (JSON)" in html and "Delete my account" in html
    assert 'href="/static/css/progress.css"' in html
    assert " style=" not in html  # the CSP forbids inline styles


# A first view: the session and the user, the quiz history, the settings, the queue (whose count the Study
# link keeps: the navigation does not count it again), the figures' key (topics; reviews and cards), days,
# forecast, retention, mastery (with the moment the figures stop being true), topics and their cards, weakest
# cards, then base.html's navigation (its instructor check).
DASHBOARD_QUERIES = 15
# A repeated view: the same without the figures, which come from the cache under the same key, and
# without the navigation's instructor check, which is kept too (accounts.roles).
DASHBOARD_QUERIES_WARM = 7


def test_the_number_of_queries_does_not_grow_with_the_history(client, django_assert_num_queries):
    topic = TopicFactory()
    cards = [CardFactory(topic=topic) for _ in range(20)]
    small, large = UserFactory(), UserFactory()
    now = timezone.now()
    bulk_history(small, cards, 50, now)
    bulk_history(large, cards, 3000, now)  # 120 days at 25 a day
    for user in (small, large):
        for card in cards:
            CardStateFactory(
                review=True, user=user, card=card, stability=3, last_review=now - timedelta(days=2), lapses=1
            )
    for user in (small, large):
        client.force_login(user)
        # The same for 50 reviews and 3,000.
        with django_assert_num_queries(DASHBOARD_QUERIES):
            assert client.get(URL).status_code == 200
        with django_assert_num_queries(DASHBOARD_QUERIES_WARM):
            assert client.get(URL).status_code == 200


def test_study_these_puts_the_weak_cards_back_in_the_queue(client):
    user, other = UserFactory(), UserFactory()
    card, not_started, others_card = CardFactory(), CardFactory(), CardFactory()
    later = timezone.now() + timedelta(days=20)
    mine = CardStateFactory(review=True, user=user, card=card, due=later)
    theirs = CardStateFactory(review=True, user=other, card=others_card, due=later)
    client.force_login(user)
    response = client.post("/progress/study-weak-cards/", {"card": [card.pk, not_started.pk, others_card.pk, "x"]})
    assert response.status_code == 302 and response["Location"] == "/study/"
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.due <= timezone.now()
    assert theirs.due == later  # someone else's card is untouched
    # A card never studied goes to the front of the new cards: a state with no answers, due now.
    asked = CardState.objects.get(user=user, card=not_started)
    assert asked.reps == 0 and asked.due <= timezone.now()
    assert not CardState.objects.filter(user=other, card=not_started).exists()


def test_study_these_is_post_only(learner_client):
    assert learner_client.get("/progress/study-weak-cards/").status_code == 405


def test_study_these_requires_log_in(client):
    response = client.post("/progress/study-weak-cards/", {"card": [1]})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# --------------------------------------------------------------------------
# Quiz history
# --------------------------------------------------------------------------


def quiz_rows(html: str) -> list[str]:
    section = html[html.index('id="quiz-history"') :]
    section = section[: section.index("</section>")]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in re.findall(r"<tr>(.*?)</tr>", section, re.S)
    ]


def test_the_quiz_history_shows_submitted_attempts_newest_first(client):
    user = UserFactory(time_zone="Asia/Tokyo")
    instructor = InstructorFactory()
    # Noon in Tokyo, in the past: an attempt submitted 5 minutes later is on the same Tokyo day whenever this runs.
    now = (timezone.now() - timedelta(days=1)).replace(hour=3, minute=0, second=0, microsecond=0)
    best = five_question_quiz(instructor, title="Lambda limits", grading_method="highest", learners=[user])
    closes = datetime(2031, 5, 1, 9, 30, tzinfo=UTC)  # 18:30 in Tokyo
    later = five_question_quiz(
        instructor, title="DynamoDB capacity", feedback=Feedback.CLOSE, closes_at=closes, learners=[user]
    )
    first = finish(best, user, 2, now - timedelta(days=3))
    finish(best, user, 4, now - timedelta(days=2))
    finish(later, user, 5, now - timedelta(days=1))
    client.force_login(user)
    html = client.get(URL).content.decode()
    assert quiz_rows(html)[1:] == [
        f"DynamoDB capacity attempt 1 {(now - timedelta(days=1)).astimezone(TOKYO):%-d %b %Y} "
        "Results after 1 May 2031, 18:30",
        f"Lambda limits attempt 2 {(now - timedelta(days=2)).astimezone(TOKYO):%-d %b %Y} 80% 80% · passed best of 2",
        f"Lambda limits attempt 1 {(now - timedelta(days=3)).astimezone(TOKYO):%-d %b %Y} 40%",
    ]
    assert f'href="/quizzes/attempts/{first.pk}/review/"' in html


def test_the_quiz_history_says_when_nothing_was_submitted(learner_client):
    html = learner_client.get(URL).content.decode()
    assert "No quizzes submitted yet." in html and 'href="/quizzes/"' in html


def test_the_read_only_view_links_only_the_instructors_own_quiz_attempts(client):
    user, instructor = UserFactory(), InstructorFactory()
    own = five_question_quiz(instructor, title="Own quiz", learners=[user])
    others = five_question_quiz(InstructorFactory(), title="Another instructor's", learners=[user])
    mine, theirs = finish(own, user, 3, timezone.now() - timedelta(days=1)), finish(others, user, 3, timezone.now())
    client.force_login(instructor)
    html = client.get(f"/progress/classes/{own.classes.get().pk}/learners/{user.pk}/").content.decode()
    assert f'href="/quizzes/attempts/{mine.pk}/review/"' in html
    assert f"/quizzes/attempts/{theirs.pk}/" not in html and "Another instructor&#x27;s" in html


def test_the_quiz_history_takes_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    instructor = InstructorFactory()
    quizzes = [five_question_quiz(instructor) for _ in range(3)]
    now = timezone.now()
    counts = []
    for attempts in (1, 12):
        user = UserFactory()
        StudySettings.for_user(user)  # not the first visit, which creates them
        for n in range(attempts):
            finish(quizzes[n % 3], user, n % 5, now - timedelta(days=attempts - n))
        client.force_login(user)
        # The page without quizzes (see above) and 2 for the history: expired attempts, finished ones.
        with django_assert_max_num_queries(25 + 2), CaptureQueriesContext(connection) as queries:
            html = client.get(URL).content.decode()
        assert len(quiz_rows(html)) == attempts + 1  # and the heading row
        counts.append(len(queries))
    assert counts[0] == counts[1]
