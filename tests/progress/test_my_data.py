"""My data: downloading everything as JSON, and deleting the account."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from studyapp.accounts.models import Profile
from studyapp.classes.models import Membership
from studyapp.progress import my_data
from studyapp.quizzes.models import Attempt
from studyapp.quizzes.results_page import quiz_results
from studyapp.study.models import CardState, ReviewLog, StudySettings
from tests.factories import (
    NOW,
    PASSWORD,
    CardFactory,
    CardStateFactory,
    InstructorFactory,
    ReviewLogFactory,
    StudySettingsFactory,
    UserFactory,
)
from tests.progress.helpers import make_class
from tests.quizzes.test_grades_for_progress import finish, five_question_quiz

pytestmark = pytest.mark.django_db

EXPORT = "/progress/my-data/export.json"
DELETE = "/progress/my-data/delete/"


@pytest.fixture
def history(learner):
    """The learner in Tokyo with their study settings, two answers on a card and its state; another learner's
    answer and state beside them."""
    learner.profile.time_zone = "Asia/Tokyo"
    learner.profile.save()
    StudySettingsFactory(user=learner, desired_retention=0.88, day_start_hour=5)
    card = CardFactory(key="lambda/limits/timeout")
    ReviewLogFactory(user=learner, card=card, reviewed_at=NOW - timedelta(days=2), kind_before=ReviewLog.KIND_NEW)
    ReviewLogFactory(user=learner, card=card, reviewed_at=NOW, rating=1, interval_before_days=2)
    CardStateFactory(review=True, user=learner, card=card, stability=2.5, lapses=1)
    theirs = CardStateFactory(review=True)
    ReviewLogFactory(user=theirs.user, card=theirs.card)


def download(client) -> dict:
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    username = response.wsgi_request.user.username
    assert response["Content-Disposition"].startswith(f'attachment; filename="serverless-study-{username}-')
    return json.loads(b"".join(response.streaming_content))


def test_the_export_holds_the_account_settings_card_states_and_every_review(learner_client, learner, history):
    data = download(learner_client)
    assert (data["format"], data["version"]) == ("serverless-study-export", 1)
    assert data["account"]["username"] == learner.username and data["account"]["time_zone"] == "Asia/Tokyo"
    assert data["study_settings"]["desired_retention"] == 0.88 and data["study_settings"]["day_start_hour"] == 5
    assert len(data["card_states"]) == 1  # not the other learner's
    assert data["card_states"][0]["card_key"] == "lambda/limits/timeout"
    assert data["card_states"][0]["lapses"] == 1 and data["card_states"][0]["stability"] == 2.5
    assert [r["rating"] for r in data["reviews"]] == [3, 1]  # oldest first, only this learner's
    first = data["reviews"][0]
    assert first["card_key"] == "lambda/limits/timeout"
    assert first["reviewed_at"].startswith((NOW - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"))
    assert first["day"] == "2026-03-08" and first["kind_before"] == 0
    assert "password" not in json.dumps(data)


def test_the_export_takes_sections_from_other_apps(learner_client, history, monkeypatch):
    monkeypatch.setitem(my_data.EXPORT_SECTIONS, "quiz_attempts", lambda user: [{"quiz": "Lambda basics", "score": 80}])
    assert download(learner_client)["quiz_attempts"] == [{"quiz": "Lambda basics", "score": 80}]


def test_the_export_requires_log_in(client):
    response = client.get(EXPORT)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_delete_asks_for_confirmation_first(learner_client, learner, history):
    response = learner_client.get(DELETE)
    assert response.status_code == 200
    assert "Your password" in response.content.decode()
    assert User.objects.filter(pk=learner.pk).exists()


def test_delete_with_the_wrong_password_deletes_nothing(learner_client, learner, history):
    response = learner_client.post(DELETE, {"password": "not-it"})
    assert response.status_code == 200
    assert "That is not your password." in response.content.decode()
    assert User.objects.filter(pk=learner.pk).exists() and ReviewLog.objects.filter(user=learner).count() == 2


def test_delete_removes_reviews_states_settings_profile_and_user(learner_client, learner, history, monkeypatch):
    called = []
    monkeypatch.setattr(
        my_data, "BEFORE_DELETE", [lambda user: called.append(ReviewLog.objects.filter(user=user).count())]
    )
    response = learner_client.post(DELETE, {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert called == [2]  # the hook ran first, while the data was still there
    assert not User.objects.filter(pk=learner.pk).exists()
    for model in (ReviewLog, CardState, StudySettings, Profile):
        assert not model.objects.filter(user_id=learner.pk).exists()
    assert ReviewLog.objects.count() == 1 and CardState.objects.count() == 1  # the other learner's stay
    assert "_auth_user_id" not in learner_client.session  # logged out
    assert learner_client.get("/progress/").status_code == 302


def test_an_instructor_who_still_owns_a_class_is_told_to_close_it_first(instructor_client, instructor):
    make_class(instructor, [])
    response = instructor_client.post(DELETE, {"password": PASSWORD})
    assert response.status_code == 200
    assert "You still teach a class" in response.content.decode()
    assert User.objects.filter(pk=instructor.pk).exists()


def test_delete_requires_log_in(client):
    response = client.post(DELETE, {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_delete_refuses_other_methods(learner_client, history):
    assert learner_client.put(DELETE).status_code == 405


# --------------------------------------------------------------------------
# Quiz attempts
# --------------------------------------------------------------------------


def _quiz_with_attempts(learner, *rights):
    """A published five-question quiz of a new instructor, the learner in its class, one attempt per entry."""
    instructor = InstructorFactory()
    quiz = five_question_quiz(instructor, learners=[learner], grading_method="highest")
    now = timezone.now()
    for n, right in enumerate(rights):
        finish(quiz, learner, right, now - timedelta(days=len(rights) - n))
    return quiz


def test_the_export_holds_the_learners_quiz_attempts(learner_client, learner, history):
    quiz = _quiz_with_attempts(learner, 4)
    _quiz_with_attempts(UserFactory(), 1)  # someone else's
    [attempt] = download(learner_client)["quiz_attempts"]
    assert (attempt["quiz"], attempt["attempt"], attempt["percent"]) == (quiz.title, 1, 80.0)
    assert [r["answer"] for r in attempt["responses"]] == ["Right"] * 4 + ["Wrong A"]


def test_deleting_a_learner_keeps_their_attempts_as_deleted_learner(learner_client, learner, history):
    ana = UserFactory(username="ana")
    quiz = _quiz_with_attempts(learner, 4)
    klass = quiz.classes.get()
    klass.add_learner(ana)
    finish(quiz, ana, 2, timezone.now() - timedelta(hours=2))
    before = quiz_results(quiz, timezone.now())

    assert learner_client.post(DELETE, {"password": PASSWORD}).status_code == 302

    after = quiz_results(quiz, timezone.now())
    assert [(row.username, row.grade) for row in after.learners] == [("ana", 40.0), ("deleted learner", 80.0)]
    assert after.counted_attempts == before.counted_attempts == 2
    assert [q.stats for q in after.questions] == [q.stats for q in before.questions]
    # Nothing refers to the account any more; the class lost a member, the quiz kept its attempt.
    assert not Attempt.objects.filter(learner_id=learner.pk).exists()
    assert not Membership.objects.filter(learner_id=learner.pk).exists()
    assert quiz.attempts.filter(learner=None).count() == 1
    assert list(klass.memberships.values_list("learner__username", flat=True)) == ["ana"]


def test_item_analysis_stays_true_when_a_learner_with_several_attempts_is_deleted(learner_client, learner, history):
    quiz = _quiz_with_attempts(learner, 2, 4)  # highest: only the 80 % attempt counts
    before = quiz_results(quiz, timezone.now())
    learner_client.post(DELETE, {"password": PASSWORD})
    after = quiz_results(quiz, timezone.now())
    assert after.counted_attempts == before.counted_attempts == 1


def test_an_instructor_who_owns_quizzes_is_told_to_hand_them_over(instructor_client, instructor):
    five_question_quiz(instructor)
    response = instructor_client.post(DELETE, {"password": PASSWORD})
    assert response.status_code == 200
    assert "You still own quizzes or bank questions" in response.content.decode()
    assert User.objects.filter(pk=instructor.pk).exists()
