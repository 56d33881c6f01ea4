"""axe-core on every main page, light and dark, desktop and phone: no serious or critical findings.

Each page is loaded once and checked at a desktop's width, then at a phone's: the stylesheets lay a page out
again for the new width as it stands, as a browser does when a window is narrowed."""

import pytest
from django.contrib.auth.models import Group

from studyapp.accounts.roles import INSTRUCTORS_GROUP
from tests.e2e.axe import findings
from tests.e2e.conftest import log_in
from tests.factories import UserFactory

VIEWPORTS = [{"width": 1280, "height": 900}, {"width": 390, "height": 844}]  # desktop, phone

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
    QuizFactory(instructor=instructor, title="Still to take", questions=questions[:1]).classes.add(klass)
    klass.add_learner(UserFactory(username="idle"))  # a row with no activity in the class's progress
    for status in ("draft", "draft", "discarded"):  # the bank's status pills and its draft questions
        QuestionFactory(author=instructor, status=status)
    QuestionFactory(status="draft")  # someone else's draft: no buttons, "by …" instead
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
        ("drafts in the bank", "instructor", "/quizzes/bank/?status=draft", None),
        ("discarded in the bank", "instructor", "/quizzes/bank/?status=discarded", None),
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


def test_main_pages_have_no_serious_accessibility_violations(browser, live_server, pages):
    failures, notes = [], []
    contexts = {}
    try:
        for name, who, path, key in pages:
            if who not in contexts:
                context = browser.new_context(viewport=VIEWPORTS[0], base_url=live_server.url)
                contexts[who] = context
                if who:
                    log_in(context.new_page(), who)
            page = contexts[who].new_page()
            page.goto(path)
            if key:
                page.keyboard.press(key)
                page.wait_for_selector("#card-back")
            for viewport in VIEWPORTS:
                page.set_viewport_size(viewport)
                serious, minor = findings(page, f"{name} ({path}) at {viewport['width']} px")
                failures += serious
                notes += minor
            page.close()
    finally:
        for context in contexts.values():
            context.close()
    if notes:
        print("\nMinor accessibility findings:\n  " + "\n  ".join(notes))
    assert not failures, "Serious accessibility violations:\n" + "\n".join(failures)


def test_the_checks_find_a_missing_name_and_a_contrast_lost_in_dark_only(browser):
    """The helper itself: a structural finding in light, and a contrast that only the dark scheme loses."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content(
        "<html lang='en'><head><title>t</title><style>@media (prefers-color-scheme: dark) {"
        " p { color: #222; background: #111; } }</style></head>"
        "<body><main><h1>Page</h1><p>Readable in light only</p><button></button></main></body></html>"
    )
    serious, _ = findings(page, "sample")
    context.close()
    assert any(", light: critical button-name" in line for line in serious), serious
    assert any(", dark: serious color-contrast" in line for line in serious), serious
    assert not any(", light: serious color-contrast" in line for line in serious), serious
