"""Read a folder of notes (content/ by default) into site topics: idempotent, all or nothing."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.backends.base.operations import BaseDatabaseOperations

from studyapp.lib.markdown_render import render_notes

from .house_format import MAX_FILE_BYTES, ContentError, ParsedTopic, decode
from .models import Topic
from .notes import Reading, read_notes

NOTES_FILES = ("*.md", "*.txt")

# Bump when parsing or rendering changes, so the next import refreshes every topic.
FORMAT_VERSION = "2"


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    archived: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.archived)} archived"
        )


def read_folder(directory: Path) -> Reading:
    """Read every notes file (*.md, *.txt) under `directory` into topics and warnings.

    Only unreadable input raises ContentError (`FILE:LINE: message`), and so does a
    slug two topics share; what could not become a fact is a warning. Topics whose
    file gives no order follow the numbered ones, by file name.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise ContentError(str(directory), 0, "no such content folder")
    files = sorted(path for pattern in NOTES_FILES for path in directory.glob(pattern))
    if not files:
        raise ContentError(str(directory), 0, f"no notes files ({', '.join(NOTES_FILES)}) found")
    found = Reading(topics=[])
    for path in files:
        name = _display_name(path)
        with path.open("rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)  # one byte more tells decode() the file is too large
        reading = read_notes(decode(raw, name), name)
        found.topics += reading.topics
        found.warnings += reading.warnings
    _order_unnumbered(found.topics)
    seen: dict[str, ParsedTopic] = {}
    for topic in found.topics:
        check_fits(topic)
        if topic.slug in seen:
            other = seen[topic.slug]
            raise ContentError(
                topic.filename,
                line_of(topic, "slug"),
                f"duplicate slug {topic.slug!r} (also used by {other.filename}:{line_of(other, 'slug')})",
            )
        seen[topic.slug] = topic
    return found


def line_of(topic: ParsedTopic, key: str) -> int:
    """The line a value of the topic came from: its front matter line, else the title's, else 1."""
    return topic.lines.get(key, topic.lines.get("title", 1))


def _order_unnumbered(topics: list[ParsedTopic]) -> None:
    numbered = [topic.order for topic in topics if topic.order is not None]
    after = max(numbered, default=0)
    # By file name; a file's own topics keep their order (the sort is stable).
    for offset, topic in enumerate(sorted((t for t in topics if t.order is None), key=lambda t: t.filename.lower())):
        topic.order = after + 1 + offset


def check_fits(topic: ParsedTopic) -> None:
    """Refuse what a Topic row cannot hold. PostgreSQL would refuse it with a
    DataError and SQLite would store it; both refuse it here, located to the line."""
    fields = Topic._meta
    for key in ("title", "slug", "summary", "short_title"):
        limit = fields.get_field(key).max_length
        value = getattr(topic, key)
        if len(value) <= limit:
            continue
        if key in topic.lines:
            raise ContentError(
                topic.filename, topic.lines[key], f"{key} is {len(value)} characters long; the most is {limit}"
            )
        # short_title defaults to the title
        raise ContentError(
            topic.filename,
            line_of(topic, "title"),
            f"title is longer than {limit} characters: add a short_title of at most {limit}",
        )
    # The portable range, not the connection's: SQLite's integers are wider than PostgreSQL's.
    low, high = BaseDatabaseOperations.integer_field_ranges[fields.get_field("order").get_internal_type()]
    if not low <= topic.order <= high:
        raise ContentError(
            topic.filename, line_of(topic, "order"), f"order must be between {low} and {high}, not {topic.order}"
        )


def fingerprint(topic: ParsedTopic) -> str:
    data = [FORMAT_VERSION, topic.title, topic.short_title, topic.summary, topic.order, topic.body]
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()


@transaction.atomic
def save_topics(parsed: list[ParsedTopic]) -> ImportReport:
    """Make the site topics what `parsed` says. Topics made in the browser are never touched:
    a file wanting an owned topic's slug is refused, and a topic staff made a site topic
    (it keeps its notes text until its file arrives) is not archived for having no file."""
    report = ImportReport()
    site = Topic.objects.filter(owner=None)
    existing = {topic.slug: topic for topic in site}
    _refuse_owned_slugs(parsed)
    for topic in parsed:
        digest = fingerprint(topic)
        current = existing.pop(topic.slug, None)
        if current and current.source_hash == digest and not current.archived and not current.source_text:
            report.unchanged.append(topic.slug)
            continue
        values = {
            "title": topic.title,
            "short_title": topic.short_title,
            "summary": topic.summary,
            "order": topic.order,
            "source_file": Path(topic.filename).name,
            "source_hash": digest,
            "source_text": "",  # the file is the source now
            "source_format": topic.source_format,
            "body": topic.body,
            "html": render_notes(topic.body_with_anchors),
            "outline": topic.outline.to_dict(),
            "archived": False,
        }
        site.update_or_create(slug=topic.slug, defaults=values)
        (report.updated if current else report.created).append(topic.slug)
    for slug, gone in existing.items():
        if not gone.archived and not gone.source_text:
            gone.archived = True
            gone.save(update_fields=["archived", "updated_at"])
            report.archived.append(slug)
    return report


def _refuse_owned_slugs(parsed: list[ParsedTopic]) -> None:
    slugs = {topic.slug: topic for topic in parsed}
    owned = Topic.objects.exclude(owner=None).filter(slug__in=slugs).select_related("owner").first()
    if owned:
        topic = slugs[owned.slug]
        raise ContentError(
            topic.filename,
            line_of(topic, "slug"),
            f'slug {owned.slug!r} is taken by "{owned.title}", a topic {owned.owner.get_username()} made in the '
            "browser: choose another slug, or have staff make it a site topic first",
        )


def _display_name(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
