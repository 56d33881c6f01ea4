import pytest
from django.test import RequestFactory

from studyapp.lib.redirects import posted_next


def posted(next_url: str, secure: bool = False):
    return RequestFactory().post("/", {"next": next_url}, secure=secure, HTTP_HOST="study.test")


@pytest.mark.parametrize("target", ["/quizzes/bank/?status=draft", "http://study.test/cards/flags/"])
def test_it_follows_a_next_on_this_site(target, settings):
    settings.ALLOWED_HOSTS = ["study.test"]
    assert posted_next(posted(target), "/fallback/") == target


@pytest.mark.parametrize(
    "target", ["//evil.test/", "/\\evil.test/", "https://evil.test/", "javascript:alert(1)", "", "\\\\evil.test"]
)
def test_it_refuses_a_next_elsewhere(target, settings):
    settings.ALLOWED_HOSTS = ["study.test"]
    assert posted_next(posted(target), "/fallback/") == "/fallback/"


def test_it_keeps_a_secure_page_on_https(settings):
    settings.ALLOWED_HOSTS = ["study.test"]
    assert posted_next(posted("http://study.test/x/", secure=True), "/fallback/") == "/fallback/"
