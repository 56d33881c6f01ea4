"""Every payload, through every surface, comes out dead: no script, handler or script URL."""

import re

import pytest
from django.urls import reverse

from studyapp.cards.models import CardFlag
from studyapp.lib.markdown_render import render_markdown
from tests.factories import CardFactory, InstructorFactory, TopicFactory, UserFactory
from tests.security.payloads import PAYLOADS, alive

pytestmark = pytest.mark.django_db


def test_the_checker_finds_live_payloads():
    assert alive("<img src=x onerror=alert(1)>") == ["img[onerror]"]
    assert alive('<a href="javascript:alert(1)">x</a>') == ["a[href=javascript:alert(1)]"]
    assert alive("&lt;img src=x onerror=alert(1)&gt;") == []


def body(response) -> str:
    """The page without its head (our own script tags live there)."""
    return response.text.split("<body", 1)[-1]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_markdown_renderer_kills_every_payload(payload):
    assert alive(render_markdown(payload)) == []
    assert alive(render_markdown(payload, trusted_anchors=True)) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_content_file_cannot_inject_script_into_a_topic_page(client, payload):
    markdown = f"---\ntitle: T\nslug: evil\norder: 9\nsummary: S\n---\n\n## Section\n\n- {payload}\n\n{payload}\n"
    topic = TopicFactory(markdown=markdown)
    assert alive(body(client.get(topic.get_absolute_url()))) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_card_text_and_flag_comments_cannot_inject_script(client, payload):
    card = CardFactory(front=payload[:200], back=payload)
    CardFlag.objects.create(card=card, user=UserFactory(), reason="wrong", comment=payload[:500])
    client.force_login(InstructorFactory())
    page = body(client.get(reverse("cards:browser", args=[card.topic.slug])))
    assert alive(page) == []
    assert alive(body(client.get(reverse("cards:flags")))) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_an_instructors_card_edit_cannot_inject_script_into_study(client, payload):
    instructor = InstructorFactory()
    card = CardFactory()
    client.force_login(instructor)
    client.post(reverse("cards:edit", args=[card.pk]), {"front": f"Q {payload}"[:200], "back": f"A {payload}"})
    card.refresh_from_db()
    assert card.edited_by == instructor  # the edit went through, payload and all
    learner = UserFactory()
    client.force_login(learner)
    study = client.get(reverse("study:study"))
    assert alive(body(study)) == []
    answer = client.get(reverse("study:answer"), {"token": study.context["token"]}, HTTP_HX_REQUEST="true")
    assert alive(answer.text) == []


def test_the_content_security_policy_allows_no_inline_script(client):
    policy = client.get("/")["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "'unsafe-inline'" not in re.search(r"style-src ([^;]*)", policy).group(1)
    assert "frame-ancestors 'none'" in policy
