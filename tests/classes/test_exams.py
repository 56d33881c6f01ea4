"""A class's exam dates on the class page: set by its instructor, from a day or a quiz's closing day."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from studyapp.classes.models import ClassExam
from tests.classes.factories import ClassExamFactory, ClassFactory
from tests.factories import OwnedTopicFactory, TopicFactory

pytestmark = pytest.mark.django_db


def in_days(days: int):
    return (timezone.now() + timedelta(days=days)).date()


@pytest.fixture
def klass(instructor):
    return ClassFactory(instructor=instructor, name="Evening cohort")


def test_the_class_page_has_the_exam_form(instructor_client, klass):
    page = instructor_client.get(reverse("classes:detail", args=[klass.pk]))
    assert 'id="exams-heading"' in page.text and "Set the exam" in page.text


def test_it_sets_an_exam_on_every_topic(instructor_client, klass):
    data = {"day": in_days(12).isoformat(), "target": "0.85"}
    response = instructor_client.post(reverse("classes:exam-add", args=[klass.pk]), data)
    assert response.status_code == 302
    exam = ClassExam.objects.get(klass=klass)
    assert (exam.day, exam.target, exam.all_topics) == (in_days(12), 0.85, True)


def test_it_sets_an_exam_on_topics_of_the_class(instructor_client, klass, instructor):
    site, shared = TopicFactory(), OwnedTopicFactory(owner=instructor)
    klass.share(shared)
    data = {"day": in_days(12).isoformat(), "target": "0.9", "topics": [site.pk, shared.pk]}
    response = instructor_client.post(reverse("classes:exam-add", args=[klass.pk]), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "<html" not in response.text and "set:" in response.text
    exam = ClassExam.objects.get()
    assert not exam.all_topics and set(exam.topics.all()) == {site, shared}


def test_a_topic_not_shared_with_the_class_is_refused(instructor_client, klass, instructor):
    private = OwnedTopicFactory(owner=instructor)
    data = {"day": in_days(12).isoformat(), "target": "0.9", "topics": [private.pk]}
    response = instructor_client.post(reverse("classes:exam-add", args=[klass.pk]), data, HTTP_HX_REQUEST="true")
    assert "Select a valid choice" in response.text and not ClassExam.objects.exists()


def test_it_takes_the_day_a_quiz_closes(instructor_client, klass, instructor):
    from tests.quizzes.factories import QuizFactory

    closes = timezone.now() + timedelta(days=9)
    quiz = QuizFactory(instructor=instructor, closes_at=closes)
    quiz.classes.add(klass)
    page = instructor_client.get(reverse("classes:detail", args=[klass.pk]))
    assert f"{quiz.title} (closes" in page.text
    instructor_client.post(reverse("classes:exam-add", args=[klass.pk]), {"quiz": str(quiz.pk), "target": "0.9"})
    assert ClassExam.objects.get().day == closes.date()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"target": "0.9"}, "Give the exam date, or choose a quiz"),
        ({"day": "yesterday", "target": "0.9"}, "Choose a day after today"),
        ({"day": "later", "target": "0.6"}, "greater than or equal to 0.7"),
        ({"day": "later", "target": "0.9", "quiz": "999999"}, "Select a valid choice"),
    ],
)
def test_it_refuses_a_bad_exam_and_says_why(instructor_client, klass, data, message):
    days = {"yesterday": in_days(-1).isoformat(), "later": in_days(5).isoformat()}
    data = {key: days.get(value, value) for key, value in data.items()}
    url = reverse("classes:exam-add", args=[klass.pk])
    full = instructor_client.post(url, data)
    assert full.status_code == 200 and message in full.text and "Roster" in full.text
    fragment = instructor_client.post(url, data, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and message in fragment.text and "Roster" not in fragment.text
    assert not ClassExam.objects.exists()


def test_it_removes_an_exam(instructor_client, klass):
    exam = ClassExamFactory(klass=klass, day=in_days(5))
    response = instructor_client.post(reverse("classes:exam-remove", args=[klass.pk, exam.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "removed" in response.text and not ClassExam.objects.exists()


def test_another_instructor_gets_a_404(other_instructor_client, klass):
    exam = ClassExamFactory(klass=klass, day=in_days(5))
    data = {"day": in_days(12).isoformat(), "target": "0.9"}
    assert other_instructor_client.post(reverse("classes:exam-add", args=[klass.pk]), data).status_code == 404
    assert other_instructor_client.post(reverse("classes:exam-remove", args=[klass.pk, exam.pk])).status_code == 404
    assert list(ClassExam.objects.all()) == [exam]


def test_an_exam_of_another_class_is_a_404(instructor_client, klass):
    elsewhere = ClassExamFactory(day=in_days(5))
    response = instructor_client.post(reverse("classes:exam-remove", args=[klass.pk, elsewhere.pk]))
    assert response.status_code == 404 and ClassExam.objects.filter(pk=elsewhere.pk).exists()


def test_learners_and_visitors_cannot_set_one(learner_client, client, klass):
    data = {"day": in_days(12).isoformat(), "target": "0.9"}
    assert learner_client.post(reverse("classes:exam-add", args=[klass.pk]), data).status_code == 403
    assert client.post(reverse("classes:exam-add", args=[klass.pk]), data).status_code == 302
    assert not ClassExam.objects.exists()


def test_it_requires_post(instructor_client, klass):
    assert instructor_client.get(reverse("classes:exam-add", args=[klass.pk])).status_code == 405
