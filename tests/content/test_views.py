import re

import pytest
from django.urls import reverse

from tests.factories import TopicFactory
from tests.security.payloads import alive


@pytest.mark.django_db
def test_topic_list_shows_every_visible_topic_with_its_summary(client, imported_topics):
    response = client.get(reverse("content:topics"))
    assert response.status_code == 200
    for topic in imported_topics.values():
        assert topic.title in response.text
        assert topic.summary in response.text


@pytest.mark.django_db
def test_the_lambda_topic_shows_its_limits_and_edge_triggers(client, imported_topics):
    response = client.get(reverse("content:topic", args=["lambda"]))
    assert response.status_code == 200
    assert "900 seconds (15 minutes)" in response.text
    for trigger in ["Viewer Request", "Origin Request", "Origin Response", "Viewer Response"]:
        assert trigger in response.text
    assert '<h2 id="limits">Limits</h2>' in response.text
    assert 'href="#limits"' in response.text  # table of contents
    assert '<li class="update"><strong>Update:</strong> 128 MB – 10,240 MB (1 MB increments)' in response.text


@pytest.mark.django_db
def test_an_unknown_topic_is_404(client, imported_topics):
    assert client.get(reverse("content:topic", args=["nope"])).status_code == 404


@pytest.mark.django_db
def test_an_archived_topic_is_404(client):
    topic = TopicFactory(archived=True)
    assert client.get(topic.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_the_query_count_of_a_topic_page_is_small(client, imported_topics, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        client.get(reverse("content:topic", args=["lambda"]))


@pytest.mark.django_db
def test_script_in_a_content_file_never_reaches_the_page(client):
    markdown = (
        "---\ntitle: Evil\nslug: evil\norder: 9\nsummary: s\n---\n\n## A\n\n"
        "- <script>alert(1)</script>\n- [click](javascript:alert(1))\n- <img src=x onerror=alert(1)>\n"
    )
    topic = TopicFactory(markdown=markdown)
    text = client.get(topic.get_absolute_url()).text
    body = text.split('class="note-body">')[1].split("</article>")[0]
    assert alive(body) == []  # shown as text at most, never as live markup
    assert "<script" not in body and 'href="javascript:' not in body and "<img" not in body


@pytest.mark.django_db
def test_the_topic_page_offers_study_the_card_browser_and_downloads(client, learner_client, imported_topics):
    url = reverse("content:topic", args=["lambda"])
    assert "Sign up to study this topic" in client.get(url).text
    text = learner_client.get(url).text
    for target in [
        "/study/topic/lambda/",
        "/topics/lambda/cards/",
        "/topics/lambda/cards/export.apkg",
        "/topics/lambda/cards/export.csv",
        "/topics/lambda/cards/export.json",
    ]:
        assert f'href="{target}"' in text


@pytest.mark.parametrize("person", ["learner", "instructor"])
def test_every_topic_of_the_content_opens_as_one_page_with_its_cards(request, imported_topics, person):
    """Each topic's pages, as the site walk (tests/e2e) checks the one topic it opens: they answer, have one
    <main> and use no id twice (a heading's id from the notes must not collide with the page's own)."""
    from studyapp.cards.sync import sync_topic_cards

    client = request.getfixturevalue(f"{person}_client")
    for topic in imported_topics.values():
        sync_topic_cards(topic)
        pages = [
            reverse("content:topic", args=[topic.slug]),
            reverse("cards:browser", args=[topic.slug]),
            reverse("cards:browser", args=[topic.slug]) + "?q=a&kind=",
            reverse("study:topic", args=[topic.slug]),
        ]
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            assert response.text.count("<main") == 1, url
            ids = re.findall(r'\sid="([^"]+)"', response.text)
            assert ids, url
            assert sorted({i for i in ids if ids.count(i) > 1}) == [], url
    assert len(imported_topics) >= 5
