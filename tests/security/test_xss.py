"""Every payload, through every surface, comes out dead: no script, handler or script URL."""

import re

import pytest
from django.urls import reverse

from studyapp.cards.models import CardFlag
from studyapp.lib.markdown_render import render_markdown, render_notes
from tests.factories import CardFactory, TopicFactory, UserFactory
from tests.security.payloads import PAYLOADS, alive

pytestmark = pytest.mark.django_db


def test_the_checker_finds_live_payloads():
    assert alive("<img src=x onerror=alert(1)>") == ["img[onerror]"]
    assert alive('<a href="javascript:alert(1)">x</a>') == ["a[href=javascript:alert(1)]"]
    assert alive("&lt;img src=x onerror=alert(1)&gt;") == []


def test_the_checker_passes_the_apps_own_charts_but_not_an_svg_payload():
    assert alive('<svg class="item-chart" role="img"><title>Chart</title></svg>') == []
    assert alive('<svg class="chart" role="img" onload="alert(1)"></svg>') == ["svg[onload]"]
    assert alive("<svg role=img><circle r=1></svg>") == ["<svg>"]  # no class: not one of ours


def body(response) -> str:
    """The page without its head (our own script tags live there)."""
    return response.text.split("<body", 1)[-1]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_markdown_renderer_kills_every_payload(payload):
    assert alive(render_markdown(payload)) == []
    assert alive(render_notes(payload)) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_content_file_cannot_inject_script_into_a_topic_page(client, payload):
    markdown = f"---\ntitle: T\nslug: evil\norder: 9\nsummary: S\n---\n\n## Section\n\n- {payload}\n\n{payload}\n"
    topic = TopicFactory(markdown=markdown)
    assert alive(body(client.get(topic.get_absolute_url()))) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_card_text_and_flag_comments_cannot_inject_script(instructor_client, payload):
    card = CardFactory(front=payload[:200], back=payload)
    CardFlag.objects.create(card=card, user=UserFactory(), reason="wrong", comment=payload[:500])
    page = body(instructor_client.get(reverse("cards:browser", args=[card.topic.slug])))
    assert alive(page) == []
    assert alive(body(instructor_client.get(reverse("cards:flags")))) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_an_instructors_card_edit_cannot_inject_script_into_study(
    instructor, instructor_client, learner_client, payload
):
    card = CardFactory()
    instructor_client.post(
        reverse("cards:edit", args=[card.pk]), {"front": f"Q {payload}"[:200], "back": f"A {payload}"}
    )
    card.refresh_from_db()
    assert card.edited_by == instructor  # the edit went through, payload and all
    study = learner_client.get(reverse("study:study"))
    assert alive(body(study)) == []
    answer = learner_client.get(reverse("study:answer"), {"token": study.context["token"]}, HTTP_HX_REQUEST="true")
    assert alive(answer.text) == []


def test_the_content_security_policy_allows_no_inline_script(client):
    policy = client.get("/")["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "'unsafe-inline'" not in re.search(r"style-src ([^;]*)", policy).group(1)
    assert "frame-ancestors 'none'" in policy


@pytest.mark.parametrize("payload", PAYLOADS)
def test_quiz_questions_answers_and_class_names_cannot_inject_script(client, instructor, learner, payload):
    from django.utils import timezone

    from studyapp.quizzes.models import Feedback, Option
    from tests.classes.factories import ClassFactory
    from tests.quizzes.factories import QuestionFactory, QuizFactory

    choice = QuestionFactory(
        author=instructor, text=payload, explanation=payload, options=[(payload, True), ("No", False)]
    )
    short = QuestionFactory(
        author=instructor, kind="short", text=f"Type {payload}", explanation=payload, accepted_answers=[payload]
    )
    quiz = QuizFactory(
        instructor=instructor,
        title=payload[:200],
        instructions=payload,
        questions=[choice, short],
        feedback=Feedback.SUBMIT,
    )
    klass = ClassFactory(instructor=instructor, name=payload[:120], description=payload[:300])
    klass.add_learner(learner)
    quiz.classes.add(klass)
    attempt = quiz.start_attempt(learner, timezone.now())
    responses = {r.question_id: r for r in attempt.responses.all()}
    right = Option.objects.get(question=choice, is_correct=True)
    client.force_login(learner)
    client.post(
        reverse("quizzes:attempt-save", args=[attempt.pk]),
        {f"r-{responses[choice.pk].pk}": right.pk, f"r-{responses[short.pk].pk}": payload},
    )
    pages = [
        reverse("quizzes:list"),
        reverse("quizzes:detail", args=[quiz.pk]),
        attempt.get_absolute_url(),
        reverse("quizzes:attempt-submit", args=[attempt.pk]),
        reverse("classes:list"),
    ]

    def shown(url):
        response = client.get(url)
        assert response.status_code == 200, url
        return body(response)

    for url in pages:
        assert alive(shown(url)) == [], url
    client.post(reverse("quizzes:attempt-submit", args=[attempt.pk]), {"confirm": "1"})
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None
    review = shown(reverse("quizzes:attempt-review", args=[attempt.pk]))
    assert alive(review) == []
    client.force_login(instructor)
    for url in [
        reverse("quizzes:bank"),
        reverse("quizzes:question", args=[choice.pk]),
        reverse("quizzes:edit", args=[quiz.pk]),
        reverse("quizzes:results", args=[quiz.pk]),
        reverse("quizzes:attempt-review", args=[attempt.pk]),
        reverse("classes:detail", args=[klass.pk]),
        reverse("progress:class", args=[klass.pk]),
    ]:
        assert alive(shown(url)) == [], url
