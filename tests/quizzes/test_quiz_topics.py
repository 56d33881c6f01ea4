"""Which topics a quiz may use: what every learner of its classes sees (site topics, and topics shared with
each of its classes). The builder offers nothing else; assigning, publishing and starting refuse a quiz
that asks a class about notes it cannot see."""

import pytest
from django.urls import reverse
from django.utils import timezone

from studyapp.quizzes.models import AttemptRefused, Quiz
from tests.classes.factories import ClassFactory
from tests.factories import CardFactory, OwnedTopicFactory, TopicFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
pytestmark = pytest.mark.django_db


@pytest.fixture
def classes(instructor, learner):
    c, d = ClassFactory(instructor=instructor, name="Class C"), ClassFactory(instructor=instructor, name="Class D")
    c.add_learner(learner)
    return c, d


@pytest.fixture
def topics(instructor, classes):
    """A site topic; the instructor's topics shared with C, with C and D, with nobody; another's private one."""
    c, d = classes
    found = {
        "site": TopicFactory(),
        "c": OwnedTopicFactory(owner=instructor),
        "cd": OwnedTopicFactory(owner=instructor),
        "mine": OwnedTopicFactory(owner=instructor),
        "theirs": OwnedTopicFactory(),
    }
    c.share(found["c"])
    c.share(found["cd"])
    d.share(found["cd"])
    for name, topic in found.items():
        QuestionFactory(topic=topic, author=instructor, text=f"Question on {name}?")
    return found


@pytest.fixture
def quiz(instructor) -> Quiz:
    return QuizFactory(instructor=instructor, published_at=None)


def names(topics: dict, found) -> set[str]:
    ids = {topic.pk for topic in found}
    return {name for name, topic in topics.items() if topic.pk in ids}


@pytest.mark.parametrize(
    "assigned, usable",
    [
        ([], {"site"}),
        (["C"], {"site", "c", "cd"}),
        (["D"], {"site", "cd"}),
        (["C", "D"], {"site", "cd"}),
    ],
)
def test_a_quiz_may_use_what_every_learner_of_its_classes_sees(quiz, classes, topics, assigned, usable):
    quiz.classes.set([klass for klass in classes if klass.name[-1] in assigned])
    assert names(topics, quiz.usable_topics()) == usable


@pytest.mark.parametrize("assigned, usable", [([], {"site"}), (["C"], {"site", "c", "cd"})])
def test_the_builders_pickers_offer_only_usable_topics(instructor_client, quiz, classes, topics, assigned, usable):
    quiz.classes.set([klass for klass in classes if klass.name[-1] in assigned])
    response = instructor_client.get(reverse("quizzes:edit", args=[quiz.pk]))
    picked = {name for name in topics if f"Question on {name}?" in response.text}
    assert picked == usable
    assert names(topics, response.context["random_form"].fields["topics"].queryset) == usable
    assert names(topics, response.context["picker_form"].fields["topic"].queryset) == usable


def test_a_question_on_a_topic_the_quiz_may_not_use_cannot_be_added(instructor_client, quiz, classes, topics):
    quiz.classes.set([classes[0]])
    for name in ("mine", "theirs"):
        question = topics[name].quiz_questions.get()
        assert (
            instructor_client.post(reverse("quizzes:slot-add", args=[quiz.pk]), {"question": question.pk}).status_code
            == 404
        )
    shared = topics["c"].quiz_questions.get()
    assert (
        instructor_client.post(reverse("quizzes:slot-add", args=[quiz.pk]), {"question": shared.pk}).status_code == 302
    )
    assert [slot.question for slot in quiz.slots.all()] == [shared]


def test_a_random_draw_from_a_topic_the_quiz_may_not_use_is_refused(instructor_client, quiz, classes, topics):
    quiz.classes.set([classes[0]])
    response = instructor_client.post(
        reverse("quizzes:slot-random", args=[quiz.pk]),
        {"count": "1", "topics": [topics["mine"].pk], "points": "1"},
        **HTMX,
    )
    assert response["HX-Retarget"] == "#random-form" and not quiz.slots.exists()


def test_assigning_a_class_that_cannot_see_a_topic_of_the_quiz_is_refused(instructor_client, quiz, classes, topics):
    c, d = classes
    quiz.classes.set([c])
    instructor_client.post(
        reverse("quizzes:slot-add", args=[quiz.pk]), {"question": topics["c"].quiz_questions.get().pk}
    )
    response = instructor_client.post(reverse("quizzes:assign", args=[quiz.pk]), {"classes": [c.pk, d.pk]}, **HTMX)
    assert "Not assigned" in response.text and topics["c"].title in response.text
    assert list(quiz.classes.all()) == [c]
    response = instructor_client.post(reverse("quizzes:assign", args=[quiz.pk]), {"classes": []}, **HTMX)
    assert "Not assigned" not in response.text and not quiz.classes.exists()  # nobody takes it: nothing to refuse


def test_publishing_is_refused_when_a_topic_was_unshared_since(instructor_client, quiz, classes, topics):
    c, _ = classes
    quiz.classes.set([c])
    instructor_client.post(
        reverse("quizzes:slot-add", args=[quiz.pk]), {"question": topics["c"].quiz_questions.get().pk}
    )
    c.unshare(topics["c"])
    response = instructor_client.post(reverse("quizzes:publish", args=[quiz.pk]), {"action": "publish"}, **HTMX)
    assert "Not published" in response.text and topics["c"].title in response.text
    quiz.refresh_from_db()
    assert not quiz.is_published
    c.share(topics["c"])
    instructor_client.post(reverse("quizzes:publish", args=[quiz.pk]), {"action": "publish"}, **HTMX)
    quiz.refresh_from_db()
    assert quiz.is_published


def test_a_member_takes_a_quiz_on_a_topic_shared_with_their_class(instructor, learner_client, classes, topics):
    c, _ = classes
    questions = [topics["site"].quiz_questions.get(), topics["c"].quiz_questions.get()]
    quiz = QuizFactory(instructor=instructor, questions=questions)
    quiz.classes.set([c])
    response = learner_client.post(reverse("quizzes:start", args=[quiz.pk]))
    page = learner_client.get(response.url).text
    assert "Question on site?" in page and "Question on c?" in page


def test_after_an_unshare_a_new_attempt_is_refused_and_an_open_one_goes_on(instructor, learner, classes, topics):
    c, _ = classes
    quiz = QuizFactory(instructor=instructor, questions=[topics["c"].quiz_questions.get()], attempts_allowed=2)
    quiz.classes.set([c])
    now = timezone.now()
    attempt = quiz.start_attempt(learner, now)
    c.unshare(topics["c"])
    assert quiz.start_attempt(learner, now) == attempt  # the open attempt resumes
    attempt.finalize(now)
    with pytest.raises(AttemptRefused, match="no longer shared with your class"):
        quiz.start_attempt(learner, now)


def test_generated_distractors_never_come_from_someone_elses_private_notes(instructor_client, instructor):
    from studyapp.quizzes.models import Question

    site = TopicFactory()
    CardFactory(topic=site, front="What is the maximum payload size?", back="6 MB", section="Lambda › Limits")
    CardFactory(topic=site, front="What is the maximum layer size?", back="250 MB", section="Lambda › Limits")
    CardFactory(topic=site, front="What is the maximum temp size?", back="10 GB", section="Lambda › Limits")
    secret = OwnedTopicFactory()  # another instructor's private notes, with values of the same sort
    for size in ("777 MB", "888 MB", "999 MB"):
        CardFactory(topic=secret, front=f"What is the secret size {size[0]}?", back=size, section="Secret › Sizes")
    instructor_client.post(reverse("quizzes:generate"), {"topic": site.slug})
    options = {
        option.text for question in Question.objects.filter(author=instructor) for option in question.options.all()
    }
    # Each site card has two siblings in its section: a third option would come from elsewhere in the notes.
    assert {"6 MB", "250 MB", "10 GB"} <= options and not options & {"777 MB", "888 MB", "999 MB"}
