"""Every quizzes page: unique ids, labels that point at their inputs, nothing the CSP would block."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from studyapp.quizzes.models import Kind, Slot
from tests.classes.factories import ClassFactory
from tests.factories import TopicFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory

pytestmark = pytest.mark.django_db


class Markup(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.label_targets: list[str] = []
        self.blocked: list[str] = []  # what a CSP without 'unsafe-inline' refuses
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "label" and attrs.get("for"):
            self.label_targets.append(attrs["for"])
        self.blocked += [f"<{tag} {name}=…>" for name in attrs if name == "style" or name.startswith("on")]
        if tag == "style":
            self.blocked.append("<style> element")
        self._in_inline_script = tag == "script" and "src" not in attrs

    def handle_data(self, data):
        if self._in_inline_script and data.strip():
            self.blocked.append(f"inline <script>: {data.strip()[:40]}")

    def handle_endtag(self, tag):
        self._in_inline_script = False


@pytest.fixture
def pages(instructor_client, learner_client, instructor, learner):
    """Every quizzes page with something on it, as (client, url)."""
    topic = TopicFactory()
    draft = QuestionFactory(author=instructor, topic=topic, status="draft")
    questions = [
        QuestionFactory(author=instructor, topic=topic),
        QuestionFactory(author=instructor, topic=topic, kind="short", accepted_answers=["x"]),
        QuestionFactory(author=instructor, topic=topic, kind="numeric", numeric_answer=9),
    ]
    QuestionFactory(author=instructor, topic=topic)  # left for the random slot
    quiz = QuizFactory(
        instructor=instructor,
        questions=questions,
        learners=[learner],
        attempts_allowed=2,
        feedback="each",
        time_limit=timedelta(minutes=10),
    )
    slot = Slot.objects.create(quiz=quiz, random_count=1, position=9)
    slot.random_topics.set([topic])
    ClassFactory(instructor=instructor)
    now = timezone.now()
    done = quiz.start_attempt(learner, now)
    done.finalize(now)
    open_attempt = quiz.start_attempt(learner, now)
    teach = [
        reverse("quizzes:bank"),
        reverse("quizzes:bank") + "?status=draft",
        draft.get_absolute_url(),
        reverse("quizzes:question-edit", args=[draft.pk]),
        reverse("quizzes:create"),
        reverse("quizzes:edit", args=[quiz.pk]),
        reverse("quizzes:results", args=[quiz.pk]),
        reverse("quizzes:list"),
    ]
    teach += [reverse("quizzes:question-create", args=[kind]) for kind in Kind.values]
    learn = [
        reverse("quizzes:list"),
        reverse("quizzes:detail", args=[quiz.pk]),
        open_attempt.get_absolute_url(),
        reverse("quizzes:attempt-submit", args=[open_attempt.pk]),
        reverse("quizzes:attempt-review", args=[done.pk]),
    ]
    return [(instructor_client, url) for url in teach] + [(learner_client, url) for url in learn]


def test_every_quizzes_page_has_unique_ids_and_labels_that_point_at_them(pages):
    problems = []
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        markup = Markup()
        markup.feed(response.text)
        repeated = sorted({i for i in markup.ids if markup.ids.count(i) > 1})
        dangling = sorted(set(markup.label_targets) - set(markup.ids))
        if repeated:
            problems.append(f"{url}: repeated ids {repeated}")
        if dangling:
            problems.append(f"{url}: labels for missing ids {dangling}")
    assert not problems, "\n".join(problems)


def test_no_quizzes_page_has_inline_styles_or_scripts(pages):
    problems = []
    for client, url in pages:
        markup = Markup()
        markup.feed(client.get(url).text)
        if markup.blocked:
            problems.append(f"{url}: {sorted(set(markup.blocked))}")
    assert not problems, "\n".join(problems)
