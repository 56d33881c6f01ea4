"""The quiz flow in a browser: an instructor builds and assigns a quiz, a learner joins and takes it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from studyapp.quizzes.models import Attempt, Question
from tests.e2e.conftest import log_in
from tests.factories import InstructorFactory, UserFactory


@pytest.fixture
def people(e2e_topics):
    instructor, learner = InstructorFactory(username="ines"), UserFactory(username="lee")
    # The bank has approved questions on Lambda (reviewing drafts is tested elsewhere).
    from studyapp.cards.models import Card
    from studyapp.cards.sync import sync_topic_cards
    from studyapp.content.models import Topic
    from studyapp.quizzes.bank import store_generated
    from studyapp.quizzes.generate import CardData, generate_questions

    sync_topic_cards(Topic.objects.get(slug="lambda"))
    cards = [
        CardData(c.pk, c.key, c.fact_key, c.kind, c.front, c.back, c.section, c.anchor) for c in Card.objects.all()
    ]
    store_generated(generate_questions(cards), instructor)
    Question.objects.update(status=Question.Status.APPROVED)
    Question.objects.create(
        topic=Topic.objects.get(slug="lambda"),
        kind="short",
        author=instructor,
        text="Name Lambda's runtime for JavaScript.",
        accepted_answers=["Node.js"],
    )
    return instructor, learner


def test_an_instructor_builds_a_quiz_and_a_learner_takes_it(page, browser, live_server, people):
    # The instructor makes a class and a quiz with a time limit, from the bank.
    log_in(page, "ines")
    page.goto("/classes/")
    page.get_by_label("Class name").fill("Morning cohort")
    page.get_by_role("button", name="Create class").click()
    expect(page.get_by_role("heading", name="Morning cohort")).to_be_visible()
    code = page.locator(".code-display code").inner_text()

    page.goto("/quizzes/new/")
    page.get_by_label("Title").fill("Lambda limits check")
    page.get_by_label("Time limit (minutes)").fill("5")
    page.get_by_role("button", name="Create quiz and add questions").click()
    expect(page.get_by_role("heading", name="Add from the bank")).to_be_visible()
    page.get_by_label("Search", exact=True).fill("maximum execution time")
    picker = page.locator("#picker-results")
    expect(picker).to_contain_text("What is the maximum execution time of Lambda?")
    picker.get_by_role("button", name=re.compile("^Add: What is the maximum execution")).click()
    expect(page.locator("#slots")).to_contain_text("Question added.")
    page.get_by_label("Search", exact=True).fill("runtime for JavaScript")
    picker.get_by_role("button", name=re.compile("^Add: Name Lambda")).click()
    expect(page.locator("#slots .slot")).to_have_count(2)
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("#publish")).to_contain_text("Published")
    page.get_by_label("Morning cohort").check()
    page.get_by_role("button", name="Save classes").click()
    expect(page.locator("#assign")).to_contain_text("Classes saved.")

    # The learner joins with the code and takes the quiz.
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
    context.set_default_timeout(10_000)
    learner = context.new_page()
    errors = []
    learner.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    log_in(learner, "lee")
    learner.goto("/classes/")
    learner.get_by_label("Join code").fill(code)
    learner.get_by_role("button", name="Join class").click()
    expect(learner.get_by_text("You joined “Morning cohort”")).to_be_visible()
    learner.goto("/quizzes/")
    learner.get_by_role("link", name="Lambda limits check").click()
    learner.get_by_role("button", name="Start the quiz").click()
    expect(learner).to_have_url(re.compile(r"/quizzes/attempts/\d+/$"))
    timer = learner.locator("#quiz-timer .timer-value")
    expect(timer).to_have_text(re.compile(r"^[45]:\d\d$"))
    expect(learner.get_by_role("timer")).to_be_visible()

    first = learner.locator("fieldset.quiz-question").nth(0)
    first.get_by_label("900 seconds (15 minutes)").check()
    expect(first.locator(".save-state")).to_contain_text("Saved")
    second = learner.locator("fieldset.quiz-question").nth(1)
    second.get_by_label("Your answer").fill("node js")
    expect(second.locator(".save-state")).to_contain_text(re.compile(r"Saved \d"))

    learner.reload()  # nothing is lost
    expect(learner.get_by_label("900 seconds (15 minutes)")).to_be_checked()
    expect(learner.get_by_label("Your answer")).to_have_value("node js")
    expect(learner.locator("#quiz-timer .timer-value")).to_have_text(re.compile(r"^[45]:\d\d$"))

    learner.get_by_role("button", name="Submit…").click()
    expect(learner.locator("#submit-panel")).to_contain_text("You have answered every question.")
    learner.get_by_role("button", name="Submit now").click()
    expect(learner.get_by_text("Score: 2 / 2")).to_be_visible()
    assert not errors, errors
    context.close()

    # The instructor sees the result and the item analysis.
    attempt = Attempt.objects.get()
    assert attempt.score == 2 and not attempt.auto_submitted
    page.goto("/quizzes/")
    page.get_by_role("row", name=re.compile("Lambda limits check")).get_by_role("link", name="Results").click()
    expect(page.get_by_role("heading", name="Results: Lambda limits check")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("lee"))).to_contain_text("100%")
    items = page.locator(".item-analysis")
    expect(items).to_contain_text("Facility")
    expect(items.locator(".item")).to_have_count(2)
    expect(items.locator(".item").first).to_contain_text("100%")


def one_question_quiz(people, minutes: int):
    """A published quiz of the short question, for the learner's class, with a time limit."""
    from studyapp.classes.models import Class
    from studyapp.quizzes.models import Quiz, Slot

    instructor, learner = people
    klass = Class.objects.create(name="Cohort", instructor=instructor)
    klass.add_learner(learner)
    quiz = Quiz.objects.create(
        instructor=instructor, title="Quick one", published_at=timezone.now(), time_limit=timedelta(minutes=minutes)
    )
    quiz.classes.add(klass)
    Slot.objects.create(quiz=quiz, question=Question.objects.get(kind="short"), position=1)
    return quiz


def test_at_the_deadline_the_page_submits_the_saved_answers(page, people):
    quiz = one_question_quiz(people, minutes=1)
    attempt = quiz.start_attempt(people[1], timezone.now())
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + timedelta(seconds=6))

    log_in(page, "lee")
    page.goto(attempt.get_absolute_url())
    page.get_by_label("Your answer").fill("Node.js")
    expect(page.locator(".save-state")).to_contain_text(re.compile(r"Saved \d"))
    expect(page.locator("#timer-announce")).to_have_text("Time is up. Submitting your saved answers.", timeout=10_000)
    expect(page.get_by_text("when time ran out")).to_be_visible(timeout=10_000)
    expect(page.get_by_text("Score: 1 / 1")).to_be_visible()
    attempt.refresh_from_db()
    assert attempt.auto_submitted and attempt.score == 1


def test_start_brings_the_attempt_page_in_one_request_and_back_and_forward_reload_it(page, people):
    quiz = one_question_quiz(people, minutes=10)

    log_in(page, "lee")
    page.goto(quiz.get_absolute_url())
    sent = []
    page.on("request", lambda request: request.resource_type in ("document", "xhr", "fetch") and sent.append(request))
    page.get_by_role("button", name="Start the quiz").click()
    expect(page).to_have_url(re.compile(r"/quizzes/attempts/\d+/$"))
    assert page.url.endswith(Attempt.objects.get().get_absolute_url())
    expect(page).to_have_title(re.compile("^Quick one · attempt 1"))
    expect(page.get_by_role("heading", name="Quick one", level=1)).to_be_focused()
    # The countdown runs without a page load (quiz.js starts it when htmx brings the page in).
    timer = page.locator("#quiz-timer .timer-value")
    expect(timer).to_have_text(re.compile(r"^9:5\d$"), timeout=5_000)
    assert [(request.method, request.url.removeprefix(page.url.split("/quizzes")[0])) for request in sent] == [
        ("POST", f"/quizzes/{quiz.pk}/start/")
    ]
    assert page.locator("header.site-header").count() == 1  # the page replaced, not nested in the old one

    page.get_by_label("Your answer").fill("Node.js")
    expect(page.locator(".save-state")).to_contain_text(re.compile(r"Saved \d"))
    page.go_back()
    expect(page.get_by_role("button", name="Continue attempt 1")).to_be_visible()
    page.go_forward()
    expect(page.get_by_label("Your answer")).to_have_value("Node.js")
    expect(timer).to_have_text(re.compile(r"^9:[45]\d$"))
    # Nothing of the attempt is kept in the browser's storage for htmx's history (a shared computer).
    assert "Node.js" not in page.evaluate("JSON.stringify(Object.assign({}, sessionStorage, localStorage))")


def test_start_refused_by_an_error_shows_the_error_page(page, people, console_errors):
    from studyapp.classes.models import Membership

    quiz = one_question_quiz(people, minutes=10)
    log_in(page, "lee")
    page.goto(quiz.get_absolute_url())
    Membership.objects.all().delete()  # the learner left the class meanwhile: Start answers 404
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("We couldn't find that page")
    expect(page.locator("header.site-header")).to_have_count(1)
    assert not Attempt.objects.exists()
    # The browser reports the 404 it was answered; nothing else may go wrong.
    assert console_errors and all("status of 404" in error for error in console_errors)
    console_errors.clear()
