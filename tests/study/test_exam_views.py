"""A learner's exam dates on the study settings page: adding, removing, and what the study screen says."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from studyapp.study.models import ExamDate, StudySettings
from studyapp.study.scheduling import learner_day
from tests.factories import CardFactory, TopicFactory
from tests.study.factories import ExamDateFactory

pytestmark = pytest.mark.django_db


def in_days(days: int):
    """A day counted from a new learner's study day (UTC, starting at the default hour), as the forms count it:
    between midnight and that hour it is still yesterday."""
    day_start_hour = StudySettings._meta.get_field("day_start_hour").default
    return learner_day(timezone.now(), ZoneInfo("UTC"), day_start_hour) + timedelta(days=days)


def test_it_adds_an_exam_on_all_topics(learner_client, learner):
    response = learner_client.post(reverse("study:exam-add"), {"day": in_days(10).isoformat(), "target": "0.92"})
    assert response.status_code == 302
    exam = ExamDate.objects.get(learner=learner)
    assert (exam.day, exam.target, exam.all_topics) == (in_days(10), 0.92, True)


def test_it_adds_an_exam_on_chosen_topics(learner_client, learner):
    topic = TopicFactory()
    data = {"day": in_days(10).isoformat(), "target": "0.9", "topics": [topic.pk]}
    learner_client.post(reverse("study:exam-add"), data)
    exam = ExamDate.objects.get(learner=learner)
    assert not exam.all_topics and list(exam.topics.all()) == [topic]


@pytest.mark.parametrize(
    "data, message",
    [
        ({"day": "", "target": "0.9"}, "This field is required."),
        ({"target": "0.9"}, "This field is required."),
        ({"day": "not a date", "target": "0.9"}, "Enter a valid date."),
        ({"day": "today", "target": "0.9"}, "Choose a day after today"),
        ({"day": "later", "target": "0.5"}, "greater than or equal to 0.7"),
        ({"day": "later", "target": "1.2"}, "less than or equal to 0.99"),
    ],
)
def test_it_refuses_a_bad_exam_and_says_why(learner_client, data, message):
    days = {"today": in_days(0).isoformat(), "later": in_days(5).isoformat()}
    data = {key: days.get(value, value) for key, value in data.items()}
    full = learner_client.post(reverse("study:exam-add"), data)
    assert full.status_code == 200 and message in full.text and "Study settings" in full.text
    fragment = learner_client.post(reverse("study:exam-add"), data, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and message in fragment.text
    assert "<html" not in fragment.text and 'id="exams"' in fragment.text
    assert not ExamDate.objects.exists()


def test_it_refuses_another_learners_topic(learner_client, other_learner):
    from tests.factories import OwnedTopicFactory

    private = OwnedTopicFactory(owner=other_learner)
    data = {"day": in_days(5).isoformat(), "target": "0.9", "topics": [private.pk]}
    response = learner_client.post(reverse("study:exam-add"), data, HTTP_HX_REQUEST="true")
    assert "Select a valid choice" in response.text and not ExamDate.objects.exists()


def test_the_htmx_variant_returns_the_exam_list(learner_client):
    response = learner_client.post(
        reverse("study:exam-add"), {"day": in_days(3).isoformat(), "target": "0.9"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "<html" not in response.text
    assert in_days(3).strftime("%A") in response.text and "Remove" in response.text


def test_the_target_defaults_to_the_desired_retention_within_bounds(learner_client, learner):
    StudySettings.for_user(learner)
    StudySettings.objects.filter(user=learner).update(desired_retention=0.95)
    page = learner_client.get(reverse("study:settings"))
    assert page.context["exam_form"]["target"].initial == 0.95


def test_it_removes_the_learners_own_exam(learner_client, learner):
    exam = ExamDateFactory(learner=learner, day=in_days(4))
    response = learner_client.post(reverse("study:exam-remove", args=[exam.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "removed" in response.text
    assert not ExamDate.objects.exists()


def test_it_removes_with_a_redirect_without_htmx(learner_client, learner):
    exam = ExamDateFactory(learner=learner, day=in_days(4))
    assert learner_client.post(reverse("study:exam-remove", args=[exam.pk])).status_code == 302
    assert not ExamDate.objects.exists()


def test_another_learners_exam_is_a_404(learner_client, other_learner):
    exam = ExamDateFactory(learner=other_learner, day=in_days(4))
    assert learner_client.post(reverse("study:exam-remove", args=[exam.pk])).status_code == 404
    assert ExamDate.objects.filter(pk=exam.pk).exists()


def test_it_requires_post(learner_client, learner):
    exam = ExamDateFactory(learner=learner, day=in_days(4))
    assert learner_client.get(reverse("study:exam-add")).status_code == 405
    assert learner_client.get(reverse("study:exam-remove", args=[exam.pk])).status_code == 405


def test_visitors_are_sent_to_log_in(client):
    response = client.post(reverse("study:exam-add"), {"day": in_days(4).isoformat(), "target": "0.9"})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert not ExamDate.objects.exists()


def test_the_settings_page_lists_own_and_class_exams(learner_client, learner):
    from tests.classes.factories import ClassExamFactory, ClassFactory

    klass = ClassFactory(name="Evening cohort")
    klass.add_learner(learner)
    ExamDateFactory(learner=learner, day=in_days(4))
    ClassExamFactory(klass=klass, day=in_days(9))
    ExamDateFactory(learner=learner, day=in_days(-2))  # past: no longer listed
    page = learner_client.get(reverse("study:settings"))
    assert in_days(4).strftime("%A %-d %B %Y") in page.text
    assert "set for Evening cohort by its instructor" in page.text
    assert in_days(-2).strftime("%A %-d %B %Y") not in page.text


def test_the_study_screen_says_what_the_exam_does(learner_client, learner):
    StudySettings.for_user(learner)
    StudySettings.objects.filter(user=learner).update(new_cards_per_day=1)
    topic = TopicFactory()
    CardFactory.create_batch(8, topic=topic)
    exam_day = in_days(7)
    ExamDateFactory(learner=learner, day=exam_day, topics=[topic])
    page = learner_client.get(reverse("study:study"))
    # 8 new cards over the 7 days less the last 3: ⌈8 / 4⌉ = 2 a day.
    expected = f"Exam on {exam_day:%A} {exam_day.day} {exam_day:%b}: 0 reviews brought forward, 2 new cards a day"
    assert expected in page.text
    assert page.context["next"].counts.new == 2


def test_the_dashboard_says_it_too(learner_client, learner):
    CardFactory()
    exam_day = in_days(7)
    ExamDateFactory(learner=learner, day=exam_day)
    page = learner_client.get(reverse("progress:dashboard"))
    assert f"Exam on {exam_day:%A} {exam_day.day} {exam_day:%b}: 0 reviews brought forward" in page.text


def test_without_an_exam_nothing_is_said(learner_client):
    CardFactory()
    assert "brought forward" not in learner_client.get(reverse("study:study")).text
