import re
from datetime import timedelta

import fsrs
import pytest
from django.db import connection
from django.urls import reverse

from studyapp.study import reviewing
from studyapp.study.models import CardState, ReviewLog, StudySettings
from tests.factories import NOW, CardFactory, TopicFactory, UserFactory
from tests.study.helpers import answer

pytestmark = pytest.mark.django_db


def test_a_sequence_of_grades_gives_exactly_py_fsrs_states(no_fuzz):
    user = UserFactory()
    card = CardFactory()
    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    expected = fsrs.Card(card_id=card.pk)
    moment = NOW
    for version, rating in enumerate([3, 3, 1, 2, 4, 3, 3]):
        assert answer(user, card, rating, moment, version=version) == "recorded"
        expected, _ = scheduler.review_card(expected, fsrs.Rating(rating), review_datetime=moment)
        state = CardState.objects.get(user=user, card=card)
        assert (state.state, state.step) == (int(expected.state), expected.step)
        assert state.stability == pytest.approx(expected.stability, rel=1e-12)
        assert state.difficulty == pytest.approx(expected.difficulty, rel=1e-12)
        assert (state.due, state.last_review) == (expected.due, expected.last_review)
        moment = expected.due + timedelta(hours=1)
    assert ReviewLog.objects.filter(user=user).count() == 7
    assert state.lapses == 1


def test_each_review_logs_the_state_before_and_after_and_the_interval(no_fuzz):
    user = UserFactory()
    card = CardFactory()
    answer(user, card, 3, NOW)
    first = ReviewLog.objects.get()
    assert first.state_before is None and first.kind_before == 0
    assert first.interval_days == pytest.approx(10 / (24 * 60))  # the 10-minute learning step
    answer(user, card, 3, NOW + timedelta(minutes=10), version=1)
    second = ReviewLog.objects.order_by("id").last()
    assert second.state_before == first.state_after
    assert second.kind_before == CardState.State.LEARNING


def test_the_time_per_card_runs_from_show_to_grade_capped_at_60_seconds():
    user = UserFactory()
    card, other = CardFactory(), CardFactory()
    reviewing.record_answer(user, reviewing.Shown(user.pk, card.pk, 0, NOW), 3, NOW + timedelta(seconds=7))
    reviewing.record_answer(user, reviewing.Shown(user.pk, other.pk, 0, NOW), 3, NOW + timedelta(minutes=5))
    assert sorted(ReviewLog.objects.values_list("duration_ms", flat=True)) == [7000, 60000]


def test_a_first_answer_makes_the_learners_settings_and_returns_them():
    user = UserFactory()
    card = CardFactory()
    StudySettings.objects.filter(user=user).delete()
    outcome, study = reviewing.record_answer(user, reviewing.Shown(user.pk, card.pk, 0, NOW), 3, NOW)
    assert outcome == "recorded"
    assert study.pk == StudySettings.objects.get(user=user).pk and study.user == user
    assert ReviewLog.objects.get().day == study.day_of(NOW)


def test_posting_the_same_answer_twice_records_one_review():
    user = UserFactory()
    card = CardFactory()
    assert answer(user, card, 3, NOW) == "recorded"
    assert answer(user, card, 3, NOW) == "duplicate"
    assert ReviewLog.objects.count() == 1


def test_an_answer_from_a_stale_tab_is_not_recorded():
    user = UserFactory()
    card = CardFactory()
    tab_a = reviewing.Shown(user.pk, card.pk, 0, NOW)
    tab_b = reviewing.Shown(user.pk, card.pk, 0, NOW + timedelta(seconds=3))
    assert reviewing.record_answer(user, tab_a, 3, NOW + timedelta(seconds=5))[0] == "recorded"
    assert reviewing.record_answer(user, tab_b, 1, NOW + timedelta(seconds=6))[0] == "stale"
    assert ReviewLog.objects.count() == 1


def test_undo_restores_the_state_and_removes_the_log_row(no_fuzz):
    user = UserFactory()
    card = CardFactory()
    answer(user, card, 3, NOW)
    before = CardState.objects.get().snapshot()
    answer(user, card, 1, NOW + timedelta(minutes=10), version=1)
    study = StudySettings.for_user(user)
    assert reviewing.undo_last(user, study, NOW + timedelta(minutes=11)) == card
    assert CardState.objects.get().snapshot() == before
    assert ReviewLog.objects.count() == 1
    assert reviewing.undo_last(user, study, NOW + timedelta(minutes=12)) == card
    assert not CardState.objects.exists()  # a new card again
    assert reviewing.undo_last(user, study, NOW + timedelta(minutes=13)) is None


# --- the views -------------------------------------------------------------------------------


def shown_token(client) -> str:
    response = client.get(reverse("study:study"))
    return response.context["token"]


def test_the_study_page_shows_the_first_card_and_the_counters(learner_client):
    card = CardFactory(front="What is the maximum execution time of a Lambda function?")
    response = learner_client.get(reverse("study:study"))
    assert response.status_code == 200
    assert card.front in response.text
    assert "Show answer" in response.text
    assert card.back not in response.text  # the answer waits for "Show answer"


def test_show_answer_gives_the_back_and_four_buttons_with_intervals(learner_client):
    card = CardFactory(back="900 seconds (15 minutes)")
    token = shown_token(learner_client)
    response = learner_client.get(reverse("study:answer"), {"token": token}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "900 seconds (15 minutes)" in response.text
    for label, interval in [("Again", "1m"), ("Hard", "6m"), ("Good", "10m")]:
        assert label in response.text and interval in response.text
    assert card.front in response.text


def test_grading_by_htmx_records_the_review_and_returns_the_next_card(learner_client):
    first, second = CardFactory(position=1), CardFactory(position=2)
    token = shown_token(learner_client)
    response = learner_client.post(reverse("study:grade"), {"token": token, "rating": "3"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.text
    assert second.front in response.text
    assert ReviewLog.objects.get().card == first


def front_of(response) -> str:
    return re.search(r'<h2 id="card-front" class="front">(.*?)</h2>', response.text).group(1)


def test_a_double_submit_returns_the_same_next_card_and_records_one_review(learner_client):
    CardFactory(position=1)
    second = CardFactory(position=2)
    token = shown_token(learner_client)
    one = learner_client.post(reverse("study:grade"), {"token": token, "rating": "3"}, HTTP_HX_REQUEST="true")
    two = learner_client.post(reverse("study:grade"), {"token": token, "rating": "3"}, HTTP_HX_REQUEST="true")
    assert ReviewLog.objects.count() == 1
    assert front_of(one) == front_of(two) == second.front
    assert "already answered" not in two.text


def test_a_stale_tab_gets_a_clear_message(learner_client):
    CardFactory(position=1)
    CardFactory(position=2)
    tab_a = shown_token(learner_client)
    tab_b = shown_token(learner_client)
    learner_client.post(reverse("study:grade"), {"token": tab_a, "rating": "3"}, HTTP_HX_REQUEST="true")
    response = learner_client.post(reverse("study:grade"), {"token": tab_b, "rating": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "already answered in another tab" in response.text
    assert ReviewLog.objects.count() == 1


def test_another_learners_token_is_refused(learner_client, other_learner):
    card = CardFactory()
    token = reviewing.Shown(other_learner.pk, card.pk, 0, NOW).token()
    response = learner_client.post(reverse("study:grade"), {"token": token, "rating": "3"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "not for a card shown to you" in response.text
    assert not ReviewLog.objects.exists()


def test_a_forged_token_or_rating_is_refused(learner_client):
    CardFactory()
    token = shown_token(learner_client)
    for data in [{"token": token + "x", "rating": "3"}, {"token": token, "rating": "5"}]:
        response = learner_client.post(reverse("study:grade"), data, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
    assert not ReviewLog.objects.exists()


def test_a_card_retired_while_shown_gets_a_message(learner_client):
    card = CardFactory()
    token = shown_token(learner_client)
    card.retire()
    response = learner_client.post(reverse("study:grade"), {"token": token, "rating": "3"}, HTTP_HX_REQUEST="true")
    assert "no longer available" in response.text
    assert not ReviewLog.objects.exists()


def test_grading_without_htmx_redirects_back_to_study(learner_client):
    CardFactory()
    token = shown_token(learner_client)
    response = learner_client.post(reverse("study:grade"), {"token": token, "rating": "3"})
    assert response.status_code == 302
    assert response["Location"] == reverse("study:study")


def test_grade_is_post_only_and_needs_a_login(client, learner_client):
    assert client.get(reverse("study:grade")).status_code == 302
    assert learner_client.get(reverse("study:grade")).status_code == 405


def test_undo_and_suspend_and_bury_by_htmx(learner_client):
    first, second, third = CardFactory(position=1), CardFactory(position=2), CardFactory(position=3)
    learner_client.post(
        reverse("study:grade"), {"token": shown_token(learner_client), "rating": "3"}, HTTP_HX_REQUEST="true"
    )
    response = learner_client.post(reverse("study:undo"), HTTP_HX_REQUEST="true")
    assert "Undone" in response.text and first.front in response.text
    assert not ReviewLog.objects.exists()
    response = learner_client.post(
        reverse("study:suspend"), {"token": shown_token(learner_client)}, HTTP_HX_REQUEST="true"
    )
    assert "suspended" in response.text and second.front in response.text
    response = learner_client.post(
        reverse("study:bury"), {"token": shown_token(learner_client)}, HTTP_HX_REQUEST="true"
    )
    assert "buried" in response.text.lower() and third.front in response.text
    assert CardState.objects.get(card=first).suspended


def test_the_end_of_a_session_shows_a_summary(learner_client):
    CardFactory()
    learner_client.post(
        reverse("study:grade"), {"token": shown_token(learner_client), "rating": "4"}, HTTP_HX_REQUEST="true"
    )
    response = learner_client.get(reverse("study:study"))
    assert "Cards reviewed today" in response.text
    assert "100%" in response.text
    assert "Next card due" in response.text


def test_a_topic_study_page_only_shows_that_topics_cards(learner_client):
    lambda_card, other = CardFactory(), CardFactory()
    response = learner_client.get(reverse("study:topic", args=[other.topic.slug]))
    assert other.front in response.text and lambda_card.front not in response.text
    assert learner_client.get(reverse("study:topic", args=["no-such-topic"])).status_code == 404


@pytest.mark.parametrize("cards", [10, 2000])
def test_the_grade_round_trip_runs_a_fixed_number_of_queries(learner_client, cards, django_assert_num_queries):
    from studyapp.cards.models import Card
    from tests.factories import TopicFactory

    topic = TopicFactory()
    Card.objects.bulk_create(CardFactory.build_batch(cards, topic=topic))
    token = shown_token(learner_client)
    # Session, user, settings with the answered card, the two writes in a savepoint, the next card;
    # on PostgreSQL also the answer's `SET LOCAL synchronous_commit` (tests/study/test_answer_transaction.py).
    with django_assert_num_queries(9 if connection.vendor == "postgresql" else 8):
        learner_client.post(reverse("study:grade"), {"token": token, "rating": "3"}, HTTP_HX_REQUEST="true")


def test_the_answer_page_reads_the_card_its_state_and_the_settings_in_one_statement(
    learner_client, learner, django_assert_num_queries
):
    card = CardFactory(back="900 seconds (15 minutes)")
    answer(learner, card, 3, NOW)  # a state with a history: its intervals come from it
    CardState.objects.filter(user=learner).update(due=NOW - timedelta(days=1))
    token = shown_token(learner_client)
    with django_assert_num_queries(3):  # session, user, then settings, card, topic and state together
        response = learner_client.get(reverse("study:answer"), {"token": token}, HTTP_HX_REQUEST="true")
    assert "900 seconds (15 minutes)" in response.text
    assert "Again" in response.text and "Good" in response.text


def test_the_answer_of_a_card_retired_since_it_was_shown_is_not_shown(learner_client):
    card = CardFactory(back="900 seconds (15 minutes)")
    token = shown_token(learner_client)
    card.retire()
    response = learner_client.get(reverse("study:answer"), {"token": token}, HTTP_HX_REQUEST="true")
    assert "no longer available" in response.text
    assert "900 seconds" not in response.text


def test_an_htmx_answer_also_updates_the_study_badge(learner_client):
    CardFactory(position=1)
    CardFactory(position=2)
    page = learner_client.get(reverse("study:study"))
    assert 'id="study-badge"' in page.text and "hx-swap-oob" not in page.text
    response = learner_client.post(
        reverse("study:grade"), {"token": shown_token(learner_client), "rating": "4"}, HTTP_HX_REQUEST="true"
    )
    badge = re.search(r'<span class="badge" id="study-badge" hx-swap-oob="true">(.*?)</span>\n', response.text)
    assert badge and ">1<" in badge.group(1)  # one new card left


BADGE = re.compile(r'<span class="badge" id="study-badge"( hx-swap-oob="true")?>(.*?)</span>\n')


def test_after_an_htmx_answer_the_next_page_shows_the_study_links_new_number(learner_client):
    CardFactory(position=1)
    CardFactory(position=2)
    learner_client.get(reverse("study:study"))  # the Study link's number (2) is kept
    learner_client.post(
        reverse("study:grade"), {"token": shown_token(learner_client), "rating": "4"}, HTTP_HX_REQUEST="true"
    )
    badge = BADGE.search(learner_client.get(reverse("content:topics")).text)
    assert badge and ">1<" in badge.group(2)


def test_an_answer_in_a_topic_session_leaves_the_study_link_counting_every_topic(learner_client):
    lambda_topic, other_topic = TopicFactory(slug="lambda"), TopicFactory(slug="dynamodb")
    CardFactory(topic=lambda_topic)
    CardFactory(topic=other_topic)
    CardFactory(topic=other_topic)
    session = learner_client.get(reverse("study:study"), {"topic": "lambda"})
    response = learner_client.post(
        reverse("study:grade"),
        {"token": session.context["token"], "rating": "4", "topic": "lambda"},
        HTTP_HX_REQUEST="true",
    )
    assert 'data-count="new">0<' in response.text  # nothing left in the topic
    assert "hx-swap-oob" not in response.text  # the link does not take the topic's 0
    badge = BADGE.search(learner_client.get(reverse("content:topics")).text)
    assert badge and ">2<" in badge.group(2)  # every topic: the two other cards


CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_fragments_rely_on_the_csrf_header_and_full_pages_keep_the_field():
    """HTMX posts carry the token in a header (base.html's hx-headers); a plain post needs the field."""
    from django.test import Client

    CardFactory(position=1)
    second = CardFactory(position=2)
    CardFactory(position=3)
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    page = client.get(reverse("study:study"))
    field = CSRF_FIELD.search(page.text.split('class="study-tools"')[1]).group(1)  # the tool form's own field
    header = client.cookies["csrftoken"].value

    fragment = client.post(
        reverse("study:grade"),
        {"token": page.context["token"], "rating": "3"},
        HTTP_HX_REQUEST="true",
        HTTP_X_CSRFTOKEN=header,
    )
    assert fragment.status_code == 200 and second.front in fragment.text
    assert "csrfmiddlewaretoken" not in fragment.text

    without_header = client.post(
        reverse("study:grade"), {"token": fragment.context["token"], "rating": "3"}, HTTP_HX_REQUEST="true"
    )
    assert without_header.status_code == 403

    answer_fragment = client.get(reverse("study:answer"), {"token": fragment.context["token"]}, HTTP_HX_REQUEST="true")
    assert "csrfmiddlewaretoken" not in answer_fragment.text
    answer_page = client.get(reverse("study:answer"), {"token": fragment.context["token"]})
    assert CSRF_FIELD.search(answer_page.text.split('class="grade-form"')[1])

    plain = client.post(
        reverse("study:grade"), {"token": fragment.context["token"], "rating": "3", "csrfmiddlewaretoken": field}
    )
    assert plain.status_code == 302
    assert ReviewLog.objects.count() == 2
