"""axe-core on every main page, light and dark, desktop and phone: no serious or critical findings."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group

from studyapp.accounts.roles import INSTRUCTORS_GROUP
from tests.e2e.conftest import log_in
from tests.factories import UserFactory

VARIANTS = [
    pytest.param({"width": 1280, "height": 900}, "light", id="desktop-light"),
    pytest.param({"width": 1280, "height": 900}, "dark", id="desktop-dark"),
    pytest.param({"width": 390, "height": 844}, "light", id="phone-light"),
    pytest.param({"width": 390, "height": 844}, "dark", id="phone-dark"),
]

# (name, who, path, key to press first)
PAGES = [
    ("home", None, "/", None),
    ("sign up", None, "/accounts/signup/", None),
    ("log in", None, "/accounts/login/", None),
    ("topics", "learner", "/topics/", None),
    ("topic", "learner", "/topics/lambda/", None),
    ("card browser", "learner", "/topics/lambda/cards/", None),
    ("card browser (instructor)", "instructor", "/topics/lambda/cards/?q=memory", None),
    ("study front", "learner", "/study/", None),
    ("study answer", "learner", "/study/", "Space"),
    ("study settings", "learner", "/study/settings/", None),
    ("workload forecast", "learner", "/progress/workload/", None),
    ("help me decide", "learner", "/progress/workload/retention/", None),
]

_axe = Axe()


@pytest.fixture
def pages(e2e_topics):
    """The people and the quiz, class and attempt the pages show; returns every page to check."""
    from django.utils import timezone

    from studyapp.quizzes.models import Override
    from tests.quizzes.factories import QuestionFactory, QuizFactory

    learner = UserFactory(username="learner")
    instructor = UserFactory(username="instructor")
    instructor.groups.add(Group.objects.get_or_create(name=INSTRUCTORS_GROUP)[0])
    questions = [
        QuestionFactory(author=instructor),
        QuestionFactory(author=instructor, kind="short", accepted_answers=["900 seconds"]),
    ]
    quiz = QuizFactory(
        instructor=instructor,
        title="Lambda limits",
        questions=questions,
        learners=[learner],
        time_limit=timezone.timedelta(minutes=10),
        attempts_allowed=2,
    )
    klass = quiz.classes.get()
    finished = quiz.start_attempt(learner, timezone.now())
    finished.finalize(timezone.now())
    in_progress = quiz.start_attempt(learner, timezone.now())
    finished_preview = quiz.start_attempt(instructor, timezone.now(), preview=True)
    finished_preview.finalize(timezone.now())
    preview = quiz.start_attempt(instructor, timezone.now(), preview=True)
    QuizFactory(instructor=instructor, title="Lambda basics (old)", archived_at=timezone.now())
    override = Override.objects.create(
        quiz=quiz, learner=learner, extra_time=timezone.timedelta(minutes=5), attempts_allowed=3, reason="Reader"
    )
    return PAGES + [
        ("quizzes", "learner", "/quizzes/", None),
        ("quiz", "learner", f"/quizzes/{quiz.pk}/", None),
        ("quiz attempt", "learner", f"/quizzes/attempts/{in_progress.pk}/", None),
        ("attempt review", "learner", f"/quizzes/attempts/{finished.pk}/review/", None),
        ("dashboard", "learner", "/progress/", None),
        ("classes", "learner", "/classes/", None),
        ("question bank", "instructor", "/quizzes/bank/", None),
        ("quiz builder", "instructor", f"/quizzes/{quiz.pk}/edit/", None),
        ("quiz results", "instructor", f"/quizzes/{quiz.pk}/results/", None),
        ("quiz preview", "instructor", f"/quizzes/attempts/{preview.pk}/", None),
        ("quiz preview review", "instructor", f"/quizzes/attempts/{finished_preview.pk}/review/", None),
        ("quiz delete", "instructor", f"/quizzes/{quiz.pk}/delete/", None),
        ("quizzes (instructor)", "instructor", "/quizzes/", None),
        ("archived quizzes", "instructor", "/quizzes/?archived=1", None),
        ("quiz overrides", "instructor", f"/quizzes/{quiz.pk}/overrides/", None),
        ("override edit", "instructor", f"/quizzes/{quiz.pk}/overrides/{override.pk}/", None),
        ("override delete", "instructor", f"/quizzes/{quiz.pk}/overrides/{override.pk}/delete/", None),
        ("class", "instructor", f"/classes/{klass.pk}/", None),
        ("class progress", "instructor", f"/progress/classes/{klass.pk}/", None),
        ("today (learner)", "learner", "/", None),
        ("today (instructor)", "instructor", "/", None),
        ("classes' progress", "instructor", "/progress/classes/", None),
    ]


@pytest.mark.parametrize("viewport, scheme", VARIANTS)
def test_main_pages_have_no_serious_accessibility_violations(browser, live_server, pages, viewport, scheme):
    failures, notes = [], []
    contexts = {}
    try:
        for name, who, path, key in pages:
            if who not in contexts:
                context = browser.new_context(viewport=viewport, color_scheme=scheme, base_url=live_server.url)
                contexts[who] = context
                if who:
                    log_in(context.new_page(), who)
            page = contexts[who].new_page()
            page.goto(path)
            if key:
                page.keyboard.press(key)
                page.wait_for_selector("#card-back")
            violations = _axe.run(page).response["violations"]
            for violation in violations:
                line = (
                    f"{name} ({path}): {violation['impact']} {violation['id']}: {violation['help']} "
                    f"[{len(violation['nodes'])} node(s): {violation['nodes'][0]['target']}]"
                )
                (failures if violation["impact"] in ("serious", "critical") else notes).append(line)
            page.close()
    finally:
        for context in contexts.values():
            context.close()
    if notes:
        print("\nMinor accessibility findings:\n  " + "\n  ".join(notes))
    assert not failures, "Serious accessibility violations:\n" + "\n".join(failures)
