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


def test_records_in_a_path_stand_for_any_and_choices_keep_their_kind():
    from tests.e2e.walker import pattern

    assert pattern("/topics/lambda/cards/?q=memory&kind=") == pattern("/topics/dynamodb/cards/?q=&kind=fact")
    assert pattern("/quizzes/3/edit/") == pattern("/quizzes/41/edit/")
    assert pattern("/classes/join/AB12CD34/") == pattern("/classes/join/ZZ99YY88/")
    assert pattern("/quizzes/bank/new/single/") != pattern("/quizzes/bank/new/multiple/")
    assert pattern("/study/settings/?desired_retention=0.8") == pattern("/study/settings/?desired_retention=0.9")
    assert pattern("/study/settings/") != pattern("/study/settings/?desired_retention=0.9")
