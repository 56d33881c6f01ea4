"""The dashboard's figures from the review log and card states, rendered once and kept in Django's cache.

Building them costs a dashboard most of its time (the ORM, Python, the template), running their SQL
little. A repeated view reads a few cheap signatures instead, and renders the page around the kept HTML.

The key holds everything those figures are made from, so it changes whenever one of them may:
- the learner's local day, and every field of their study settings and time zone (desired retention,
  weights, day start...), including ``states_changed``, bumped by every change to a card state that no
  review records (suspend, bury, unsuspend, review again);
- the count and the latest id of their reviews: an answer adds a row with a new, higher id, and undo
  deletes the latest row while restoring the card's state as it was before that answer;
- the topics the figures cover (ids and ``updated_at``, in order): a class joined or left, a topic
  shared, archived or renamed;
- the count and the latest ``updated_at`` of those topics' cards: a card added, edited or retired
  (``updated_at`` is set by every save, and never moves back);
- the template's source and the code that computes and draws the figures, so that a changed page is
  never served from an older rendering.

Time alone changes one input more: predicted recall counts whole days since each card's last review. The
kept figures carry the first moment one of those counts moves (``valid_until``), and are rebuilt from then.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from django.core.cache import cache
from django.db import connection
from django.template.loader import get_template, render_to_string

from studyapp.cards.models import Card
from studyapp.content.models import Topic, visible_topic_ids_sql
from studyapp.study import rows
from studyapp.study.models import ReviewLog, StudySettings

from .figures import TopicMastery

TEMPLATE = "progress/dashboard.html"
HERE = Path(__file__).resolve().parent
KEEP_SECONDS = 24 * 3600  # no kept figures outlive a day; valid_until usually ends them far sooner


@dataclass(frozen=True)
class KeptFigures:
    """What the page shows of the cached figures: two rendered parts and two numbers."""

    streak: int
    weakest_count: int
    charts_html: str
    weakest_html: str
    valid_until: int  # epoch seconds: from then, some card's whole days since its last review have moved


# What draws and computes the figures besides the template: a deploy that changes any of it must not serve
# figures kept by the code before it.
FIGURES_CODE = ("figures.py", "charts.py", "dashboard.py", "figures_cache.py")


@lru_cache(maxsize=1)
def _markup_version() -> str:
    return source_digest(get_template(TEMPLATE).template.source.encode(), *(HERE / name for name in FIGURES_CODE))


def source_digest(template_source: bytes, *code: Path) -> str:
    digest = hashlib.sha256(template_source)
    for path in code:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _settings_signature(study: StudySettings) -> tuple:
    fields = tuple(getattr(study, f.attname) for f in StudySettings._meta.concrete_fields)
    return (*fields, str(study.zone))


# The key's inputs in two statements, written out: built by the ORM, these queries cost a repeated view
# more than running them. The topics the figures cover (in their order), then the reviews' count and
# latest id and those topics' cards' count and latest change.
# `MAX(id + 0)`, not `MAX(id)`: PostgreSQL answers a plain MAX(id) by walking the primary key back from the
# newest review of anyone until it meets one of this learner's, which took seconds at 5,000,000 reviews for a
# learner who had not studied for a while; over an expression, both databases read the learner's own reviews
# through their (user, reviewed_at) index.
KEY_SQL = """
SELECT t.id, t.updated_at FROM {topic_table} t WHERE t.id IN ({topics}) ORDER BY t."order", t.title
"""
COUNTS_SQL = """
SELECT (SELECT COUNT(*) FROM {review_table} WHERE user_id = %(user)s),
       (SELECT MAX(id + 0) FROM {review_table} WHERE user_id = %(user)s),
       (SELECT COUNT(*) FROM {card_table} WHERE topic_id IN ({topics})),
       (SELECT MAX(updated_at) FROM {card_table} WHERE topic_id IN ({topics}))
"""


def _scope_sql(topics) -> tuple[str, dict]:
    """`SELECT id` of the topics the figures cover: the learner's visible topics (`topics` None), written
    out; or a Topic queryset's ids, compiled (an instructor's view of a learner)."""
    if topics is None:
        return visible_topic_ids_sql("user"), {}
    ids = list(topics.values_list("pk", flat=True))
    return ", ".join(f"%(topic_{n})s" for n in range(len(ids))) or "NULL", {
        f"topic_{n}": pk for n, pk in enumerate(ids)
    }


def figures_key(learner, study: StudySettings, today, topics=None) -> str:
    """The cache key of the learner's figures on `today` over `topics` (a Topic queryset; by default
    the topics the learner sees): see the module."""
    scope, params = _scope_sql(topics)
    params["user"] = learner.pk
    tables = rows.tables(topic_table=Topic, review_table=ReviewLog, card_table=Card)
    with connection.cursor() as cursor:
        cursor.execute(KEY_SQL.format(topics=scope, **tables), params)
        topic_rows = tuple(cursor.fetchall())
    counts = rows.fetch_one(COUNTS_SQL.format(topics=scope, **tables), params)
    parts = (_markup_version(), today, _settings_signature(study), topic_rows, tuple(counts))
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"progress:figures:{learner.pk}:{digest}"


def recall_valid_until(mastery: list[TopicMastery], now: datetime) -> int:
    """The first second at which one of the learner's studied cards reaches one more whole day since its last
    review, read off the topics' mastery (`figures.RecallMoves`: the same count as `figures.ElapsedDays`).
    Predicted recall shows only through the mastery of those topics and the weakest of their cards."""
    moves = [topic.recall_moves for topic in mastery if topic.recall_moves is not None]
    return min(moves, default=int(now.timestamp()) + KEEP_SECONDS)


def kept(key: str, now: datetime):
    """What `keep` put under `key`, while time alone has not moved it (before its `valid_until`); else None."""
    found = cache.get(key)
    return found if found is not None and int(now.timestamp()) < found.valid_until else None


def keep(key: str, value, now: datetime):
    """Keep `value` (anything with a `valid_until`, in epoch seconds) under `key` until that second. The cache
    entry expires then too, so entries whose key an answer has moved on from do not pile up."""
    cache.set(key, value, max(1, value.valid_until - int(now.timestamp())))
    return value


def keep_figures(key: str, context: dict, now: datetime) -> KeptFigures:
    """Render the cached parts of the page from the full figures `context`, and keep them."""
    figures = KeptFigures(
        streak=context["streak"],
        weakest_count=len(context["weakest"]),
        charts_html=render_to_string(f"{TEMPLATE}#charts", context),
        weakest_html=render_to_string(f"{TEMPLATE}#weakest-list", context),
        valid_until=recall_valid_until(context["mastery"], now),
    )
    return keep(key, figures, now)
