"""My data: a learner's full export as JSON, and deleting their account.

Other apps' data joins in through the two lists below (progress sits at the
top of the house and may import them; they never import progress):

* ``EXPORT_SECTIONS`` — name → function(user) returning an iterable of
  JSON-serialisable dicts, streamed as one more list in the export.
* ``BEFORE_DELETE`` — functions(user) run first, in the deletion's
  transaction, to detach what must outlive the learner (quiz attempts are
  kept anonymized as "deleted learner", so that quiz results and item
  statistics stay true).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from studyapp.accounts.models import Profile
from studyapp.classes.models import Class
from studyapp.lib import background
from studyapp.quizzes.grades_for_progress import attempts_for_export, detach_learner
from studyapp.quizzes.models import Question, Quiz
from studyapp.study.models import CardState, ReviewLog, StudySettings

EXPORT_SECTIONS: dict[str, Callable[[object], Iterable[dict]]] = {"quiz_attempts": attempts_for_export}
BEFORE_DELETE: list[Callable[[object], None]] = [detach_learner]

EXPORT_FORMAT = "serverless-study-export"
EXPORT_VERSION = 1


def _dumps(value) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)


def _reviews(user) -> Iterable[dict]:
    return (
        ReviewLog.objects.filter(user=user)
        .order_by("reviewed_at", "id")
        .values(
            "reviewed_at",
            "day",
            "rating",
            "duration_ms",
            "kind_before",
            "interval_before_days",
            "interval_days",
            "state_before",
            "state_after",
            card_key=F("card__key"),
            card_front=F("card__front"),
        )
        .iterator(chunk_size=2000)
    )


def _card_states(user) -> Iterable[dict]:
    return (
        CardState.objects.filter(user=user)
        .order_by("card__topic__order", "card__position", "card_id")
        .values(
            "state",
            "step",
            "stability",
            "difficulty",
            "due",
            "last_review",
            "reps",
            "lapses",
            "suspended",
            "buried_until",
            card_key=F("card__key"),
            card_front=F("card__front"),
            topic=F("card__topic__slug"),
        )
        .iterator(chunk_size=2000)
    )


def _header(user) -> dict:
    settings = (
        StudySettings.objects.filter(user=user)
        .values(
            "desired_retention",
            "new_cards_per_day",
            "max_reviews_per_day",
            "day_start_hour",
            "learning_steps",
            "relearning_steps",
            "parameters",
            "optimization",
            "optimized_at",
        )
        .first()
    )
    profile = Profile.objects.filter(user=user).values("time_zone").first()
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": timezone.now(),
        "account": {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "date_joined": user.date_joined,
            "time_zone": profile["time_zone"] if profile else None,
        },
        "study_settings": settings,
    }


def export_chunks(user) -> Iterator[str]:
    """The learner's data as one JSON object, in pieces, so 100,000 reviews never sit in memory at once."""
    header = _dumps(_header(user))
    yield header[:-1]  # leave the object open for the lists
    sections = {"card_states": _card_states, "reviews": _reviews, **EXPORT_SECTIONS}
    for name, rows in sections.items():
        yield f", {_dumps(name)}: ["
        for i, row in enumerate(rows(user)):
            yield ("," if i else "") + _dumps(row)
        yield "]"
    yield "}\n"


def export_is_large(user) -> bool:
    """Large enough to be made by a background task: its rows reach EXPORT_IN_BACKGROUND_FROM."""
    rows = ReviewLog.objects.filter(user=user).count() + CardState.objects.filter(user=user).count()
    return rows >= settings.EXPORT_IN_BACKGROUND_FROM


def export_path(user) -> str:
    """Where a background export of this learner's data is stored."""
    return f"{background.user_folder(user.pk)}/my-data.json"


class CannotDelete(Exception):
    """The account still owns something others depend on."""


def delete_account(user) -> None:
    """Delete the learner's reviews, card states, settings, profile, memberships, user and exported
    files; quiz attempts stay, anonymized, through the BEFORE_DELETE hook, so quiz results stay true."""
    if Class.objects.owned_by(user).exists():
        raise CannotDelete("You still teach a class. Delete your classes or hand them over first.")
    # Quizzes and bank questions protect their author (others' attempts and quizzes use them).
    if Quiz.objects.owned_by(user).exists() or Question.objects.filter(author=user).exists():
        raise CannotDelete(
            "You still own quizzes or bank questions that others’ results depend on. "
            "Ask an administrator to hand them over to another instructor first."
        )
    with transaction.atomic():
        for hook in BEFORE_DELETE:
            hook(user)
        ReviewLog.objects.filter(user=user).delete()
        CardState.objects.filter(user=user).delete()
        StudySettings.objects.filter(user=user).delete()
        Profile.objects.filter(user=user).delete()
        user_pk = user.pk
        user.delete()
    background.delete_folder(background.user_folder(user_pk))
