"""Who sees which topic, on every surface that lists topics, cards or questions.

One world: a site topic; the owner's private topic; the owner's topic shared with
class C (the member is in it); the owner's topic shared with class D, which was
later handed over to the teacher; an archived site topic and an archived topic
shared with C. Each surface must show each person exactly the topics of
VISIBLE, the rule of Topic.objects.visible_to.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from studyapp.cards.models import Card
from studyapp.content.models import Topic
from studyapp.progress import figures
from studyapp.study import queue
from studyapp.study.models import CardState, StudySettings
from tests.classes.factories import ClassFactory
from tests.clients import new_client
from tests.factories import (
    CardFactory,
    CardStateFactory,
    InstructorFactory,
    OwnedTopicFactory,
    StaffFactory,
    TopicFactory,
    UserFactory,
)
from tests.quizzes.factories import QuestionFactory

pytestmark = pytest.mark.django_db

PEOPLE = ["anonymous", "owner", "member", "non_member", "teacher", "other_instructor", "staff"]
TOPICS = ["site", "private", "shared", "taught", "archived", "archived_shared"]
VISIBLE = {
    "anonymous": {"site"},
    "owner": {"site", "private", "shared", "taught"},
    "member": {"site", "shared"},
    "non_member": {"site"},
    "teacher": {"site", "taught"},  # the instructor of the class it is shared with (not its owner)
    "other_instructor": {"site"},
    "staff": {"site"},  # app pages treat staff as anyone else; the admin shows them everything
}
INSTRUCTORS = ["owner", "teacher", "other_instructor"]
LOGGED_IN = PEOPLE[1:]


@dataclass
class World:
    users: dict
    topics: dict  # name -> Topic
    cards: dict  # name -> Card
    questions: dict  # name -> Question

    def name_of(self, topic_id: int) -> str:
        return next(name for name, topic in self.topics.items() if topic.pk == topic_id)

    def client(self, person: str) -> Client:
        client = new_client()
        if person != "anonymous":
            client.force_login(self.users[person])
        return client


@pytest.fixture
def world() -> World:
    owner, teacher, other_instructor = InstructorFactory(), InstructorFactory(), InstructorFactory()
    member, non_member = UserFactory(), UserFactory()
    staff = StaffFactory()
    c, d = ClassFactory(instructor=owner, name="Class C"), ClassFactory(instructor=owner, name="Class D")
    c.add_learner(member)
    topics = {
        "site": TopicFactory(),
        "private": OwnedTopicFactory(owner=owner),
        "shared": OwnedTopicFactory(owner=owner),
        "taught": OwnedTopicFactory(owner=owner),
        "archived": TopicFactory(archived=True),
        "archived_shared": OwnedTopicFactory(owner=owner),
    }
    c.share(topics["shared"])
    d.share(topics["taught"])
    c.share(topics["archived_shared"])
    d.instructor = teacher  # handed over by an administrator: the links stay with the class
    d.save()
    for name, topic in topics.items():
        topic.title, topic.short_title = f"Topic {name} title", f"Short {name} topic"
        topic.archived = name.startswith("archived")
        topic.save()
    cards = {name: CardFactory(topic=topic, front=f"Front of the {name} card?") for name, topic in topics.items()}
    questions = {
        name: QuestionFactory(topic=topic, author=owner, text=f"Question on the {name} topic?")
        for name, topic in topics.items()
    }
    users = {
        "owner": owner,
        "member": member,
        "non_member": non_member,
        "teacher": teacher,
        "other_instructor": other_instructor,
        "staff": staff,
    }
    return World(users, topics, cards, questions)


def _user(world: World, person: str):
    return AnonymousUser() if person == "anonymous" else world.users[person]


# --- the rule itself --------------------------------------------------------------------------


@pytest.mark.parametrize("person", PEOPLE)
def test_the_rule_lets_each_person_see_exactly_their_topics(world, person):
    seen = {world.name_of(pk) for pk in Topic.objects.visible_to(_user(world, person)).values_list("pk", flat=True)}
    assert seen == VISIBLE[person]


@pytest.mark.parametrize("person", PEOPLE)
def test_cards_and_questions_follow_their_topic(world, person):
    from studyapp.quizzes.models import Question

    user = _user(world, person)
    assert {world.name_of(c.topic_id) for c in Card.objects.visible_to(user)} == VISIBLE[person]
    assert {world.name_of(q.topic_id) for q in Question.objects.visible_to(user)} == VISIBLE[person]


def test_visible_means_what_a_visitor_sees(world):
    assert set(Topic.objects.visible()) == {world.topics["site"]}
    assert set(Card.objects.active()) == {world.cards["site"]}


def test_the_rules_sql_for_hand_written_statements_is_the_rule(world):
    from django.db import connection

    from studyapp.content.models import visible_topic_ids_sql

    for person in LOGGED_IN:
        with connection.cursor() as cursor:
            cursor.execute(visible_topic_ids_sql("someone"), {"someone": world.users[person].pk})
            assert {world.name_of(pk) for (pk,) in cursor.fetchall()} == VISIBLE[person], person


def test_a_class_sees_the_site_topics_and_those_shared_with_it_and_its_sql_says_the_same(world):
    from django.db import connection

    from studyapp.classes.models import Class
    from studyapp.content.models import class_topics_sql

    expected = {"Class C": {"site", "shared"}, "Class D": {"site", "taught"}}
    for klass in Class.objects.filter(name__in=expected):
        seen = list(Topic.objects.seen_by_class(klass).values_list("pk", "updated_at"))
        assert {world.name_of(pk) for pk, _ in seen} == expected[klass.name]
        # The rule for one class is the rule for many, given one.
        assert {pk for pk, _ in seen} == set(Topic.objects.usable_by_classes([klass.pk]).values_list("pk", flat=True))
        with connection.cursor() as cursor:
            cursor.execute(class_topics_sql("the_class"), {"the_class": klass.pk})
            assert [pk for pk, _ in cursor.fetchall()] == [pk for pk, _ in seen]  # in the same order


# --- pages ------------------------------------------------------------------------------------


def _titles_on(world: World, html: str) -> set[str]:
    return {name for name, topic in world.topics.items() if topic.title in html or topic.short_title in html}


@pytest.mark.parametrize("person", PEOPLE)
def test_the_topic_list_shows_each_person_their_topics(world, person):
    response = world.client(person).get(reverse("content:topics"))
    assert _titles_on(world, response.text) == VISIBLE[person]


@pytest.mark.parametrize("person", PEOPLE)
def test_a_topic_page_is_a_404_for_a_topic_you_may_not_see(world, person):
    client = world.client(person)
    opened = {name for name, topic in world.topics.items() if client.get(topic.get_absolute_url()).status_code == 200}
    assert opened == VISIBLE[person]


@pytest.mark.parametrize("person", LOGGED_IN)
def test_the_card_browser_opens_only_visible_topics(world, person):
    client = world.client(person)
    opened = set()
    for name, topic in world.topics.items():
        response = client.get(reverse("cards:browser", args=[topic.slug]))
        assert response.status_code in (200, 404)
        if response.status_code == 200:
            opened.add(name)
            assert world.cards[name].front in response.text
    assert opened == VISIBLE[person]


@pytest.mark.parametrize("fmt", ["json", "csv", "apkg"])
@pytest.mark.parametrize("person", LOGGED_IN)
def test_each_download_serves_only_visible_topics(world, person, fmt):
    client = world.client(person)
    served = set()
    for name, topic in world.topics.items():
        response = client.get(reverse("cards:download", args=[topic.slug, fmt]))
        assert response.status_code in (200, 404)
        if response.status_code == 200:
            served.add(name)
            if fmt == "json":
                assert [card["front"] for card in json.loads(response.content)] == [world.cards[name].front]
    assert served == VISIBLE[person]


@pytest.mark.parametrize("person", LOGGED_IN)
def test_a_cards_own_page_and_its_flag_form_follow_its_topic(world, person):
    client = world.client(person)
    opened = {
        name
        for name, card in world.cards.items()
        if client.get(reverse("cards:card", args=[card.pk]), HTTP_HX_REQUEST="true").status_code == 200
    }
    flaggable = {
        name
        for name, card in world.cards.items()
        if client.get(reverse("cards:flag", args=[card.pk])).status_code == 200
    }
    assert opened == flaggable == VISIBLE[person]


# --- study ------------------------------------------------------------------------------------


def _started_everywhere(world: World, user) -> None:
    """A review due now on every card, as if the learner had studied each topic before it was unshared."""
    now = timezone.now()
    for card in world.cards.values():
        CardStateFactory(
            review=True, user=user, card=card, due=now - timezone.timedelta(hours=1), stability=5, last_review=now
        )


@pytest.mark.parametrize("person", LOGGED_IN)
def test_the_queue_offers_new_cards_of_visible_topics_only(world, person):
    user, now = world.users[person], timezone.now()
    study = StudySettings.for_user(user)
    assert queue.next_card(user, study, now).counts.new == len(VISIBLE[person])
    offered = {
        name for name, topic in world.topics.items() if queue.next_card(user, study, now, [topic.pk]).card is not None
    }
    assert offered == VISIBLE[person]


@pytest.mark.parametrize("person", LOGGED_IN)
def test_history_on_a_topic_you_no_longer_see_stays_out_of_the_queue_and_its_counts(world, person):
    user, now = world.users[person], timezone.now()
    _started_everywhere(world, user)
    study = StudySettings.for_user(user)
    upcoming = queue.next_card(user, study, now)
    assert (upcoming.counts.review, upcoming.counts.new) == (len(VISIBLE[person]), 0)
    shown = set()
    for _ in range(len(world.cards)):
        upcoming = queue.next_card(user, study, now)
        if upcoming.card is None:
            break
        shown.add(world.name_of(upcoming.card.topic_id))
        CardState.objects.filter(user=user, card=upcoming.card).update(suspended=True)
    assert shown == VISIBLE[person]
    assert CardState.objects.filter(user=user).count() == len(world.cards)  # nothing deleted


@pytest.mark.parametrize("person", LOGGED_IN)
def test_a_study_page_for_a_topic_you_may_not_see_is_a_404(world, person):
    client = world.client(person)
    opened = {
        name
        for name, topic in world.topics.items()
        if client.get(reverse("study:topic", args=[topic.slug])).status_code == 200
    }
    assert opened == VISIBLE[person]


@pytest.mark.parametrize("person", LOGGED_IN)
def test_studying_chosen_topics_leaves_out_the_ones_you_may_not_see(world, person):
    response = world.client(person).get(reverse("study:study"), {"topic": [t.slug for t in world.topics.values()]})
    assert {world.name_of(t.pk) for t in response.context["topics"]} == VISIBLE[person]


@pytest.mark.parametrize("person", LOGGED_IN)
def test_an_answer_to_a_card_you_no_longer_see_is_not_recorded(world, person):
    from studyapp.study import reviewing

    user, now = world.users[person], timezone.now()
    recorded = {
        name
        for name, card in world.cards.items()
        if reviewing.record_answer(user, reviewing.Shown(user.pk, card.pk, 0, now), 3, now)[0] == reviewing.RECORDED
    }
    assert recorded == VISIBLE[person]


# --- today, progress --------------------------------------------------------------------------


@pytest.mark.parametrize("person", LOGGED_IN)
def test_mastery_lists_the_topics_each_person_sees(world, person):
    user = world.users[person]
    mastery = figures.topic_mastery(user, StudySettings.for_user(user), timezone.now())
    assert {world.name_of(m.topic.pk) for m in mastery} == VISIBLE[person]


@pytest.mark.parametrize("person", LOGGED_IN)
def test_the_dashboard_shows_mastery_and_weak_cards_of_visible_topics_only(world, person):
    user = world.users[person]
    _started_everywhere(world, user)
    CardState.objects.filter(user=user).update(lapses=2)  # every card a weak one
    response = world.client(person).get(reverse("progress:dashboard"))
    assert {world.name_of(m.topic.pk) for m in response.context["mastery"]} == VISIBLE[person]
    assert {world.name_of(s.card.topic_id) for s in response.context["weakest"]} == VISIBLE[person]
    assert response.context["forecast"][0][1] == len(VISIBLE[person])
    assert _titles_on(world, response.text) <= VISIBLE[person]


@pytest.mark.parametrize("person", ["member", "non_member", "staff"])
def test_todays_page_lists_only_visible_topics(world, person):
    response = world.client(person).get(reverse("core:home"))
    today = response.context["today"]
    assert {world.name_of(m.topic.pk) for m in today.not_started} == VISIBLE[person]
    assert today.counts.new == len(VISIBLE[person])
    assert _titles_on(world, response.text) == VISIBLE[person]


# --- the question bank ------------------------------------------------------------------------


@pytest.mark.parametrize("person", INSTRUCTORS)
def test_the_bank_lists_questions_of_topics_the_instructor_sees(world, person):
    response = world.client(person).get(reverse("quizzes:bank"))
    listed = {name for name, question in world.questions.items() if question.text in response.text}
    assert listed == VISIBLE[person]
    topics = {world.name_of(t.pk) for t in response.context["form"].fields["topic"].queryset}
    assert topics == VISIBLE[person]


@pytest.mark.parametrize("person", INSTRUCTORS)
def test_a_question_on_a_topic_you_may_not_see_is_a_404(world, person):
    client = world.client(person)
    opened = {
        name
        for name, question in world.questions.items()
        if client.get(reverse("quizzes:question", args=[question.pk])).status_code == 200
    }
    assert opened == VISIBLE[person]


@pytest.mark.parametrize("person", INSTRUCTORS)
def test_a_new_question_may_test_only_notes_the_instructor_sees(world, person):
    response = world.client(person).get(reverse("quizzes:question-create", args=["short"]))
    choices = response.context["form"].fields["note"].choices
    notes = {value.partition("#")[0] for value, _ in choices if value}  # "" is "No note"
    assert {world.name_of(Topic.objects.get(slug=slug).pk) for slug in notes} == VISIBLE[person]
    private = world.topics["private"].slug
    response = world.client(person).post(
        reverse("quizzes:question-create", args=["short"]),
        {"note": f"{private}#", "text": "Sneaky?", "accepted_answers": "yes"},
    )
    assert (response.status_code == 302) == (person == "owner")


@pytest.mark.parametrize("person", INSTRUCTORS)
def test_generating_questions_offers_and_uses_only_visible_topics(world, person):
    client = world.client(person)
    topics = {
        world.name_of(t.pk)
        for t in client.get(reverse("quizzes:bank")).context["generate_form"].fields["topic"].queryset
    }
    assert topics == VISIBLE[person]
    generated = set()
    for name, topic in world.topics.items():
        response = client.post(reverse("quizzes:generate"), {"topic": topic.slug})
        if response.url != reverse("quizzes:bank"):  # not refused with "Choose a topic"
            generated.add(name)
    assert generated == VISIBLE[person]
