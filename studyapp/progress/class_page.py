"""The instructor's class view: its context, and the page rendered once and kept in Django's cache.

Building the page costs tens of milliseconds whatever the machine: the figures' queries over every
member's card states and reviews, the ORM building them, and the learner table's template. A repeated view
reads the key below instead (six short statements) and puts the kept HTML in the page.

The key holds everything the page is made from, so it changes whenever one of them may:
- the class's name and its members: their ids, names and time zones, and every field of their study
  settings (desired retention, weights...), including ``states_changed``, bumped by every change to a card
  state that no review records (suspend, bury, unsuspend, review again);
- each member's latest review time, and how many reviews they have since the start of the hour before
  this one (that moment is part of the key): an answer adds a review, and undo deletes the latest one. The
  count catches an answer stamped earlier than the latest (a slow request, another server's clock), as
  long as it is stamped less than an hour earlier;
- the topics the class sees (ids and ``updated_at``, in order: shared, unshared, archived, renamed), and
  the count and latest ``updated_at`` of their cards (a card added, edited or retired);
- the class's exams (every field, and their topics), and the instructor's today, which picks the next one;
- the class's quizzes (ids, ``updated_at`` and whether published: a title, a rule, a class added or
  removed), and the members' attempts at them: their count and latest id, and how many are submitted and
  the latest submission (a submitted attempt's scores never change);
- the sort, and the part (the whole page, or the learner table for htmx);
- the template's source and the code that computes and draws the figures.

Time alone moves the page too, at three kinds of moments: the start of each hour, which the figures are
taken at (`figures.class_clock`: the 7- and 30-day windows, a member's seventh day without review,
predicted recall); an "ago" text's next minute, hour or day (`ago_changes_at`); and an open attempt's
deadline, after which it counts as submitted. The kept page carries the first of them, and is rebuilt from
then.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from django.contrib.auth import get_user_model
from django.db import connection
from django.template.loader import get_template, render_to_string
from django.utils.text import Truncator

from studyapp.accounts.models import Profile
from studyapp.cards.models import Card
from studyapp.classes.models import ClassExam, Membership
from studyapp.content.models import class_topics_sql
from studyapp.quizzes.grades_for_progress import class_hardest_questions
from studyapp.quizzes.models import Attempt, Quiz
from studyapp.study import rows as sql_rows
from studyapp.study.models import ReviewLog, StudySettings

from . import figures
from .figures_cache import HERE, keep, kept, source_digest
from .readiness import class_readiness
from .templatetags.progress import ago_changes_at

TEMPLATE = "progress/class.html"
PAGE, TABLE = "page", "learner-table"  # the template's partials: the whole page's content, the table alone

COLUMNS = [("name", "Learner"), ("active", "Last active"), ("week", "Reviews 7 d"), ("retention", "Retention 30 d")]
SORTS = {
    "name": lambda row: row.learner.username.lower(),
    "active": lambda row: row.last_active.timestamp() if row.last_active else float("-inf"),
    "week": lambda row: row.reviews_week,
    "retention": lambda row: row.retention if row.retention is not None else -1.0,
}


# --------------------------------------------------------------------------
# Sorting the learners
# --------------------------------------------------------------------------


def known_sort(sort: str, topic_ids, quiz_ids) -> str:
    """`sort` ("key" or "-key") when it names a column of the class's page, else "name"."""
    descending, key = sort.startswith("-"), sort.lstrip("-")
    columns = {*SORTS, *(f"topic-{pk}" for pk in topic_ids), *(f"quiz-{pk}" for pk in quiz_ids)}
    if key not in columns:
        return "name"
    return ("-" if descending else "") + key


def sorted_rows(progress: figures.ClassProgress, sort: str) -> tuple[list, str]:
    """The learner rows in the order of `sort`, and that order as the page names it."""
    sort = known_sort(sort, [t.topic.pk for t in progress.topics], [quiz.pk for quiz in progress.quizzes])
    descending, key = sort.startswith("-"), sort.lstrip("-")
    if key.startswith("topic-"):
        topic_id = int(key.removeprefix("topic-"))
        by = lambda row: row.mastery.get(topic_id, -1.0)  # noqa: E731  (never studied sorts below 0 %)
    elif key.startswith("quiz-"):
        quiz_id = int(key.removeprefix("quiz-"))
        by = lambda row: row.quiz_grades.get(quiz_id, -1.0)  # noqa: E731  (no finished attempt sorts below 0 %)
    else:
        by = SORTS[key]
    rows = sorted(progress.rows, key=lambda row: row.learner.username.lower())  # ties stay alphabetical
    return sorted(rows, key=by, reverse=descending), sort


# --------------------------------------------------------------------------
# The page, kept
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class KeptPage:
    html: str
    valid_until: int  # epoch seconds: from then, time alone has moved something the page shows


def class_page_html(klass, sort: str, part: str, today: date, now: datetime) -> str:
    """The class's page content (`PAGE`) or learner table (`TABLE`), sorted by `sort`: kept, or built and kept."""
    inputs = page_inputs(klass, today, now)
    sort = known_sort(sort, inputs.topic_ids, inputs.quiz_ids)
    key = f"progress:class:{klass.pk}:{part}:{sort}:{inputs.digest}"
    page = kept(key, now)
    if page is None:
        progress = figures.class_progress(klass, now)
        context = page_context(klass, progress, sort, today, now, whole=part == PAGE)
        page = keep(key, KeptPage(render_to_string(f"{TEMPLATE}#{part}", context), valid_until(progress, now)), now)
    return page.html


def valid_until(progress: figures.ClassProgress, now: datetime) -> int:
    """The first second at which time alone moves the page: its figures, or one of its "ago" texts.
    Rounded down: a kept page is never shown past it."""
    ago = [ago_changes_at(row.last_active, now) for row in progress.rows if row.last_active is not None]
    return int(min([progress.moves_at, *ago]).timestamp())


def page_context(klass, progress: figures.ClassProgress, sort: str, today: date, now: datetime, *, whole: bool):
    rows, sort = sorted_rows(progress, sort)
    columns = COLUMNS + [(f"topic-{t.topic.pk}", t.topic.short_title) for t in progress.topics]
    # Quiz titles run long: the heading shows the start, its title attribute the whole.
    quiz_columns = [(f"quiz-{q.pk}", Truncator(q.title).chars(28), q.title) for q in progress.quizzes]
    context = {
        "klass": klass,
        "rows": rows,
        "topics": progress.topics,
        "columns": columns,
        "quizzes": progress.quizzes,
        "quiz_columns": quiz_columns,
        "sort": sort,
        "now": now,  # the "ago" texts count to it: the page is kept from it until the first of them changes
        # Past about eight columns the table scrolls on a desktop too: say so there as well.
        "wide_table": len(columns) + len(quiz_columns) > 8,
    }
    if whole:
        context.update(
            behind=[row for row in progress.rows if row.behind],
            behind_rule=figures.BEHIND_RULE,
            weakest_topics=progress.weakest_topics(),
            weakest_cards=figures.class_weakest_cards(progress),
            hardest_questions=class_hardest_questions(klass, progress.quizzes),
            readiness=class_readiness(klass, today),
        )
    return context


# --------------------------------------------------------------------------
# The key
# --------------------------------------------------------------------------

# What draws and computes the page besides the template: a deploy that changes any of it must not serve
# pages kept by the code before it.
PAGE_CODE = (
    HERE / "class_page.py",
    HERE / "figures.py",
    HERE / "readiness.py",
    HERE / "templatetags" / "progress.py",
    HERE.parent / "quizzes" / "grades_for_progress.py",
)


@lru_cache(maxsize=1)
def _markup_version() -> str:
    return source_digest(get_template(TEMPLATE).template.source.encode(), *PAGE_CODE)


# The key's inputs, written out: built by the ORM, these statements would cost a repeated view more than
# running them. Members, with their latest review time and recent count through the (user, reviewed_at)
# index; their names, time zones and settings, by id, the ids given to each table so that PostgreSQL reads
# 50 index entries of each (joined to the memberships, it merged the users, profiles and settings from the
# first id on, 1,600 rows of each for the 32nd class of the benchmark; given the ids only once, it read the
# whole of the other two); topics; exams; quizzes; then the cards' and attempts' counts and latest changes.
MEMBERS_SQL = """
SELECT m.learner_id,
       (SELECT MAX(r.reviewed_at) FROM {review_table} r WHERE r.user_id = m.learner_id),
       (SELECT COUNT(*) FROM {review_table} r WHERE r.user_id = m.learner_id AND r.reviewed_at >= %(recent)s)
FROM {membership_table} m
WHERE m.klass_id = %(klass)s
ORDER BY m.learner_id
"""
LEARNERS_SQL = """
SELECT u.id, u.username, u.first_name, u.last_name, p.time_zone, {settings}
FROM {user_table} u
LEFT JOIN {profile_table} p ON p.user_id = u.id AND p.user_id IN ({learners})
LEFT JOIN {settings_table} st ON st.user_id = u.id AND st.user_id IN ({learners})
WHERE u.id IN ({learners})
ORDER BY u.id
"""
EXAMS_SQL = """
SELECT {exam}, et.topic_id FROM {exam_table} e
LEFT JOIN {exam_topics_table} et ON et.classexam_id = e.id
WHERE e.klass_id = %(klass)s
ORDER BY e.id, et.topic_id
"""
QUIZZES_SQL = """
SELECT q.id, q.updated_at, q.published_at IS NOT NULL FROM {quiz_table} q
JOIN {quiz_classes_table} qc ON qc.quiz_id = q.id
WHERE qc.class_id = %(klass)s
ORDER BY q.id
"""
COUNTS_SQL = """
SELECT (SELECT COUNT(*) FROM {card_table} WHERE topic_id IN ({topics})),
       (SELECT MAX(updated_at) FROM {card_table} WHERE topic_id IN ({topics})),
       COUNT(a.id), MAX(a.id), COUNT(a.submitted_at), MAX(a.submitted_at)
FROM {attempt_table} a
WHERE a.quiz_id IN ({quizzes}) AND NOT a.is_preview
  AND a.learner_id IN (SELECT learner_id FROM {membership_table} WHERE klass_id = %(klass)s)
"""


@dataclass(frozen=True)
class PageInputs:
    topic_ids: list[int]  # the topics the class sees, in the page's order
    quiz_ids: list[int]  # its published quizzes
    digest: str  # of every input: see the module


def page_inputs(klass, today: date, now: datetime) -> PageInputs:
    """Read the key's inputs (see the module): six statements, whatever the class's size or history."""
    recent = figures.class_clock(now) - timedelta(hours=1)  # the start of the hour before this one
    params = {"klass": klass.pk, "recent": connection.ops.adapt_datetimefield_value(recent)}
    tables = _tables()
    with connection.cursor() as cursor:
        cursor.execute(MEMBERS_SQL.format(**tables), params)
        members = cursor.fetchall()
        learners = _ids([pk for pk, *_ in members])
        cursor.execute(LEARNERS_SQL.format(settings=sql_rows.columns(StudySettings, "st"), learners=learners, **tables))
        people = cursor.fetchall()
        cursor.execute(EXAMS_SQL.format(exam=sql_rows.columns(ClassExam, "e"), **tables), params)
        exams = cursor.fetchall()
        cursor.execute(QUIZZES_SQL.format(**tables), params)
        quizzes = cursor.fetchall()
        cursor.execute(class_topics_sql("klass"), params)
        topics = cursor.fetchall()
    topic_ids = [pk for pk, _ in topics]
    quiz_ids = [pk for pk, _, published in quizzes if published]
    counts = sql_rows.fetch_one(
        COUNTS_SQL.format(topics=_ids(topic_ids), quizzes=_ids([pk for pk, *_ in quizzes]), **tables), params
    )
    parts = (_markup_version(), klass.name, today, recent, members, people, exams, quizzes, topics, counts)
    return PageInputs(topic_ids, quiz_ids, hashlib.sha256(repr(parts).encode()).hexdigest())


def _ids(ids: list[int]) -> str:
    """Integer ids written into SQL (read from the database just before, never from a request)."""
    return ", ".join(str(int(pk)) for pk in ids) or "NULL"


def _tables() -> dict[str, str]:
    return sql_rows.tables(
        review_table=ReviewLog,
        membership_table=Membership,
        user_table=get_user_model(),
        profile_table=Profile,
        settings_table=StudySettings,
        exam_table=ClassExam,
        exam_topics_table=ClassExam.topics.through,
        quiz_table=Quiz,
        quiz_classes_table=Quiz.classes.through,
        card_table=Card,
        attempt_table=Attempt,
    )
