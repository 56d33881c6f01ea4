"""The workload forecast in minutes (with the settings page's htmx preview) and the retention chooser."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from studyapp.progress import workload_pages
from studyapp.study.models import StudySettings
from tests.factories import CardFactory, CardStateFactory, ReviewLogFactory

pytestmark = pytest.mark.django_db

VALID = {
    "desired_retention": "0.9",
    "new_cards_per_day": "10",
    "max_reviews_per_day": "200",
    "time_zone": "UTC",
    "day_start_hour": "4",
    "learning_steps": "1m 10m",
    "relearning_steps": "10m",
    "spread_reviews": "on",
}


def average(response) -> float:
    return float(re.search(r'data-figure="minutes-average">([\d.]+)<', response.text).group(1))


@pytest.fixture
def cards(learner):
    """Twenty new cards, and ten in review due over the next days."""
    CardFactory.create_batch(20)
    now = timezone.now()
    for n in range(10):
        CardStateFactory(user=learner, review=True, stability=5.0 + n, due=now + timedelta(days=n % 4))
    return learner


def test_the_page_shows_the_next_30_days_as_a_chart_and_a_table(learner_client, cards):
    page = learner_client.get(reverse("progress:workload"))
    assert page.status_code == 200
    assert page.text.count('<rect class="bar-minutes"') >= 20  # a bar for each day with study
    assert "Minutes of study per day, next 30 days" in page.text
    assert len(re.findall(r'<tr><th scope="row">', page.text)) == 30
    assert average(page) > 0


def test_with_nothing_to_study_it_forecasts_no_minutes(learner_client):
    page = learner_client.get(reverse("progress:workload"))
    assert average(page) == 0 and "bar-minutes" not in page.text


def test_the_forecast_uses_the_learners_own_seconds_per_answer(learner, cards):
    slow = [ReviewLogFactory.build(user=learner, card=CardFactory(), rating=3, duration_ms=60000) for _ in range(12)]
    ReviewLogFactory.save_all(slow)
    study = StudySettings.for_user(learner)
    habits = workload_pages.learner_cards(learner, study).habits
    assert habits.seconds[2] == 60.0  # twelve Good answers of a minute each: over the ten needed, their mean


def test_the_htmx_preview_follows_the_typed_values_and_saves_nothing(learner_client, learner, cards):
    few = learner_client.post(reverse("progress:workload"), {**VALID, "new_cards_per_day": "0"}, HTTP_HX_REQUEST="true")
    many = learner_client.post(
        reverse("progress:workload"), {**VALID, "new_cards_per_day": "20"}, HTTP_HX_REQUEST="true"
    )
    assert few.status_code == many.status_code == 200
    assert "<html" not in few.text and "minutes-chart" in few.text
    assert average(many) > average(few)
    assert StudySettings.for_user(learner).new_cards_per_day == 20  # the default, untouched


def test_a_typed_exam_date_changes_the_preview(learner_client, cards):
    plain = learner_client.post(reverse("progress:workload"), VALID, HTTP_HX_REQUEST="true")
    soon = (timezone.now() + timedelta(days=6)).date()
    exam = {**VALID, "day": soon.isoformat(), "target": "0.97"}
    with_exam = learner_client.post(reverse("progress:workload"), exam, HTTP_HX_REQUEST="true")
    assert f"planned for the exam on {soon:%a %-d %b}" in with_exam.text and "planned for" not in plain.text
    chart = re.compile(r"<svg.*</svg>", re.S)
    assert chart.search(with_exam.text).group(0) != chart.search(plain.text).group(0)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"desired_retention": "0.5"}, "Desired retention: Ensure this value is greater than or equal to 0.7."),
        ({"new_cards_per_day": "-1"}, "New cards per day: Ensure this value is greater than or equal to 0."),
        ({"learning_steps": "5"}, "Learning steps: &#x27;5&#x27; needs a unit"),
        ({"day": "2000-01-01", "target": "0.9"}, "Exam date: Choose a day after today"),
    ],
)
def test_invalid_values_show_their_errors_and_save_nothing(learner_client, learner, changes, message):
    response = learner_client.post(reverse("progress:workload"), {**VALID, **changes}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert message in response.text and "minutes-chart" not in response.text
    assert StudySettings.for_user(learner).desired_retention == 0.9


def test_without_javascript_the_preview_is_a_full_page(learner_client, cards):
    page = learner_client.post(reverse("progress:workload"), VALID)
    assert page.status_code == 200 and "<html" in page.text and "nothing was saved" in page.text


def test_the_settings_page_asks_for_the_forecast_on_load_and_on_change(learner_client):
    page = learner_client.get(reverse("study:settings"))
    assert f'hx-post="{reverse("progress:workload")}"' in page.text
    assert 'hx-trigger="load, change from:body delay:400ms"' in page.text
    assert 'hx-include="#settings-form, #exam-form"' in page.text
    assert f'href="{reverse("progress:workload")}"' in page.text  # the plain link behind it


def test_visitors_are_sent_to_log_in(client):
    for name in ("progress:workload", "progress:retention"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_chooser_marks_the_current_and_the_most_efficient_retention(learner_client, cards):
    page = learner_client.get(reverse("progress:retention"))
    choice = page.context["choice"]
    assert [round(option.retention, 2) for option in choice.options][:3] == [0.7, 0.72, 0.74]
    assert choice.options[-1].retention == 0.97
    assert choice.current.retention == 0.9
    best = max(choice.options, key=lambda option: option.remembered_per_minute)
    assert choice.best == best
    assert page.text.count('class="bar-current"') == 2 and page.text.count('class="bar-best"') == 2
    assert "(yours)" in page.text and "(most efficient)" in page.text
    if best.retention != 0.9:
        assert (
            f'?desired_retention={best.retention:.2f}#id_desired_retention">Use {best.retention:.2f}</a>' in page.text
        )


def test_the_chooser_htmx_variant_is_a_fragment(learner_client, cards):
    fragment = learner_client.get(reverse("progress:retention"), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and "<html" not in fragment.text and "retention-minutes" in fragment.text


def test_the_chooser_is_worked_out_once_for_the_same_settings(learner_client, cards, monkeypatch):
    calls = []
    original = workload_pages.retention_options
    monkeypatch.setattr(workload_pages, "retention_options", lambda *a, **k: calls.append(1) or original(*a, **k))
    learner_client.get(reverse("progress:retention"))
    learner_client.get(reverse("progress:retention"))
    assert len(calls) == 1
    learner_client.post(reverse("study:settings"), {**VALID, "desired_retention": "0.85"})
    learner_client.get(reverse("progress:retention"))
    assert len(calls) == 2


@pytest.mark.parametrize("reviews", [5, 40])
def test_the_pages_queries_grow_with_neither_cards_nor_history(
    learner_client, learner, reviews, django_assert_num_queries
):
    now = timezone.now()
    for n in range(reviews):
        CardStateFactory(user=learner, review=True, stability=5.0 + n, due=now + timedelta(days=n % 5))
    ReviewLogFactory.save_all([ReviewLogFactory.build(user=learner, card=CardFactory()) for _ in range(reviews)])
    # Session, user, settings, card states, new cards, the log; the navigation's settings, queue and role.
    with django_assert_num_queries(9):
        learner_client.get(reverse("progress:workload"))
