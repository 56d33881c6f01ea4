"""The site walker itself: a page that never settles stops the walk with a message that says why."""

import pytest

from tests.e2e.walker import NeverSettled, Walk


class PageThatNeverSettles:
    """Enough of a Playwright page for the walker: its SETTLED check is always false, and waiting takes no time."""

    url = "http://testserver/study/"

    def __init__(self):
        self.looks = 0

    def on(self, event, handler) -> None:
        pass

    def wait_for_timeout(self, ms) -> None:
        pass

    def evaluate(self, script) -> bool:
        self.looks += 1
        return False


class Request:
    method, url = "POST", "http://testserver/study/grade/"


def test_a_page_that_never_settles_stops_the_walk_and_names_the_waiting_request():
    page = PageThatNeverSettles()
    walk = Walk(page, "http://testserver", good_values={})
    walk._request_started(Request())
    with pytest.raises(NeverSettled, match=r"did not settle in 10 s: requests still unanswered: POST .*/study/grade/"):
        walk._settle()


def test_a_page_whose_htmx_never_finishes_stops_the_walk_too():
    page = PageThatNeverSettles()
    with pytest.raises(NeverSettled, match=r"^The page at http://testserver/study/ did not settle in 10 s: requests"):
        Walk(page, "http://testserver", good_values={})._settle()
    assert page.looks == 200  # 10 s of looks, each QUIET_MS / 2 apart
