"""The card browser, instructors' card editing, learners' flags, and the downloads."""

import json
import zipfile
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from studyapp.cards.models import Card, CardFlag
from studyapp.cards.sync import sync_topic_cards
from tests.factories import TopicFactory, UserFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
EXECUTION_TIME = "lambda/limits/maximum-execution-time/"
BROWSER = "/topics/lambda/cards/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def lambda_topic(imported_topics):
    topic = imported_topics["lambda"]
    sync_topic_cards(topic)
    return topic


@pytest.fixture
def card(lambda_topic) -> Card:
    return Card.objects.get(key=EXECUTION_TIME + "fact")


def card_ids(response) -> set[int]:
    return {card.pk for card in Card.objects.all() if f'id="card-{card.pk}"' in response.text}


def assert_redirects_to_login(response) -> None:
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")


# The browser


def test_it_requires_login(client, lambda_topic):
    assert_redirects_to_login(client.get(BROWSER))


def test_a_learner_sees_the_active_cards_but_not_the_retired_ones(learner_client, card):
    environment = Card.objects.get(key="lambda/limits/environment-variables/fact")
    environment.retire()
    response = learner_client.get(BROWSER)
    assert response.status_code == 200
    assert "<html" in response.text
    assert card_ids(response) == set(Card.objects.active().values_list("pk", flat=True))
    assert environment.pk not in card_ids(learner_client.get(BROWSER, {"show_retired": "on"}))


def test_an_instructor_can_show_the_retired_cards(instructor_client, card):
    card.retire()
    assert card.pk not in card_ids(instructor_client.get(BROWSER))
    response = instructor_client.get(BROWSER, {"show_retired": "on"})
    assert card.pk in card_ids(response)
    assert "Restore</button>" in response.text


def test_search_narrows_the_list(learner_client, card):
    response = learner_client.get(BROWSER, {"q": "execution"})
    found = Card.objects.filter(pk__in=card_ids(response))
    assert card in found
    assert 0 < found.count() < Card.objects.filter(topic__slug="lambda").count()
    assert all("execution" in f"{c.front} {c.back} {c.section}".lower() for c in found)
    assert "matching “execution”" in response.text


def test_the_kind_filter_keeps_only_that_kind(learner_client, card):
    response = learner_client.get(BROWSER, {"kind": "cloze"})
    kinds = set(Card.objects.filter(pk__in=card_ids(response)).values_list("kind", flat=True))
    assert kinds == {"cloze"}


def test_an_htmx_request_gets_only_the_card_list(learner_client, card):
    response = learner_client.get(BROWSER, {"q": "execution"}, **HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert response.text.lstrip().startswith('<section id="card-list"')
    assert card.pk in card_ids(response)


def test_an_unknown_or_archived_topic_is_404(learner_client, lambda_topic):
    assert learner_client.get("/topics/nope/cards/").status_code == 404
    lambda_topic.archived = True
    lambda_topic.save()
    assert learner_client.get(BROWSER).status_code == 404


def add_cards(topic, count: int, **extra) -> list[Card]:
    start = Card.objects.filter(topic=topic).count()
    return Card.objects.bulk_create(
        Card(
            key=f"{topic.slug}/n{i}",
            fact_key=f"{topic.slug}/n{i}",
            topic=topic,
            kind="fact",
            position=i,
            front=f"Question {i}?",
            back=f"Answer {i}",
            section="Sample › Limits",
            anchor="limits",
            **extra,
        )
        for i in range(start, start + count)
    )


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_the_query_count_of_the_browser_does_not_grow_with_the_cards(
    learner_client, learner, instructor, instructor_client
):
    topic = TopicFactory()
    url = reverse("cards:browser", args=[topic.slug])
    add_cards(topic, 10, edited_by=instructor)
    for user_client in (learner_client, instructor_client):
        user_client.get(url)  # first visits may create per-user rows
        few = queries_for(user_client, url)
        for new in add_cards(topic, 40, edited_by=instructor):
            CardFlag.objects.create(card=new, user=learner, reason="wrong", comment="Looks off")
        assert queries_for(user_client, url) == few


# Instructors add cards


def test_an_instructor_adds_a_card(instructor, instructor_client, lambda_topic):
    response = instructor_client.post(
        reverse("cards:create", args=["lambda"]),
        {"front": "Which service runs your code without servers?", "back": "AWS Lambda"},
    )
    assert response.status_code == 302 and response.url == BROWSER
    card = Card.objects.get(front="Which service runs your code without servers?")
    assert (card.back, card.kind, card.is_generated, card.topic, card.created_by) == (
        "AWS Lambda",
        "custom",
        False,
        lambda_topic,
        instructor,
    )
    assert card.pk in card_ids(instructor_client.get(BROWSER))


def test_the_new_card_form_shows_its_errors_beside_the_fields(instructor_client, lambda_topic):
    url = reverse("cards:create", args=["lambda"])
    response = instructor_client.post(url, {"front": "What is AWS Lambda?", "back": "AWS Lambda"})
    assert response.status_code == 200
    assert "The question gives the answer away" in response.text
    response = instructor_client.post(url, {"front": "", "back": "AWS Lambda"})
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert not Card.objects.filter(kind="custom").exists()


def test_an_htmx_post_adds_the_card_to_the_list(instructor_client, lambda_topic):
    response = instructor_client.post(
        reverse("cards:create", args=["lambda"]), {"front": "Who bills per request?", "back": "Lambda"}, **HTMX
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert card_ids(response) == {Card.objects.get(kind="custom").pk}


def test_an_invalid_htmx_post_retargets_the_form(instructor_client, lambda_topic):
    response = instructor_client.post(reverse("cards:create", args=["lambda"]), {"front": "", "back": ""}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#new-card-form"
    assert response["HX-Reswap"] == "outerHTML"
    assert "<html" not in response.text and 'id="new-card-form"' in response.text
    assert "This field is required." in response.text


def test_learners_and_anonymous_users_cannot_add_cards(client, learner_client, lambda_topic):
    url = reverse("cards:create", args=["lambda"])
    data = {"front": "Which service runs your code without servers?", "back": "AWS Lambda"}
    assert_redirects_to_login(client.post(url, data))
    assert learner_client.post(url, data).status_code == 403
    assert not Card.objects.filter(kind="custom").exists()


# Instructors edit, retire and restore cards


def test_an_instructor_edits_a_card(instructor, instructor_client, card):
    url = reverse("cards:edit", args=[card.pk])
    assert instructor_client.get(url).status_code == 200
    response = instructor_client.post(url, {"front": "How long can one invocation run?", "back": "15 minutes"})
    assert response.status_code == 302
    card.refresh_from_db()
    assert (card.front, card.back, card.edited_by) == ("How long can one invocation run?", "15 minutes", instructor)
    assert card.edited_at is not None
    assert f"Edited by {instructor.username}" in instructor_client.get(BROWSER).text


def test_an_htmx_edit_returns_the_saved_card(instructor_client, card):
    url = reverse("cards:edit", args=[card.pk])
    form = instructor_client.get(url, **HTMX)
    assert "<html" not in form.text and f'hx-post="{url}"' in form.text
    response = instructor_client.post(url, {"front": "How long can one run be?", "back": "15 minutes"}, **HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "Saved." in response.text and "How long can one run be?" in response.text


def test_an_invalid_edit_shows_the_error_and_keeps_the_card(instructor_client, card):
    url = reverse("cards:edit", args=[card.pk])
    response = instructor_client.post(url, {"front": "", "back": "15 minutes"})
    assert response.status_code == 200
    assert "This field is required." in response.text
    response = instructor_client.post(url, {"front": "", "back": "15 minutes"}, **HTMX)
    assert response.status_code == 200 and "<html" not in response.text
    assert "This field is required." in response.text
    card.refresh_from_db()
    assert card.back == "900 seconds (15 minutes)" and card.edited_at is None


def test_an_htmx_edit_keeps_showing_the_cards_open_flags(instructor_client, card):
    CardFlag.objects.create(card=card, user=UserFactory(), reason="wrong", comment="Outdated figure")
    assert "Outdated figure" in instructor_client.get(BROWSER).text
    url = reverse("cards:edit", args=[card.pk])
    response = instructor_client.post(url, {"front": "How long can one run be?", "back": "15 minutes"}, **HTMX)
    # The flag is still open: the instructor resolves it after checking the fix.
    assert "Outdated figure" in response.text


def test_learners_and_anonymous_users_cannot_edit_cards(client, learner_client, card):
    url = reverse("cards:edit", args=[card.pk])
    data = {"front": "Hacked?", "back": "Yes"}
    assert_redirects_to_login(client.post(url, data))
    assert learner_client.get(url).status_code == 403
    assert learner_client.post(url, data).status_code == 403
    card.refresh_from_db()
    assert card.front != "Hacked?" and card.edited_at is None


def test_an_instructor_retires_and_restores_a_card(instructor_client, card):
    response = instructor_client.post(reverse("cards:retire", args=[card.pk]))
    assert response.status_code == 302 and response.url == BROWSER
    card.refresh_from_db()
    assert card.retired_at is not None and card.retired_because == "instructor"

    response = instructor_client.post(reverse("cards:restore", args=[card.pk]))
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.retired_at is None and card.retired_because == ""


def test_htmx_retire_and_restore_return_the_changed_card(instructor_client, card):
    response = instructor_client.post(reverse("cards:retire", args=[card.pk]), **HTMX)
    assert "<html" not in response.text
    assert "Card retired" in response.text and "Restore</button>" in response.text
    response = instructor_client.post(reverse("cards:restore", args=[card.pk]), **HTMX)
    assert "Card restored." in response.text and "Retire</button>" in response.text


@pytest.mark.parametrize("action", ["retire", "restore"])
def test_retire_and_restore_need_post_and_an_instructor(client, learner_client, instructor_client, card, action):
    url = reverse(f"cards:{action}", args=[card.pk])
    assert instructor_client.get(url).status_code == 405
    assert_redirects_to_login(client.post(url))
    assert learner_client.post(url).status_code == 403
    card.refresh_from_db()
    assert card.retired_at is None


# Learners flag cards


def test_a_learner_flags_a_card_and_instructors_see_the_flag(learner_client, learner, instructor_client, card):
    url = reverse("cards:flag", args=[card.pk])
    assert learner_client.get(url).status_code == 200
    response = learner_client.post(url, {"reason": "wrong", "comment": "The limit is different in my region"})
    assert response.status_code == 302 and response.url == BROWSER
    flag = CardFlag.objects.get()
    assert (flag.card, flag.user, flag.reason, flag.resolved_at) == (card, learner, "wrong", None)
    assert "The limit is different in my region" in instructor_client.get(BROWSER).text
    assert "The limit is different in my region" not in learner_client.get(BROWSER).text


def test_an_htmx_flag_returns_the_card_with_a_thank_you(learner_client, card):
    url = reverse("cards:flag", args=[card.pk])
    assert "<html" not in learner_client.get(url, **HTMX).text
    response = learner_client.post(url, {"reason": "unclear"}, **HTMX)
    assert response.status_code == 200 and "<html" not in response.text
    assert "an instructor will look at this card" in response.text
    assert CardFlag.objects.filter(card=card, reason="unclear").exists()


def test_a_flag_needs_a_reason(learner_client, card):
    response = learner_client.post(reverse("cards:flag", args=[card.pk]), {"comment": "?"})
    assert response.status_code == 200
    assert "Choose one: wrong or unclear." in response.text
    assert not CardFlag.objects.exists()


def test_anonymous_users_cannot_flag(client, card):
    assert_redirects_to_login(client.post(reverse("cards:flag", args=[card.pk]), {"reason": "wrong"}))
    assert not CardFlag.objects.exists()


def test_a_retired_card_is_404_for_learners_but_not_for_instructors(learner_client, instructor_client, card):
    card.retire()
    for url in (reverse("cards:flag", args=[card.pk]), reverse("cards:card", args=[card.pk])):
        assert learner_client.get(url, **HTMX).status_code == 404
        assert instructor_client.get(url, **HTMX).status_code == 200
    assert learner_client.post(reverse("cards:flag", args=[card.pk]), {"reason": "wrong"}).status_code == 404
    assert not CardFlag.objects.exists()


def test_the_card_url_returns_the_card_fragment_or_redirects_to_it(learner_client, card):
    response = learner_client.get(reverse("cards:card", args=[card.pk]), **HTMX)
    assert "<html" not in response.text and card_ids(response) == {card.pk}
    response = learner_client.get(reverse("cards:card", args=[card.pk]))
    assert response.status_code == 302 and response.url == f"{BROWSER}#card-{card.pk}"


# Instructors review flags


@pytest.fixture
def flag(card):
    return CardFlag.objects.create(card=card, user=UserFactory(), reason="wrong", comment="Outdated figure")


def test_the_flags_list_shows_open_flags_to_instructors_only(client, learner_client, instructor_client, flag):
    url = reverse("cards:flags")
    response = instructor_client.get(url)
    assert response.status_code == 200
    assert "Outdated figure" in response.text and flag.card.front in response.text
    assert_redirects_to_login(client.get(url))
    assert learner_client.get(url).status_code == 403


def test_an_instructor_resolves_a_flag(instructor, instructor_client, flag):
    url = reverse("cards:resolve-flag", args=[flag.pk])
    response = instructor_client.post(url)
    assert response.status_code == 302 and response.url == reverse("cards:flags")
    flag.refresh_from_db()
    assert flag.resolved_at is not None and flag.resolved_by == instructor
    assert "Outdated figure" not in instructor_client.get(reverse("cards:flags")).text
    assert instructor_client.post(url).status_code == 404  # already resolved


def test_resolving_goes_back_to_a_local_next_page_only(instructor_client, card):
    first, second = (CardFlag.objects.create(card=card, user=UserFactory(), reason="wrong") for _ in range(2))
    response = instructor_client.post(reverse("cards:resolve-flag", args=[first.pk]), {"next": BROWSER})
    assert response.url == BROWSER
    response = instructor_client.post(reverse("cards:resolve-flag", args=[second.pk]), {"next": "https://evil.test/"})
    assert response.url == reverse("cards:flags")


def test_resolving_needs_post_and_an_instructor(learner_client, instructor_client, flag):
    url = reverse("cards:resolve-flag", args=[flag.pk])
    assert instructor_client.get(url).status_code == 405
    assert learner_client.post(url).status_code == 403
    flag.refresh_from_db()
    assert flag.resolved_at is None


# Downloads


@pytest.mark.parametrize("fmt", ["json", "csv", "apkg"])
def test_each_download_is_an_attachment(learner_client, lambda_topic, fmt):
    response = learner_client.get(f"/topics/lambda/cards/export.{fmt}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="serverless-study-lambda.{fmt}"'


def test_the_json_download_holds_the_topics_active_cards(learner_client, card):
    card.retire()
    rows = json.loads(learner_client.get("/topics/lambda/cards/export.json").content)
    assert {row["id"] for row in rows} == set(Card.objects.active().values_list("key", flat=True))
    assert card.key not in {row["id"] for row in rows}


def test_the_csv_and_apkg_downloads_are_what_they_say(learner_client, lambda_topic):
    csv_text = learner_client.get("/topics/lambda/cards/export.csv").content.decode()
    assert csv_text.startswith("id,topic,section,kind,front,back,source\n")
    apkg = zipfile.ZipFile(BytesIO(learner_client.get("/topics/lambda/cards/export.apkg").content))
    assert "collection.anki2" in apkg.namelist()


def test_an_unknown_download_format_is_404(learner_client, lambda_topic):
    assert learner_client.get("/topics/lambda/cards/export.xml").status_code == 404
    assert learner_client.get("/topics/nope/cards/export.json").status_code == 404


def test_downloads_require_login(client, lambda_topic):
    assert_redirects_to_login(client.get("/topics/lambda/cards/export.json"))
