"""Bring a topic's generated cards in line with its notes, keeping every id.

New facts create cards, reworded facts update their card in place (same key,
so learner history stays attached), removed facts retire their card. An
instructor's edit wins over a later change of the note; the card is then
flagged `note_changed_since_edit` for review.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from studyapp.content.models import Topic

from .generate import CardDraft, generate_cards
from .models import Card

SECTION_SEPARATOR = " › "
SECTION_LENGTH = Card._meta.get_field("section").max_length


@dataclass
class CardSyncReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    needs_review: list[str] = field(default_factory=list)

    def add(self, other: CardSyncReport) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.retired += other.retired
        self.needs_review += other.needs_review

    def summary(self) -> str:
        text = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, {self.retired} retired"
        if self.needs_review:
            text += f"; {len(self.needs_review)} edited cards whose note changed (review them in the card browser)"
        return text


def drafts_for(topic: Topic) -> list[CardDraft]:
    return generate_cards(topic.slug, topic.short_title, topic.parsed_outline())


def sync_topic_cards(topic: Topic) -> CardSyncReport:
    drafts = [] if topic.archived else drafts_for(topic)
    existing = {card.key: card for card in Card.objects.filter(topic=topic, is_generated=True)}
    report = CardSyncReport()
    now = timezone.now()
    to_create: list[Card] = []
    to_update: list[Card] = []
    for draft in drafts:
        card = existing.pop(draft.key, None)
        if card is None:
            to_create.append(_new_card(topic, draft))
            report.created += 1
        elif _apply_draft(card, draft):
            to_update.append(card)
            report.updated += 1
            if card.note_changed_since_edit:
                report.needs_review.append(card.key)
        else:
            report.unchanged += 1
    for card in existing.values():
        if card.retired_at is None:
            card.retired_at, card.retired_because = now, "note"
            to_update.append(card)
            report.retired += 1
    Card.objects.bulk_create(to_create)
    if to_update:
        for card in to_update:
            card.updated_at = now
        Card.objects.bulk_update(to_update, FIELDS_FROM_DRAFT + ["retired_at", "retired_because", "updated_at"])
    return report


FIELDS_FROM_DRAFT = [
    "fact_key",
    "kind",
    "front",
    "back",
    "section",
    "anchor",
    "position",
    "generated_front",
    "generated_back",
    "note_changed_since_edit",
]


def _new_card(topic: Topic, draft: CardDraft) -> Card:
    return Card(
        key=draft.key,
        fact_key=draft.fact_key,
        topic=topic,
        kind=draft.kind,
        front=draft.front,
        back=draft.back,
        generated_front=draft.front,
        generated_back=draft.back,
        section=_section(draft),
        anchor=draft.anchor,
        position=draft.position,
    )


def _section(draft: CardDraft) -> str:
    """The heading path, cut from the front when headings are long: the last says most."""
    text = SECTION_SEPARATOR.join(draft.section)
    return text if len(text) <= SECTION_LENGTH else "…" + text[len(text) - SECTION_LENGTH + 1 :]


def _apply_draft(card: Card, draft: CardDraft) -> bool:
    """Copy the draft onto the card; return whether anything changed."""
    before = [getattr(card, name) for name in FIELDS_FROM_DRAFT] + [card.retired_at, card.retired_because]
    note_changed = (card.generated_front, card.generated_back) != (draft.front, draft.back)
    if card.edited_at is None:
        card.front, card.back = draft.front, draft.back
    elif note_changed:
        card.note_changed_since_edit = True
    card.generated_front, card.generated_back = draft.front, draft.back
    card.fact_key, card.kind, card.position = draft.fact_key, draft.kind, draft.position
    card.section, card.anchor = _section(draft), draft.anchor
    if card.retired_because == "note":
        # The fact came back to the notes: so does its card, with its history.
        card.retired_at, card.retired_because = None, ""
    after = [getattr(card, name) for name in FIELDS_FROM_DRAFT] + [card.retired_at, card.retired_because]
    return before != after
