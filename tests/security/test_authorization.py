"""Every URL pattern of the project, against every role, with the status each must get.

The list of URLs comes from the resolver, so a new page without an entry in
MATRIX fails `test_every_url_pattern_has_an_entry`: nobody can add a page
without saying who may open it.

Roles: anonymous; the learner (in the class, owner of the attempt, the flag
and the suspended card); another learner (in no class); the class's
instructor (owns the class and the quiz, wrote the question, owns a private
topic and a topic shared with the class); another instructor; staff (a
superuser who is neither instructor nor learner of the class: app pages treat
them like any other user, the admin lets them in).

TOPIC_MATRIX then opens every page that names a topic, a card or a question
with the instructor's private topic and with their topic shared with the
class: who sees which topic (Topic.objects.visible_to) is checked page by page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from studyapp.cards.models import CardFlag
from studyapp.quizzes.models import Override
from tests.classes.factories import ClassExamFactory, ClassFactory
from tests.factories import CardFactory, CardStateFactory, InstructorFactory, StaffFactory, TopicFactory, UserFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory
from tests.study.factories import ExamDateFactory

ROLES = ["anonymous", "learner", "other_learner", "class_instructor", "other_instructor", "staff"]


@dataclass
class World:
    users: dict
    topic: object
    card: object
    flag: object
    suspended: object
    klass: object
    membership: object
    question: object
    quiz: object
    slot: object
    attempt: object
    response: object
    other_question: object
    private_topic: object  # the class instructor's own topic, shared with no class
    shared_topic: object  # the class instructor's own topic, shared with the class
    private_card: object
    shared_card: object
    private_question: object
    shared_question: object
    exam: object  # the learner's own exam date
    class_exam: object  # the class's exam date


def build_world() -> World:
    learner, other_learner = UserFactory(), UserFactory()
    class_instructor, other_instructor = InstructorFactory(), InstructorFactory()
    staff = StaffFactory()
    topic = TopicFactory()
    card = CardFactory(topic=topic)
    suspended = CardStateFactory(suspended=True, user=learner, card=CardFactory(topic=topic), due=timezone.now())
    klass = ClassFactory(instructor=class_instructor)
    membership, _ = klass.add_learner(learner)
    question = QuestionFactory(author=class_instructor, topic=topic)
    quiz = QuizFactory(instructor=class_instructor, questions=[question], attempts_allowed=2)
    quiz.classes.add(klass)
    attempt = quiz.start_attempt(learner, timezone.now())
    private_topic, shared_topic = TopicFactory(owner=class_instructor), TopicFactory(owner=class_instructor)
    klass.share(shared_topic)
    return World(
        users={
            "learner": learner,
            "other_learner": other_learner,
            "class_instructor": class_instructor,
            "other_instructor": other_instructor,
            "staff": staff,
        },
        topic=topic,
        card=card,
        flag=CardFlag.objects.create(card=card, user=learner, reason="wrong"),
        suspended=suspended,
        klass=klass,
        membership=membership,
        question=question,
        quiz=quiz,
        slot=quiz.slots.first(),
        attempt=attempt,
        response=attempt.responses.first(),
        other_question=QuestionFactory(author=other_instructor, topic=topic),
        private_topic=private_topic,
        shared_topic=shared_topic,
        private_card=CardFactory(topic=private_topic),
        shared_card=CardFactory(topic=shared_topic),
        private_question=QuestionFactory(author=class_instructor, topic=private_topic),
        shared_question=QuestionFactory(author=class_instructor, topic=shared_topic),
        exam=ExamDateFactory(learner=learner),
        class_exam=ClassExamFactory(klass=klass),
    )


@dataclass
class Case:
    method: str
    # anonymous, learner, other_learner, class_instructor, other_instructor, staff
    codes: tuple[int, int, int, int, int, int]
    kwargs: Callable[[World], dict] = field(default=lambda w: {})
    htmx: bool = False
    data: Callable[[World], dict] = field(default=lambda w: {})

    def expected(self) -> dict[str, int]:
        return dict(zip(ROLES, self.codes))


def GET(*codes, kwargs=lambda w: {}, htmx=False) -> Case:
    return Case("get", codes, kwargs, htmx)


def POST(*codes, kwargs=lambda w: {}, htmx=False, data=lambda w: {}) -> Case:
    return Case("post", codes, kwargs, htmx, data)


ALL = (200,) * 6
LOGGED_IN = (302, 200, 200, 200, 200, 200)
INSTRUCTORS = (302, 403, 403, 200, 200, 403)
OWNER = (302, 403, 403, 200, 404, 403)  # an instructor's own quiz or class, read
OWNER_POST = (302, 403, 403, 302, 404, 403)  # ... and changed (redirect after success)
CLASS_OWNER = (302, 404, 404, 200, 404, 404)  # progress views of a class: 404 for everyone else
topic = lambda w: {"slug": w.topic.slug}  # noqa: E731
card = lambda w: {"pk": w.card.pk}  # noqa: E731
klass = lambda w: {"pk": w.klass.pk}  # noqa: E731
quiz = lambda w: {"pk": w.quiz.pk}  # noqa: E731
attempt = lambda w: {"pk": w.attempt.pk}  # noqa: E731
question = lambda w: {"pk": w.question.pk}  # noqa: E731
slot = lambda w: {"pk": w.quiz.pk, "slot_pk": w.slot.pk}  # noqa: E731


def quiz_override(w: World) -> dict:
    """An override of the quiz for its learner (made on first use)."""
    override, _ = Override.objects.get_or_create(
        quiz=w.quiz, learner=w.users["learner"], defaults={"attempts_allowed": 3, "reason": "Second try"}
    )
    return {"pk": w.quiz.pk, "override_pk": override.pk}


MATRIX: dict[str, Case] = {
    # Site and notes: public.
    "core:home": GET(*ALL),
    "core:healthz": GET(*ALL),
    "content:topics": GET(*ALL),
    "content:topic": GET(*ALL, kwargs=topic),
    # Cards: every logged-in user reads them; instructors (all of them: cards are shared) change them.
    "cards:browser": GET(*LOGGED_IN, kwargs=topic),
    "cards:download": GET(*LOGGED_IN, kwargs=lambda w: {"slug": w.topic.slug, "fmt": "csv"}),
    "cards:card": GET(*LOGGED_IN, kwargs=card, htmx=True),
    "cards:flag": GET(*LOGGED_IN, kwargs=card),
    "cards:create": GET(*INSTRUCTORS, kwargs=topic),
    "cards:edit": GET(*INSTRUCTORS, kwargs=card),
    "cards:retire": POST(302, 403, 403, 302, 302, 403, kwargs=card),
    "cards:restore": POST(302, 403, 403, 302, 302, 403, kwargs=card),
    "cards:flags": GET(*INSTRUCTORS),
    "cards:resolve-flag": POST(302, 403, 403, 302, 302, 403, kwargs=lambda w: {"pk": w.flag.pk}),
    # Study: each learner's own queue; nothing in the URL names anyone else's data
    # except the suspended card, which is the learner's alone.
    "study:study": GET(*LOGGED_IN),
    "study:topic": GET(*LOGGED_IN, kwargs=topic),
    "study:answer": GET(*LOGGED_IN),
    "study:grade": POST(302, 302, 302, 302, 302, 302),
    "study:undo": POST(302, 302, 302, 302, 302, 302),
    "study:bury": POST(302, 302, 302, 302, 302, 302),
    "study:suspend": POST(302, 302, 302, 302, 302, 302),
    "study:settings": GET(*LOGGED_IN),
    "study:optimize": POST(302, 302, 302, 302, 302, 302),
    "study:unsuspend": POST(302, 302, 404, 404, 404, 404, kwargs=lambda w: {"pk": w.suspended.pk}),
    # Classes: the owner manages; members see their class and may leave it.
    "classes:list": GET(*LOGGED_IN),
    "classes:create": GET(*INSTRUCTORS),
    "classes:join": GET(*LOGGED_IN),
    "classes:join-code": GET(*LOGGED_IN, kwargs=lambda w: {"code": w.klass.join_code}),
    # A class page is its instructor's: non-instructors are refused outright (403),
    # other instructors are told it does not exist (404).
    "classes:detail": GET(*OWNER, kwargs=klass),
    "classes:regenerate-code": POST(*OWNER_POST, kwargs=klass),
    "classes:remove-member": POST(*OWNER_POST, kwargs=lambda w: {"pk": w.klass.pk, "membership_pk": w.membership.pk}),
    "classes:leave": POST(302, 302, 404, 404, 404, 404, kwargs=klass),
    # Sharing the instructor's own topic with their class (another user's topic: 404, tests/classes/test_sharing.py).
    "classes:share-topic": POST(*OWNER_POST, kwargs=lambda w: {"pk": w.klass.pk, "topic_pk": w.private_topic.pk}),
    "classes:unshare-topic": POST(*OWNER_POST, kwargs=lambda w: {"pk": w.klass.pk, "topic_pk": w.shared_topic.pk}),
    # Taking quizzes: assigned learners only; attempts are their taker's.
    "quizzes:list": GET(*LOGGED_IN),
    "quizzes:detail": GET(302, 200, 404, 302, 404, 404, kwargs=quiz),  # the owner is sent to the builder
    "quizzes:start": POST(302, 302, 404, 404, 404, 404, kwargs=quiz),
    "quizzes:attempt": GET(302, 200, 404, 404, 404, 404, kwargs=attempt),
    "quizzes:attempt-save": POST(302, 302, 404, 404, 404, 404, kwargs=attempt),
    # (this quiz gives feedback after submitting, so checking one answer sends the learner back)
    "quizzes:attempt-check": POST(
        302, 302, 404, 404, 404, 404, kwargs=lambda w: {"pk": w.attempt.pk, "response_pk": w.response.pk}
    ),
    "quizzes:attempt-submit": GET(302, 200, 404, 404, 404, 404, kwargs=attempt),
    # The review: the taker, and the quiz's instructor; nobody else.
    "quizzes:attempt-review": GET(302, 302, 404, 200, 404, 404, kwargs=attempt),
    # The question bank: readable by every instructor, changed by its author.
    "quizzes:bank": GET(*INSTRUCTORS),
    "quizzes:generate": POST(302, 403, 403, 302, 302, 403),
    # Import and export: any instructor, into and out of the bank they read (an empty post shows the form's errors).
    "quizzes:transfer": GET(*INSTRUCTORS),
    "quizzes:bank-bulk": POST(302, 403, 403, 200, 200, 403),  # (no data: the bank comes back with the error)
    "quizzes:import": POST(302, 403, 403, 200, 200, 403),
    "quizzes:export": GET(*INSTRUCTORS),
    "quizzes:question-create": GET(*INSTRUCTORS, kwargs=lambda w: {"kind": "single"}),
    "quizzes:question": GET(*INSTRUCTORS, kwargs=question),
    # (other instructors may read it, so its existence is no secret: 403, not 404)
    "quizzes:question-edit": GET(302, 403, 403, 200, 403, 403, kwargs=question),
    "quizzes:question-status": POST(
        302, 403, 403, 302, 403, 403, kwargs=lambda w: {"pk": w.question.pk, "status": "draft"}
    ),
    # Building quizzes and reading results: the quiz's instructor only.
    "quizzes:create": GET(*INSTRUCTORS),
    "quizzes:edit": GET(*OWNER, kwargs=quiz),
    "quizzes:settings": POST(*OWNER, kwargs=quiz),  # (no data: the form comes back with its errors)
    "quizzes:slot-add": POST(*OWNER_POST, kwargs=quiz, data=lambda w: {"question": w.other_question.pk}),
    "quizzes:slot-random": POST(*OWNER, kwargs=quiz),  # (no data: the form comes back with its errors)
    "quizzes:slot-points": POST(*OWNER, kwargs=slot),  # no data: the form comes back with its errors
    "quizzes:slot-move": POST(*OWNER_POST, kwargs=lambda w: {**slot(w), "direction": "down"}),
    "quizzes:slot-remove": POST(*OWNER_POST, kwargs=slot),
    "quizzes:publish": POST(*OWNER_POST, kwargs=quiz),
    "quizzes:assign": POST(*OWNER_POST, kwargs=quiz),
    "quizzes:preview": POST(*OWNER_POST, kwargs=quiz),
    "quizzes:duplicate": POST(*OWNER_POST, kwargs=quiz),
    "quizzes:delete": GET(*OWNER, kwargs=quiz),
    "quizzes:unarchive": POST(*OWNER_POST, kwargs=quiz),
    "quizzes:results": GET(*OWNER, kwargs=quiz),
    # Exam dates: a learner's own (anyone may add one for themselves), a class's by its instructor.
    "study:exam-add": POST(302, 200, 200, 200, 200, 200),  # an empty post: the form with its errors
    "study:exam-remove": POST(302, 302, 404, 404, 404, 404, kwargs=lambda w: {"pk": w.exam.pk}),
    "progress:workload": GET(*LOGGED_IN),
    "progress:retention": GET(*LOGGED_IN),
    "classes:exam-add": POST(302, 403, 403, 200, 404, 403, kwargs=klass),
    "classes:exam-remove": POST(*OWNER_POST, kwargs=lambda w: {"pk": w.klass.pk, "exam_pk": w.class_exam.pk}),
    "quizzes:results-csv": GET(*OWNER, kwargs=quiz),
    # Overrides: the quiz's instructor only (deleting asks first on a GET page without JavaScript).
    "quizzes:overrides": GET(*OWNER, kwargs=quiz),
    "quizzes:override-edit": GET(*OWNER, kwargs=quiz_override),
    "quizzes:override-delete": GET(*OWNER, kwargs=quiz_override),
    # Notes (topics made in the browser): each user's own; editing another's (or a site topic) is a 404.
    "notes:list": GET(*LOGGED_IN),
    "notes:new": GET(*LOGGED_IN),
    "notes:edit": GET(302, 404, 404, 200, 404, 404, kwargs=lambda w: {"slug": w.private_topic.slug}),
    "notes:edit-preview": POST(302, 404, 404, 200, 404, 404, kwargs=lambda w: {"slug": w.private_topic.slug}),
    "notes:download": GET(302, 404, 404, 200, 404, 404, kwargs=lambda w: {"slug": w.private_topic.slug}),
    # Progress: your own; a class's only for its instructor.
    "progress:dashboard": GET(*LOGGED_IN),
    "progress:study-these": POST(302, 302, 302, 302, 302, 302),
    "progress:export": GET(*LOGGED_IN),
    "progress:delete-account": GET(*LOGGED_IN),
    "progress:classes": GET(*INSTRUCTORS),
    "progress:class": GET(*CLASS_OWNER, kwargs=klass),
    "progress:class-csv": GET(*CLASS_OWNER, kwargs=klass),
    "progress:learner": GET(*CLASS_OWNER, kwargs=lambda w: {"pk": w.klass.pk, "user_id": w.users["learner"].pk}),
    # Accounts.
    "accounts:signup": GET(200, 302, 302, 302, 302, 302),
    "accounts:login": GET(*ALL),
    "accounts:logout": POST(302, 302, 302, 302, 302, 302),
    "accounts:password_change": GET(*LOGGED_IN),
    "accounts:password_change_done": GET(*LOGGED_IN),
    "accounts:password_reset": GET(*ALL),
    "accounts:password_reset_done": GET(*ALL),
    "accounts:password_reset_confirm": GET(*ALL, kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"}),
    "accounts:password_reset_complete": GET(*ALL),
    # The admin: staff only (every admin URL sits behind the same admin_view check).
    "admin:index": GET(302, 302, 302, 302, 302, 200),
}
# A learner cannot see another learner's dashboard: the only dashboard of someone else
# is progress:learner above (class owner only), and an attempt's review (taker and owner).


def url_names(patterns=None, namespace: str | None = None):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            if namespace and pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}"
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_pattern_has_an_entry():
    names = {name for name in url_names() if not name.startswith("admin:") or name == "admin:index"}
    missing = sorted(names - MATRIX.keys())
    assert not missing, f"URLs with no entry in the authorization matrix: {missing}"
    assert not sorted(MATRIX.keys() - names), "entries for URLs that no longer exist"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_the_expected_status(name, db, client):
    check(MATRIX[name], name, client)


# anonymous, learner (member), other_learner, class_instructor (the owner), other_instructor, staff
PRIVATE_PAGE = (404, 404, 404, 200, 404, 404)  # a public page: the owner alone
PRIVATE = (302, 404, 404, 200, 404, 404)  # a logged-in page: the owner alone
PRIVATE_EDIT = (302, 403, 403, 200, 404, 403)  # an instructor's page: learners are refused first
PRIVATE_EDIT_POST = (302, 403, 403, 302, 404, 403)
SHARED_PAGE = (404, 200, 404, 200, 404, 404)  # a public page: the owner and the class's members
SHARED = (302, 200, 404, 200, 404, 404)
private = lambda w: {"slug": w.private_topic.slug}  # noqa: E731
shared = lambda w: {"slug": w.shared_topic.slug}  # noqa: E731
TOPIC_MATRIX: dict[str, tuple[str, Case]] = {
    "private topic page": ("content:topic", GET(*PRIVATE_PAGE, kwargs=private)),
    "shared topic page": ("content:topic", GET(*SHARED_PAGE, kwargs=shared)),
    "private card browser": ("cards:browser", GET(*PRIVATE, kwargs=private)),
    "shared card browser": ("cards:browser", GET(*SHARED, kwargs=shared)),
    **{
        f"private {fmt} download": (
            "cards:download",
            GET(*PRIVATE, kwargs=lambda w, fmt=fmt: {**private(w), "fmt": fmt}),
        )
        for fmt in ("json", "csv", "apkg")
    },
    **{
        f"shared {fmt} download": ("cards:download", GET(*SHARED, kwargs=lambda w, fmt=fmt: {**shared(w), "fmt": fmt}))
        for fmt in ("json", "csv", "apkg")
    },
    "private study page": ("study:topic", GET(*PRIVATE, kwargs=private)),
    "shared study page": ("study:topic", GET(*SHARED, kwargs=shared)),
    "private card": ("cards:card", GET(*PRIVATE, kwargs=lambda w: {"pk": w.private_card.pk}, htmx=True)),
    "shared card": ("cards:card", GET(*SHARED, kwargs=lambda w: {"pk": w.shared_card.pk}, htmx=True)),
    "flag a private card": ("cards:flag", GET(*PRIVATE, kwargs=lambda w: {"pk": w.private_card.pk})),
    "flag a shared card": ("cards:flag", GET(*SHARED, kwargs=lambda w: {"pk": w.shared_card.pk})),
    # An owned topic's cards are its owner's to change (a member who is an instructor too: test_visibility.py).
    "new card on a private topic": ("cards:create", GET(*PRIVATE_EDIT, kwargs=private)),
    "new card on a shared topic": ("cards:create", GET(*PRIVATE_EDIT, kwargs=shared)),
    "edit a shared card": ("cards:edit", GET(*PRIVATE_EDIT, kwargs=lambda w: {"pk": w.shared_card.pk})),
    "retire a private card": ("cards:retire", POST(*PRIVATE_EDIT_POST, kwargs=lambda w: {"pk": w.private_card.pk})),
    "restore a shared card": ("cards:restore", POST(*PRIVATE_EDIT_POST, kwargs=lambda w: {"pk": w.shared_card.pk})),
    "a private topic's question": (
        "quizzes:question",
        GET(*PRIVATE_EDIT, kwargs=lambda w: {"pk": w.private_question.pk}),
    ),
    "a shared topic's question": (
        "quizzes:question",
        GET(*PRIVATE_EDIT, kwargs=lambda w: {"pk": w.shared_question.pk}),
    ),
    "shared notes download": ("notes:download", GET(*SHARED, kwargs=shared)),
    "edit shared notes": ("notes:edit", GET(302, 404, 404, 200, 404, 404, kwargs=shared)),
    "edit a private topic's question": (
        "quizzes:question-edit",
        GET(*PRIVATE_EDIT, kwargs=lambda w: {"pk": w.private_question.pk}),
    ),
}


@pytest.mark.parametrize("label", sorted(TOPIC_MATRIX))
def test_each_role_sees_private_and_shared_topics_as_expected(label, db, client):
    name, case = TOPIC_MATRIX[label]
    check(case, name, client)


def check(case: Case, name: str, client) -> None:
    headers = {"HTTP_HX_REQUEST": "true"} if case.htmx else {}
    world, got = build_world(), {}
    for role in ROLES:
        # Each role meets the world as it was built: what a request changes is rolled back after it.
        with transaction.atomic():
            client.logout()
            if role != "anonymous":
                client.force_login(world.users[role])
            url = reverse(name, kwargs=case.kwargs(world))
            response = getattr(client, case.method)(url, case.data(world), **headers)
            transaction.set_rollback(True)
        cache.clear()  # nothing cached from a rolled-back request may reach the next role
        # htmx gets its redirects as HX-Redirect (core.middleware): a redirect all the same.
        got[role] = 302 if response.has_header("HX-Redirect") else response.status_code
    assert got == case.expected(), f"{name} ({case.method.upper()} {url})"
