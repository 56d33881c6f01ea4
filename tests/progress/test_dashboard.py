"""The learner dashboard page and its "Study these" button."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from studyapp.study.models import CardState
from tests.factories import CardFactory, TopicFactory, UserFactory
from tests.progress.helpers import bulk_history, review, save_reviews, state

pytestmark = pytest.mark.django_db

URL = "/progress/"


def test_it_requires_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_refuses_post(client):
    client.force_login(UserFactory())
    assert client.post(URL).status_code == 405


def test_it_shows_todays_reviews_charts_and_my_data(client):
    user = UserFactory()
    now = timezone.now()
    cards = [CardFactory() for _ in range(3)]
    save_reviews([review(user, card, now - timedelta(minutes=i + 1)) for i, card in enumerate(cards)])
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<dd data-figure="reviews-today">3</dd>' in html
    assert '<dd data-figure="streak">1 day</dd>' in html
    assert html.count('role="img"') == 3  # reviews per day, forecast, heatmap
    assert '<title id="reviews-chart-title">Reviews per day, last 30 days</title>' in html
    assert "Download my data (JSON)" in html and "Delete my account" in html
    assert 'href="/static/css/progress.css"' in html
    assert " style=" not in html  # the CSP forbids inline styles


def test_the_number_of_queries_does_not_grow_with_the_history(client, django_assert_max_num_queries):
    topic = TopicFactory()
    cards = [CardFactory(topic=topic) for _ in range(20)]
    small, large = UserFactory(), UserFactory()
    now = timezone.now()
    bulk_history(small, cards, 50, now)
    bulk_history(large, cards, 3000, now)  # 120 days at 25 a day
    for user in (small, large):
        for card in cards:
            state(user, card, stability=3, last_review=now - timedelta(days=2), lapses=1)
    counts = []
    for user in (small, large):
        client.force_login(user)
        # 15 for the page (session and user included), the rest for base.html's navigation
        # (its due count alone is 6); the bound leaves room for the navigation to grow a little.
        with django_assert_max_num_queries(25), CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_study_these_puts_the_weak_cards_back_in_the_queue(client):
    user, other = UserFactory(), UserFactory()
    card, not_started, others_card = CardFactory(), CardFactory(), CardFactory()
    later = timezone.now() + timedelta(days=20)
    mine = state(user, card, due=later)
    theirs = state(other, others_card, due=later)
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


def test_study_these_is_post_only(client):
    client.force_login(UserFactory())
    assert client.get("/progress/study-weak-cards/").status_code == 405


def test_study_these_requires_log_in(client):
    response = client.post("/progress/study-weak-cards/", {"card": [1]})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
