"""Bulk actions in the bank: the ticked questions the instructor wrote are approved, discarded, tagged
or moved, in one transaction; others' are left alone and counted; ids are bounded and unknown ones ignored."""

import pytest
from django.urls import reverse
from django.utils import timezone

from studyapp.quizzes import bank
from studyapp.quizzes.bank import save_question
from studyapp.quizzes.models import Category, Question, Tag
from tests.factories import TopicFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
pytestmark = pytest.mark.django_db
URL = reverse("quizzes:bank-bulk")


@pytest.fixture
def mine(instructor):
    return [QuestionFactory(author=instructor, status="draft", text=f"Mine {n}?") for n in range(3)]


@pytest.fixture
def theirs(other_instructor):
    return QuestionFactory(author=other_instructor, status="draft", text="Theirs?")


def ids(*questions) -> list[str]:
    return [str(q.pk) for q in questions]


def statuses(*questions) -> list[str]:
    return [Question.objects.get(pk=q.pk).status for q in questions]


def test_it_approves_the_ticked_own_questions_and_leaves_others_alone(instructor_client, mine, theirs):
    response = instructor_client.post(URL, {"action": "approve", "ids": ids(*mine[:2], theirs)}, **HTMX)
    assert response.status_code == 200 and "<html" not in response.text
    assert "2 approved; 1 not yours, left as they were." in response.text
    assert statuses(*mine, theirs) == ["approved", "approved", "draft", "draft"]


def test_it_discards_and_says_so_without_skips(instructor_client, mine):
    response = instructor_client.post(URL, {"action": "discard", "ids": ids(*mine)}, **HTMX)
    assert "3 discarded." in response.text and "not yours" not in response.text
    assert statuses(*mine) == ["discarded"] * 3


def test_it_adds_a_tag_made_once_and_keeps_the_tags_already_there(instructor_client, mine, theirs):
    hard = Tag.objects.create(name="Hard")
    mine[0].tags.add(hard)
    response = instructor_client.post(URL, {"action": "tag", "tag": " hard ", "ids": ids(*mine, theirs)}, **HTMX)
    assert "3 tagged “hard”; 1 not yours, left as they were." in response.text
    assert Tag.objects.count() == 1
    assert [list(q.tags.all()) for q in mine] == [[hard]] * 3 and not theirs.tags.exists()


def test_it_moves_to_a_category_made_with_the_ones_above_it(instructor_client, mine, theirs):
    data = {"action": "move", "category": "Lambda/Limits", "ids": ids(mine[0], theirs)}
    response = instructor_client.post(URL, data, **HTMX)
    assert "1 moved to “Lambda/Limits”; 1 not yours, left as they were." in response.text
    assert Question.objects.get(pk=mine[0].pk).category.name == "Lambda/Limits"
    assert Question.objects.get(pk=theirs.pk).category is None
    assert set(Category.objects.values_list("name", flat=True)) == {"Lambda", "Lambda/Limits"}
    # The categories list comes along out of band, with the new ones.
    assert 'id="shelves-body" hx-swap-oob="true"' in response.text and "?category=Lambda/Limits" in response.text


def test_without_javascript_it_redirects_to_the_bank_as_it_was_filtered(instructor_client, mine):
    response = instructor_client.post(f"{URL}?status=draft&mine=on", {"action": "approve", "ids": ids(mine[0])})
    assert response.status_code == 302 and response.url == reverse("quizzes:bank") + "?status=draft&mine=on"
    page = instructor_client.get(response.url).text
    assert "1 approved." in page and mine[0].text not in page  # approved: no longer among the drafts


def test_the_htmx_list_keeps_the_filters(instructor_client, mine, theirs):
    response = instructor_client.post(f"{URL}?mine=on", {"action": "approve", "ids": ids(mine[0])}, **HTMX)
    assert theirs.text not in response.text and mine[1].text in response.text
    assert f'action="{URL}?mine=on"' in response.text


def test_only_those_ticked_are_changed_and_unknown_ids_are_ignored(instructor_client, mine):
    response = instructor_client.post(URL, {"action": "approve", "ids": [str(mine[1].pk), "999999", "x", "-3"]})
    assert response.status_code == 302
    assert statuses(*mine) == ["draft", "approved", "draft"]


def test_nothing_ticked_changes_nothing_and_says_so(instructor_client, mine):
    response = instructor_client.post(URL, {"action": "approve"}, **HTMX)
    assert "No questions were ticked" in response.text
    assert statuses(*mine) == ["draft"] * 3


def test_more_than_five_hundred_ids_are_refused_whole(instructor_client, mine):
    response = instructor_client.post(URL, {"action": "approve", "ids": ids(*mine) + ["1"] * 498}, **HTMX)
    assert "Change at most 500 questions at a time (these are 501)." in response.text
    assert statuses(*mine) == ["draft"] * 3


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"action": ""}, "Choose what to do with the ticked questions."),
        ({"action": "delete"}, "Select a valid choice."),
        ({"action": "tag", "tag": ""}, "Type the tag to add."),
        ({"action": "tag", "tag": "a, b"}, "One tag at a time"),
        ({"action": "tag", "tag": "t" * 51}, "at most 50 characters"),
        ({"action": "move", "category": " / "}, "Type the category to move them to."),
        ({"action": "move", "category": "c" * 201}, "at most 200 characters"),
    ],
)
def test_an_invalid_action_comes_back_with_its_error(instructor_client, mine, data, error):
    response = instructor_client.post(URL, {**data, "ids": ids(*mine)}, **HTMX)
    assert response.status_code == 200 and "<html" not in response.text and error in response.text
    assert statuses(*mine) == ["draft"] * 3 and not Tag.objects.exists() and not Category.objects.exists()


def test_an_invalid_action_without_javascript_shows_the_bank_with_the_error(instructor_client, mine):
    response = instructor_client.post(URL, {"action": "tag", "ids": ids(*mine)})
    assert response.status_code == 200 and "<html" in response.text and "Type the tag to add." in response.text


def test_old_versions_are_not_changed(instructor_client, instructor, learner):
    question = QuestionFactory(author=instructor, status="draft")
    QuizFactory(instructor=instructor, questions=[question], learners=[learner]).start_attempt(learner, timezone.now())
    old = Question.objects.get(pk=question.pk)
    current = save_question(question, {"note": (question.topic, ""), "text": "Again?", "options": [("A", True)]})
    assert current.pk != old.pk
    instructor_client.post(URL, {"action": "discard", "ids": ids(old)})
    assert statuses(old, current) == ["draft", "draft"]


def test_questions_the_instructor_cannot_see_are_not_changed_nor_counted(
    instructor_client, instructor, other_instructor
):
    hidden = QuestionFactory(author=other_instructor, topic=TopicFactory(owner=other_instructor), status="draft")
    response = instructor_client.post(URL, {"action": "approve", "ids": ids(hidden)}, **HTMX)
    assert "None approved." in response.text and "not yours" not in response.text
    assert statuses(hidden) == ["draft"]


def test_it_is_all_or_nothing(instructor_client, mine, monkeypatch):
    """A failure while moving leaves every question as it was."""

    def made_then_failed(path):
        Category.objects.create(name=path)
        raise RuntimeError("the database went away")

    monkeypatch.setattr(bank, "category_at", made_then_failed)
    instructor_client.raise_request_exception = False
    response = instructor_client.post(URL, {"action": "move", "category": "Lambda", "ids": ids(*mine)})
    assert response.status_code == 500
    assert not Category.objects.exists()


def test_learners_visitors_and_gets_are_refused(client, learner_client, instructor_client, mine):
    data = {"action": "approve", "ids": ids(*mine)}
    assert learner_client.post(URL, data).status_code == 403
    assert instructor_client.get(URL).status_code == 405
    client.logout()
    assert client.post(URL, data).status_code == 302
    assert statuses(*mine) == ["draft"] * 3


def test_the_bank_ticks_every_listed_question_for_the_bar(instructor_client, mine, theirs):
    page = instructor_client.get(reverse("quizzes:bank")).text
    assert 'id="bulk-form"' in page
    for question in (*mine, theirs):
        assert f'name="ids" value="{question.pk}" form="bulk-form"' in page


def test_approving_one_in_the_list_keeps_its_tick_box(instructor_client, mine):
    url = reverse("quizzes:question-status", args=[mine[0].pk, "approved"])
    from_bank = instructor_client.post(url, HTTP_HX_CURRENT_URL="http://testserver/quizzes/bank/?q=x", **HTMX)
    assert 'form="bulk-form"' in from_bank.text
    from_page = instructor_client.post(
        url, HTTP_HX_CURRENT_URL=f"http://testserver{mine[0].get_absolute_url()}", **HTMX
    )
    assert 'form="bulk-form"' not in from_page.text


def test_no_bar_while_the_filters_are_in_error(instructor_client, mine):
    page = instructor_client.get(reverse("quizzes:bank"), {"kind": "essay"}).text
    assert "Type: Select a valid choice." in page
    assert 'id="bulk-form"' not in page and 'form="bulk-form"' not in page
