"""Notes written in the browser turned into owned topics: read, preview (topics, cards,
questions, warnings) and save, all or nothing.

One text (a pasted text or an uploaded file) may make several topics (an outline with
several subjects). They stay together as one *notes text*: every topic it made has the
same `source_file` (the upload's name, or "pasted notes, <date>", unique per owner) and
the same `source_text`. Editing any of them edits that text and updates all of them;
a topic whose subject left the text is archived (its cards retired, history kept), and
comes back with its cards if the subject does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from studyapp.cards.generate import CardDraft, generate_topic
from studyapp.cards.models import Card
from studyapp.cards.sync import SECTION_SEPARATOR, sync_topic_cards
from studyapp.content.house_format import ParsedTopic
from studyapp.content.importing import check_fits, fingerprint
from studyapp.content.models import SourceFormat, Topic
from studyapp.content.notes import NoteWarning, looks_like_markdown, read_notes
from studyapp.lib.markdown_render import render_notes
from studyapp.quizzes.generate import CardData, QuestionDraft, generate_questions

PASTED = "pasted notes"  # the name a pasted text is read under: its errors read "pasted notes:12: …"
COPY_SUFFIX = re.compile(r" \(\d+\)$")  # "notes.md (2)": a second upload of a file of that name


class NotesRefused(Exception):
    """The notes can be read but not saved (a limit is reached): the message says why."""


@dataclass(frozen=True)
class NotesText:
    """One text as the user gave it: `source_file` names it among its owner's notes."""

    source_file: str
    text: str

    @property
    def reading_name(self) -> str:
        """The name the readers see (errors cite it; a title may come from it): the file's own name."""
        return PASTED if self.source_file.startswith(PASTED) else COPY_SUFFIX.sub("", self.source_file)


@dataclass
class CardChange:
    status: str  # "created", "changed", "unchanged" or "retired"
    front: str
    back: str
    before_front: str = ""
    before_back: str = ""


@dataclass
class TopicPlan:
    """One topic the notes make: new (`topic` None) or an update of `topic`."""

    parsed: ParsedTopic
    slug: str
    topic: Topic | None
    html: str
    drafts: list[CardDraft]
    questions: list[QuestionDraft]
    changes: list[CardChange] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        found = {"created": 0, "changed": 0, "unchanged": 0, "retired": 0}
        for change in self.changes:
            found[change.status] += 1
        return found


@dataclass
class Plan:
    """What saving would do: the topics to write, those to archive, and what the reader warned about."""

    texts: list[NotesText]
    topics: list[TopicPlan] = field(default_factory=list)
    archive: list[Topic] = field(default_factory=list)
    warnings: list[NoteWarning] = field(default_factory=list)
    text_of: dict[int, NotesText] = field(default_factory=dict)  # id(TopicPlan) -> its text


# --- reading ---------------------------------------------------------------------------------


def pasted_name(owner, now=None) -> str:
    return unique_source_file(owner, f"{PASTED}, {timezone.localtime(now).strftime('%Y-%m-%d %H:%M')}")


def unique_source_file(owner, name: str, taken: set[str] | None = None) -> str:
    """`name`, or `name (2)`, `name (3)`…: each notes text of an owner has its own name."""
    name = name[: Topic._meta.get_field("source_file").max_length - 8]
    used = set(Topic.objects.owned_by(owner).filter(source_file__startswith=name).values_list("source_file", flat=True))
    used |= taken or set()
    candidate, n = name, 1
    while candidate in used:
        n += 1
        candidate = f"{name} ({n})"
    return candidate


def plan_new(owner, texts: list[NotesText]) -> Plan:
    """Read new notes: every topic new, with a free slug. Raises ContentError or NotesRefused."""
    plan = Plan(texts=texts)
    taken: set[str] = set()
    for notes in texts:
        for parsed in _read(notes, plan):
            slug = _free_slug(parsed.slug, taken)
            taken.add(slug)
            _add(plan, notes, parsed, slug, None)
    _check_limit(owner, plan, replacing=0)
    return plan


def group_of(topic: Topic):
    """Every topic (archived ones too) made from the same notes text as `topic`."""
    return Topic.objects.owned_by(topic.owner_id).filter(source_file=topic.source_file).order_by("pk")


def plan_edit(topic: Topic, text: str) -> Plan:
    """Read the edited notes text of `topic` (and of the topics made with it)."""
    notes = NotesText(topic.source_file, text)
    plan = Plan(texts=[notes])
    group = list(group_of(topic))
    live = [t for t in group if not t.archived]
    parsed_topics = _read(notes, plan)
    matched = _match(parsed_topics, group, live)
    taken: set[str] = set()
    for parsed in parsed_topics:
        current = matched.get(id(parsed))
        slug = current.slug if current else _free_slug(parsed.slug, taken)
        taken.add(slug)
        _add(plan, notes, parsed, slug, current)
    kept = {t.pk for t in matched.values()}
    plan.archive = [t for t in live if t.pk not in kept]
    _check_limit(topic.owner, plan, replacing=len(live))
    return plan


def _read(notes: NotesText, plan: Plan) -> list[ParsedTopic]:
    reading = read_notes(notes.text, notes.reading_name)
    for position, parsed in enumerate(reading.topics, 1):
        if parsed.order is None:  # the notes give none: the subjects keep the text's order
            parsed.order = position
        check_fits(parsed)
    plan.warnings += reading.warnings
    return reading.topics


def _match(parsed_topics: list[ParsedTopic], group: list[Topic], live: list[Topic]) -> dict[int, Topic]:
    """Which stored topic each topic of the text updates. A text of one topic that made one topic
    updates it whatever its new title; otherwise by title, then by the slug the title gives."""
    if len(parsed_topics) == 1 and len(live) == 1:
        return {id(parsed_topics[0]): live[0]}
    free = list(group)
    matched: dict[int, Topic] = {}
    for same in (
        lambda p, t: p.title.casefold() == t.title.casefold(),
        lambda p, t: t.slug == p.slug or t.slug.rsplit("-", 1)[0] == p.slug,
    ):
        for parsed in parsed_topics:
            if id(parsed) in matched:
                continue
            found = next((t for t in free if same(parsed, t)), None)
            if found:
                matched[id(parsed)] = found
                free.remove(found)
    return matched


def _free_slug(name: str, taken: set[str]) -> str:
    slug, n = Topic.objects.free_slug(name), 1
    while slug in taken:  # two topics of the same notes want one slug
        n += 1
        slug = Topic.objects.free_slug(f"{name}-{n}")
    return slug


def _add(plan: Plan, notes: NotesText, parsed: ParsedTopic, slug: str, current: Topic | None) -> None:
    generated = generate_topic(slug, parsed.short_title, parsed.outline)
    drafts = generated.cards
    cards = [
        CardData(
            id=index,
            key=d.key,
            fact_key=d.fact_key,
            kind=d.kind,
            front=d.front,
            back=d.back,
            section=SECTION_SEPARATOR.join(d.section),
            anchor=d.anchor,
        )
        for index, d in enumerate(drafts)
    ]
    item = TopicPlan(
        parsed=parsed,
        slug=slug,
        topic=current,
        html=render_notes(parsed.body_with_anchors),
        drafts=drafts,
        questions=generate_questions(cards, generated.sets),
        changes=card_changes(current, drafts),
    )
    plan.topics.append(item)
    plan.text_of[id(item)] = notes


def card_changes(topic: Topic | None, drafts: list[CardDraft]) -> list[CardChange]:
    """Each draft against the topic's generated cards in use: same key and other words = changed
    in place (history kept), new key = created, a card whose key is gone = retired."""
    existing = {}
    if topic is not None:
        existing = {c.key: c for c in Card.objects.filter(topic=topic, is_generated=True, retired_at=None)}
    changes = []
    for draft in drafts:
        card = existing.pop(draft.key, None)
        if card is None:
            changes.append(CardChange("created", draft.front, draft.back))
        elif (card.generated_front, card.generated_back) != (draft.front, draft.back):
            changes.append(CardChange("changed", draft.front, draft.back, card.generated_front, card.generated_back))
        else:
            changes.append(CardChange("unchanged", draft.front, draft.back))
    changes += [CardChange("retired", c.front, c.back) for c in existing.values()]
    return changes


def _check_limit(owner, plan: Plan, replacing: int) -> None:
    limit = settings.NOTES_MAX_TOPICS_PER_USER
    have = Topic.objects.owned_by(owner).live().count() - replacing
    if have + len(plan.topics) > limit:
        raise NotesRefused(
            f"These notes make {len(plan.topics)} topic{'s' if len(plan.topics) != 1 else ''} and you have "
            f"{have}: the most anyone may keep is {limit}. Archive or merge some notes first."
        )


# --- saving ----------------------------------------------------------------------------------


@transaction.atomic
def save_plan(owner, plan: Plan) -> list[Topic]:
    """Write the plan: topics created or updated with their cards, gone subjects archived."""
    _check_limit(
        owner, plan, replacing=sum(1 for t in plan.topics if t.topic and not t.topic.archived) + len(plan.archive)
    )
    saved = []
    for item in plan.topics:
        notes = plan.text_of[id(item)]
        parsed = item.parsed
        topic = item.topic or Topic(owner=owner, slug=item.slug)
        topic.title, topic.short_title, topic.summary = parsed.title, parsed.short_title, parsed.summary
        topic.order = parsed.order
        topic.source_file = notes.source_file
        topic.source_text = notes.text
        topic.source_format = SourceFormat.MARKDOWN if looks_like_markdown(notes.text) else SourceFormat.OUTLINE
        topic.source_hash = fingerprint(parsed)
        topic.body, topic.html, topic.outline = parsed.body, item.html, parsed.outline.to_dict()
        topic.archived = False
        topic.save()
        sync_topic_cards(topic)
        saved.append(topic)
    for gone in plan.archive:
        gone.archived = True
        gone.save(update_fields=["archived", "updated_at"])
        sync_topic_cards(gone)  # retires its cards: a returning subject brings them back
    return saved


# --- download --------------------------------------------------------------------------------


def as_markdown(topic: Topic) -> str:
    """The topic as a Markdown file that reads back to the same cards.

    An owned Markdown topic gives its notes as written; a site topic, or a topic read from a plain
    outline, gives its Markdown body under front matter (an outline's several subjects come apart,
    one file each).
    """
    if topic.owner_id and topic.source_format == SourceFormat.MARKDOWN and topic.source_text:
        return topic.source_text
    lines = ["---"]
    for key in ("title", "slug", "order", "summary", "short_title"):
        value = " ".join(str(getattr(topic, key)).split())
        if value:
            lines.append(f"{key}: {value}")
    lines += ["---", "", topic.body.strip("\n"), ""]
    return "\n".join(lines)
