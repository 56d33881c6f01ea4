"""Taking a quiz: starting, autosaving, the server-side deadline, submitting, and the review."""

import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from studyapp.quizzes.models import Attempt, AttemptRefused, Quiz, Response
from studyapp.study.models import CardState
from tests.factories import CardFactory, CardStateFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz(instructor, learner) -> Quiz:
    questions = [
        QuestionFactory(author=instructor, text="Pick the right one", explanation="SECRET-EXPLANATION"),
        QuestionFactory(author=instructor, kind="short", text="Name the runtime", accepted_answers=["Node.js"]),
        QuestionFactory(
            author=instructor, kind="numeric", text="Seconds in 15 minutes?", numeric_answer=900, tolerance=0
        ),
    ]
    return QuizFactory(instructor=instructor, questions=questions, learners=[learner], time_limit=timedelta(minutes=10))


def start(client, quiz) -> Attempt:
    response = client.post(reverse("quizzes:start", args=[quiz.pk]))
    assert response.status_code == 302
    return Attempt.objects.get(pk=int(response.url.rstrip("/").split("/")[-1]))


def answers(attempt: Attempt) -> dict:
    """Form data answering every question right."""
    data = {"shown": [str(r.pk) for r in attempt.responses.all()]}
    for response in attempt.responses.select_related("question"):
        question = response.question
        if question.kind == "single":
            data[f"r-{response.pk}"] = str(question.options.get(is_correct=True).pk)
        elif question.kind == "short":
            data[f"r-{response.pk}"] = "nodejs"
        else:
            data[f"r-{response.pk}"] = "900"
    return data


# --- the list and the quiz page --------------------------------------------------------------


def test_the_list_shows_assigned_quizzes_with_their_status(learner_client, quiz):
    response = learner_client.get(reverse("quizzes:list"))
    assert response.status_code == 200
    assert quiz.title in response.text and "Not started" in response.text
    start(learner_client, quiz)
    assert "In progress" in learner_client.get(reverse("quizzes:list")).text


def test_a_learner_sees_only_quizzes_of_their_classes(other_learner_client, quiz):
    stranger = other_learner_client
    assert quiz.title not in stranger.get(reverse("quizzes:list")).text
    assert stranger.get(reverse("quizzes:detail", args=[quiz.pk])).status_code == 404
    assert stranger.post(reverse("quizzes:start", args=[quiz.pk])).status_code == 404


def test_an_unpublished_quiz_is_not_listed(learner_client, quiz):
    Quiz.objects.filter(pk=quiz.pk).update(published_at=None)
    assert quiz.title not in learner_client.get(reverse("quizzes:list")).text


def test_the_quiz_pages_require_login(client, quiz):
    for url in (reverse("quizzes:list"), reverse("quizzes:detail", args=[quiz.pk])):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_start_by_get_starts_nothing_and_leads_to_the_quiz_page(client, learner_client, quiz):
    url = reverse("quizzes:start", args=[quiz.pk])
    # Start pressed in a session that expired: logging in leads to Start's URL, which shows the quiz page.
    assert client.post(url).url == f"{reverse('accounts:login')}?next={url}"
    response = learner_client.get(url)
    assert response.status_code == 302 and response.url == quiz.get_absolute_url()
    assert not Attempt.objects.exists()


# --- starting ------------------------------------------------------------------------------


def test_starting_creates_an_attempt_with_a_server_side_deadline(learner_client, quiz, learner):
    before = timezone.now()
    attempt = start(learner_client, quiz)
    assert attempt.learner == learner and attempt.number == 1
    assert before + timedelta(minutes=10) <= attempt.deadline <= timezone.now() + timedelta(minutes=10)
    assert attempt.responses.count() == 3 and attempt.max_score == 3


def test_the_deadline_is_cut_short_by_the_closing_time(learner_client, quiz):
    closes = timezone.now() + timedelta(minutes=3)
    Quiz.objects.filter(pk=quiz.pk).update(closes_at=closes)
    assert start(learner_client, quiz).deadline == closes


def test_starting_again_resumes_the_open_attempt(learner_client, quiz):
    first = start(learner_client, quiz)
    assert start(learner_client, quiz) == first
    assert Attempt.objects.count() == 1


BOOSTED = {"HTTP_HX_REQUEST": "true", "HTTP_HX_BOOSTED": "true"}  # the quiz page's Start button (hx-boost)


def test_the_pages_start_button_gets_the_attempt_page_and_its_address(learner_client, quiz, learner):
    response = learner_client.post(reverse("quizzes:start", args=[quiz.pk]), **BOOSTED)
    attempt = Attempt.objects.get(learner=learner)
    assert response.status_code == 200 and response["HX-Push-Url"] == attempt.get_absolute_url()
    # The whole attempt page, as a reload of that address shows it: htmx swaps its body in.
    assert "<title>" + f"{quiz.title} · attempt 1" in response.text and 'id="quiz-timer"' in response.text
    assert all(f'id="q-{pk}"' in response.text for pk in attempt.responses.values_list("pk", flat=True))
    assert reverse("quizzes:attempt-save", args=[attempt.pk]) in response.text


def test_the_start_button_resumes_the_open_attempt(learner_client, quiz):
    first = start(learner_client, quiz)
    response = learner_client.post(reverse("quizzes:start", args=[quiz.pk]), **BOOSTED)
    assert response["HX-Push-Url"] == first.get_absolute_url()
    assert Attempt.objects.count() == 1


def test_the_start_button_sends_an_expired_attempt_to_its_review(learner_client, quiz):
    attempt = start(learner_client, quiz)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    response = learner_client.post(reverse("quizzes:start", args=[quiz.pk]), **BOOSTED)
    # A plain redirect, which htmx follows and shows at its own address (not a page in the form).
    assert response.status_code == 302 and "HX-Push-Url" not in response
    assert response.url == reverse("quizzes:attempt-review", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.auto_submitted


def test_the_start_button_refused_goes_back_to_the_quiz_page_saying_why(learner_client, quiz):
    Quiz.objects.filter(pk=quiz.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    response = learner_client.post(reverse("quizzes:start", args=[quiz.pk]), follow=True, **BOOSTED)
    assert response.redirect_chain == [(quiz.get_absolute_url(), 302)]
    assert "This quiz is closed." in response.text
    assert not Attempt.objects.exists()


def test_the_attempt_limit_holds(quiz, learner):
    now = timezone.now()
    quiz.start_attempt(learner, now).finalize(now)
    with pytest.raises(AttemptRefused):
        quiz.start_attempt(learner, now)


def test_a_closed_or_not_yet_open_quiz_cannot_be_started(quiz, learner):
    now = timezone.now()
    quiz.closes_at = now - timedelta(minutes=1)
    with pytest.raises(AttemptRefused, match="closed"):
        quiz.start_attempt(learner, now)
    quiz.closes_at, quiz.opens_at = None, now + timedelta(hours=1)
    with pytest.raises(AttemptRefused, match="not open"):
        quiz.start_attempt(learner, now)


def test_an_attempt_in_progress_counts_as_used(learner_client, quiz):
    quiz.attempts_allowed = 2
    quiz.save()
    assert "2 allowed, 2 left" in learner_client.get(quiz.get_absolute_url()).text
    start(learner_client, quiz)
    page = learner_client.get(quiz.get_absolute_url()).text
    assert "2 allowed, 1 left" in page and "Continue attempt 1" in page
    assert "1 of 2" in learner_client.get(reverse("quizzes:list")).text


def test_the_quiz_page_says_why_a_learner_cannot_start(learner_client, quiz, learner):
    """Closed after one of two attempts: closed, not "no attempts left" under "1 left"."""
    quiz.attempts_allowed = 2
    quiz.save()
    now = timezone.now()
    quiz.start_attempt(learner, now).finalize(now)
    quiz.closes_at = now - timedelta(minutes=1)
    quiz.save()
    page = learner_client.get(quiz.get_absolute_url()).text
    assert "2 allowed, 1 left" in page and "This quiz is closed." in page and "No attempts left." not in page

    quiz.closes_at, quiz.attempts_allowed = None, 1
    quiz.save()
    page = learner_client.get(quiz.get_absolute_url()).text
    assert "No attempts left." in page and "This quiz is closed." not in page

    quiz.attempts_allowed, quiz.opens_at = 2, now + timedelta(days=1)
    quiz.save()
    page = learner_client.get(quiz.get_absolute_url()).text
    assert "This quiz opens" in page and "No attempts left." not in page


def test_random_slots_draw_per_attempt_from_the_chosen_topics(instructor, learner):
    pool = [QuestionFactory(author=instructor) for _ in range(6)]
    topic_ids = {q.topic_id for q in pool}
    quiz = QuizFactory(instructor=instructor, attempts_allowed=0, learners=[learner])
    slot = quiz.slots.create(random_count=2, position=1)
    slot.random_topics.set(topic_ids)
    drawn = set()
    now = timezone.now()
    for _ in range(6):
        attempt = quiz.start_attempt(learner, now)
        picked = list(attempt.responses.values_list("question_id", flat=True))
        assert len(picked) == 2 and len(set(picked)) == 2
        drawn.update(picked)
        attempt.finalize(now)
    assert len(drawn) > 2  # not the same two every time
    assert drawn <= {q.pk for q in pool}


@pytest.mark.django_db(transaction=True)
def test_the_attempt_limit_holds_when_two_starts_race(instructor, learner):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:memorydb", ":memory:")):
        pytest.skip(
            "SQLite's in-memory test database is shared by threads without locking; runs on a file or PostgreSQL"
        )
    quiz = QuizFactory(
        instructor=instructor, questions=[QuestionFactory(author=instructor)], learners=[learner], attempts_allowed=2
    )
    now = timezone.now()
    quiz.start_attempt(learner, now).finalize(now)  # one attempt used, one left
    barrier = threading.Barrier(4)
    results, errors = [], []

    def race():
        try:
            barrier.wait()
            results.append(Quiz.objects.get(pk=quiz.pk).start_attempt(learner, now).pk)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=race) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert Attempt.objects.filter(quiz=quiz, learner=learner).count() == 2
    assert len(set(results)) == 1  # every racer landed on the same, second attempt


# --- answering -----------------------------------------------------------------------------


def test_autosave_stores_one_answer_and_says_saved(learner_client, quiz):
    attempt = start(learner_client, quiz)
    short = attempt.responses.get(question__kind="short")
    data = {**answers(attempt), "response": str(short.pk)}
    response = learner_client.post(reverse("quizzes:attempt-save", args=[attempt.pk]), data, **HTMX)
    assert response.status_code == 200 and "Saved" in response.text and "<html" not in response.text
    saved = {r.question.kind: r for r in attempt.responses.select_related("question")}
    assert saved["short"].text == "nodejs"
    assert saved["single"].selected == [] and saved["numeric"].text == ""  # only the question that changed


def test_the_plain_form_saves_every_answer_and_comes_back(learner_client, quiz):
    attempt = start(learner_client, quiz)
    response = learner_client.post(reverse("quizzes:attempt-save", args=[attempt.pk]), answers(attempt))
    assert response.status_code == 302 and response.url == reverse("quizzes:attempt", args=[attempt.pk])
    assert all(r.is_answered for r in attempt.responses.all())


def test_a_reload_shows_the_saved_answers(learner_client, quiz):
    attempt = start(learner_client, quiz)
    learner_client.post(reverse("quizzes:attempt-save", args=[attempt.pk]), answers(attempt))
    page = learner_client.get(reverse("quizzes:attempt", args=[attempt.pk])).text
    assert 'value="nodejs"' in page and 'value="900"' in page and " checked" in page


def test_an_option_of_another_question_is_not_stored(learner_client, quiz):
    attempt = start(learner_client, quiz)
    single = attempt.responses.get(question__kind="single")
    stranger = QuestionFactory().options.first()
    learner_client.post(
        reverse("quizzes:attempt-save", args=[attempt.pk]), {"shown": [single.pk], f"r-{single.pk}": str(stranger.pk)}
    )
    single.refresh_from_db()
    assert single.selected == []


def test_answers_after_the_deadline_are_refused(learner_client, quiz):
    attempt = start(learner_client, quiz)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    response = learner_client.post(reverse("quizzes:attempt-save", args=[attempt.pk]), answers(attempt), **HTMX)
    assert response.status_code == 200 and response["HX-Redirect"] == reverse("quizzes:attempt", args=[attempt.pk])
    assert not any(r.is_answered for r in attempt.responses.all())
    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.auto_submitted and attempt.score == 0
    # Nor through the plain form or the submit button.
    learner_client.post(reverse("quizzes:attempt-save", args=[attempt.pk]), answers(attempt))
    learner_client.post(reverse("quizzes:attempt-submit", args=[attempt.pk]), {**answers(attempt), "confirm": "1"})
    assert not any(r.is_answered for r in attempt.responses.all())


def test_another_learners_attempt_is_404(learner_client, other_learner_client, quiz):
    attempt = start(learner_client, quiz)
    other = other_learner_client
    assert other.get(reverse("quizzes:attempt", args=[attempt.pk])).status_code == 404
    assert other.post(reverse("quizzes:attempt-save", args=[attempt.pk]), answers(attempt)).status_code == 404
    assert other.get(reverse("quizzes:attempt-review", args=[attempt.pk])).status_code == 404


def test_answers_are_not_in_the_page_before_feedback_is_allowed(learner_client, quiz):
    quiz.feedback = "close"
    quiz.closes_at = timezone.now() + timedelta(days=1)
    quiz.save()
    attempt = start(learner_client, quiz)
    page = learner_client.get(reverse("quizzes:attempt", args=[attempt.pk])).text
    assert "Pick the right one" in page
    secret_words = ["SECRET-EXPLANATION", "Node.js", "900", "is_correct", "correct", "right-option"]
    present = [word for word in secret_words if word in page.replace('name="r-', "")]
    assert present == [], present
    # Right and wrong options are marked up alike.
    single = attempt.responses.get(question__kind="single")
    right = single.question.options.get(is_correct=True)
    wrong = single.question.options.filter(is_correct=False).first()
    markup = [
        line.strip().replace(f'value="{o.pk}"', 'value="ID"').replace(o.text, "TEXT")
        for o in (right, wrong)
        for line in page.splitlines()
        if f'name="r-{single.pk}" value="{o.pk}"' in line
    ]
    assert len(markup) == 2 and markup[0] == markup[1]
    # After submitting, still nothing until the quiz closes.
    learner_client.post(reverse("quizzes:attempt-submit", args=[attempt.pk]), {**answers(attempt), "confirm": "1"})
    review = learner_client.get(reverse("quizzes:attempt-review", args=[attempt.pk])).text
    assert "SECRET-EXPLANATION" not in review and 'class="tag">right answer' not in review and "Score:" not in review
    assert "once the quiz has closed for everyone" in review
    # Once it has closed, the review shows everything.
    Quiz.objects.filter(pk=quiz.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    review = learner_client.get(reverse("quizzes:attempt-review", args=[attempt.pk])).text
    assert "SECRET-EXPLANATION" in review and "Score:" in review


def test_feedback_after_each_question_checks_and_locks_one_answer(learner_client, quiz):
    Quiz.objects.filter(pk=quiz.pk).update(feedback="each")
    attempt = start(learner_client, quiz)
    page = learner_client.get(reverse("quizzes:attempt", args=[attempt.pk])).text
    assert "SECRET-EXPLANATION" not in page and "Check answer" in page
    single = attempt.responses.get(question__kind="single")
    wrong = single.question.options.filter(is_correct=False).first()
    url = reverse("quizzes:attempt-check", args=[attempt.pk, single.pk])
    response = learner_client.post(url, {f"r-{single.pk}": str(wrong.pk)}, **HTMX)
    assert response.status_code == 200 and "Not correct" in response.text and "SECRET-EXPLANATION" in response.text
    single.refresh_from_db()
    assert single.checked_at and single.score == 0
    right = single.question.options.get(is_correct=True)
    learner_client.post(
        reverse("quizzes:attempt-save", args=[attempt.pk]), {"shown": [single.pk], f"r-{single.pk}": right.pk}
    )
    single.refresh_from_db()
    assert single.selected == [wrong.pk]  # locked once checked


# --- submitting ------------------------------------------------------------------------------


def test_submit_asks_for_confirmation_and_lists_unanswered_questions(learner_client, quiz):
    attempt = start(learner_client, quiz)
    short = attempt.responses.get(question__kind="short")
    response = learner_client.post(
        reverse("quizzes:attempt-submit", args=[attempt.pk]), {"shown": [short.pk], f"r-{short.pk}": "Node.js"}, **HTMX
    )
    assert response.status_code == 200 and "<html" not in response.text
    assert "not answered 2 questions" in response.text and "Submit now" in response.text
    attempt.refresh_from_db()
    assert not attempt.is_finished  # only asked, and the posted answer was saved
    assert attempt.responses.get(pk=short.pk).text == "Node.js"


def test_confirming_submits_grades_and_shows_the_review(learner_client, quiz):
    attempt = start(learner_client, quiz)
    response = learner_client.post(
        reverse("quizzes:attempt-submit", args=[attempt.pk]), {**answers(attempt), "confirm": "1"}
    )
    assert response.url == reverse("quizzes:attempt-review", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.score == 3 and attempt.percent == 100.0
    review = learner_client.get(response.url).text
    assert "Score:" in review and "SECRET-EXPLANATION" in review and "Read this in the" in review
    # Submitted: the attempt page sends to the review, and nothing more is accepted.
    assert learner_client.get(reverse("quizzes:attempt", args=[attempt.pk])).url == response.url


def test_an_expired_attempt_is_submitted_when_next_read(learner_client, quiz):
    attempt = start(learner_client, quiz)
    learner_client.post(reverse("quizzes:attempt-save", args=[attempt.pk]), answers(attempt))
    deadline = timezone.now() - timedelta(seconds=5)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=deadline)
    response = learner_client.get(reverse("quizzes:list"))
    assert "Submitted" in response.text
    attempt.refresh_from_db()
    assert attempt.submitted_at == deadline and attempt.auto_submitted and attempt.score == 3


def test_the_finalize_attempts_command_submits_expired_attempts(quiz, learner, capsys):
    now = timezone.now()
    expired = quiz.start_attempt(learner, now - timedelta(hours=1))
    call_command("finalize_attempts")
    expired.refresh_from_db()
    assert expired.is_finished and expired.auto_submitted
    assert "Finalized 1 attempt." in capsys.readouterr().out


def test_finalizing_twice_grades_once(quiz, learner):
    now = timezone.now()
    attempt = quiz.start_attempt(learner, now)
    assert attempt.finalize(now) is True
    assert Attempt.objects.get(pk=attempt.pk).finalize(now + timedelta(seconds=1)) is False


def test_wrong_answers_put_their_cards_back_into_study(quiz, learner, instructor):
    card, other = CardFactory(), CardFactory()
    later = timezone.now() + timedelta(days=30)
    for c in (card, other):
        CardStateFactory(review=True, user=learner, card=c, due=later, last_review=timezone.now())
    wrong_one = QuestionFactory(author=instructor, card=card)
    right_one = QuestionFactory(author=instructor, card=other)
    quiz = QuizFactory(instructor=instructor, questions=[wrong_one, right_one], learners=[learner])
    now = timezone.now()
    attempt = quiz.start_attempt(learner, now)
    for response in attempt.responses.select_related("question"):
        pick = response.question.options.filter(is_correct=response.question == right_one).first()
        response.set_answer([str(pick.pk)], now)
        response.save()
    attempt.finalize(now)
    assert CardState.objects.get(card=card).due == now
    assert CardState.objects.get(card=other).due == later


def test_the_review_of_an_attempt_is_open_to_the_quiz_instructor_only(
    learner_client, instructor_client, other_instructor_client, quiz
):
    attempt = start(learner_client, quiz)
    learner_client.post(reverse("quizzes:attempt-submit", args=[attempt.pk]), {**answers(attempt), "confirm": "1"})
    assert instructor_client.get(reverse("quizzes:attempt-review", args=[attempt.pk])).status_code == 200
    assert other_instructor_client.get(reverse("quizzes:attempt-review", args=[attempt.pk])).status_code == 404


def test_saving_needs_a_post(learner_client, quiz):
    attempt = start(learner_client, quiz)
    assert learner_client.get(reverse("quizzes:attempt-save", args=[attempt.pk])).status_code == 405
    assert Response.objects.filter(attempt=attempt, answered_at__isnull=False).count() == 0


def test_the_seconds_left_round_up_so_the_countdown_never_ends_before_the_deadline(quiz, learner):
    now = timezone.now()
    attempt = quiz.start_attempt(learner, now)
    attempt.deadline = now + timedelta(seconds=5, milliseconds=100)
    assert attempt.seconds_left(now) == 6
    assert attempt.seconds_left(attempt.deadline) == 0 and attempt.seconds_left(attempt.deadline + timedelta(1)) == 0
