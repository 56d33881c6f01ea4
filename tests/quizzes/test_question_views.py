"""What an attempt shows of each question comes from a view kept in the cache: sanitized, and never stale
(a drawn question's edit is a new version; any save forgets the view)."""

import pytest
from django.urls import reverse

from studyapp.quizzes.bank import save_question
from studyapp.quizzes.models import Option, question_views
from tests.quizzes.factories import QuestionFactory, QuizFactory
from tests.quizzes.test_taking import HTMX, start

pytestmark = pytest.mark.django_db


def edit(question, text: str, options: list[tuple[str, bool]]):
    """An instructor's edit through the bank, as the question form saves it."""
    data = {"note": (question.topic, question.anchor), "text": text, "options": options}
    return save_question(question, data)


def test_a_new_version_shows_its_new_text_and_an_old_attempt_keeps_the_one_it_drew(
    instructor, learner, other_learner, learner_client, other_learner_client
):
    question = QuestionFactory(author=instructor, text="Old *wording*?")
    quiz = QuizFactory(instructor=instructor, questions=[question], learners=[learner, other_learner])
    first = start(learner_client, quiz)
    assert "Old <em>wording</em>?" in learner_client.get(first.get_absolute_url()).text  # now in the cache

    edit(question, "New *wording*?", [("Right", True), ("Also wrong", False)])
    second = start(other_learner_client, quiz)

    new_page = other_learner_client.get(second.get_absolute_url()).text
    assert "New <em>wording</em>?" in new_page and "Also wrong" in new_page
    assert "Old <em>wording</em>" not in new_page
    old_page = learner_client.get(first.get_absolute_url()).text
    assert "Old <em>wording</em>?" in old_page and "Wrong A" in old_page
    assert "New <em>wording</em>" not in old_page


def test_the_kept_html_is_sanitized_and_option_text_is_escaped_on_the_page(instructor, learner, learner_client):
    question = QuestionFactory(
        author=instructor,
        text='Is **this** safe? <script>alert("text")</script><img src=x onerror="alert(1)">',
        options=[('<b onmouseover="alert(2)">Bold</b>', True), ("Plain", False)],
    )
    quiz = QuizFactory(instructor=instructor, questions=[question], learners=[learner])
    attempt = start(learner_client, quiz)
    learner_client.get(attempt.get_absolute_url())  # keeps the view

    kept = question_views([question.pk])[question.pk]
    assert "<strong>this</strong>" in kept.text_html
    assert "<script" not in kept.text_html and "onerror" not in kept.text_html
    page = learner_client.get(attempt.get_absolute_url()).text  # from the cache
    assert "<script>alert" not in page and "onerror" not in page
    assert "&lt;b onmouseover=&quot;alert(2)&quot;&gt;Bold&lt;/b&gt;" in page


def test_saving_a_question_or_an_option_forgets_its_view(instructor):
    question = QuestionFactory(author=instructor, text="Before?")
    assert question_views([question.pk])[question.pk].text_html == "<p>Before?</p>"

    question.text = "After?"
    question.save()  # as the admin does, for a question no attempt drew
    assert question_views([question.pk])[question.pk].text_html == "<p>After?</p>"

    option = Option.objects.get(question=question, text="Wrong A")
    option.text = "Renamed"
    option.save()
    assert [text for _, text in question_views([question.pk])[question.pk].options] == ["Right", "Renamed", "Wrong B"]
    option.delete()
    assert [text for _, text in question_views([question.pk])[question.pk].options] == ["Right", "Wrong B"]
    Option.objects.filter(question=question, text="Wrong B").delete()  # a queryset's delete too
    assert [text for _, text in question_views([question.pk])[question.pk].options] == ["Right"]


def test_autosave_refuses_an_option_of_another_question_using_the_kept_view(instructor, learner, learner_client):
    one, two = QuestionFactory(author=instructor), QuestionFactory(author=instructor)
    quiz = QuizFactory(instructor=instructor, questions=[one, two], learners=[learner])
    attempt = start(learner_client, quiz)
    learner_client.get(attempt.get_absolute_url())
    response = attempt.responses.get(question=one)
    foreign = two.options.first().pk
    own = one.options.get(text="Wrong B").pk
    url = reverse("quizzes:attempt-save", args=[attempt.pk])

    learner_client.post(url, {"response": response.pk, "shown": response.pk, f"r-{response.pk}": [foreign]}, **HTMX)
    response.refresh_from_db()
    assert response.selected == []
    learner_client.post(url, {"response": response.pk, "shown": response.pk, f"r-{response.pk}": [own]}, **HTMX)
    response.refresh_from_db()
    assert response.selected == [own]


def test_select_all_options_are_checkboxes_in_the_learners_order_with_their_choices_ticked(
    instructor, learner, learner_client
):
    question = QuestionFactory(author=instructor, kind="multiple", options=[("A & B", True), ("C", True), ("D", False)])
    quiz = QuizFactory(instructor=instructor, questions=[question], learners=[learner])
    attempt = start(learner_client, quiz)
    response = attempt.responses.get()
    a, c, d = (o.pk for o in question.options.all())
    response.option_order, response.selected = [d, a, c], [a, c]
    response.save()

    page = learner_client.get(attempt.get_absolute_url()).text
    box = f'<label class="q-option"><input type="checkbox" name="r-{response.pk}"'
    assert (
        f'{box} value="{d}"> D</label>\n    \n'
        f'      {box} value="{a}" checked> A &amp; B</label>\n    \n'
        f'      {box} value="{c}" checked> C</label>'
    ) in page
