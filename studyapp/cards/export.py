"""Cards out of the app: JSON, CSV and Anki packages (.apkg via genanki).

Ids are stable: the JSON/CSV `id` is the card key, and each Anki note's guid
is derived from it, so importing a newer export into Anki updates notes in
place instead of duplicating them.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import os
import tempfile
from collections.abc import Iterable

import genanki
from django.conf import settings

from studyapp.lib import background, spreadsheet
from studyapp.lib.markdown_render import render_markdown

from .models import Card

COLUMNS = ["id", "topic", "section", "kind", "front", "back", "source"]
PARENT_DECK = "Serverless Study"
# Fixed forever: Anki recognises the note type by this id.
MODEL_ID = 1_734_912_001
ANKI_MODEL = genanki.Model(
    MODEL_ID,
    "Serverless Study card",
    fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Section"}, {"name": "Source"}, {"name": "CardId"}],
    templates=[
        {
            "name": "Card 1",
            "qfmt": '<div class="section">{{Section}}</div><div class="front">{{Front}}</div>',
            "afmt": '{{FrontSide}}<hr id="answer"><div class="back">{{Back}}</div>'
            '<div class="source"><a href="{{Source}}">Read in the notes</a></div>',
        }
    ],
    css=(
        ".card { font-family: system-ui, sans-serif; font-size: 20px; text-align: left; max-width: 40em;"
        " margin: auto; }"
        " .section { font-size: 14px; color: #777; margin-bottom: .5em; } .source { font-size: 14px; margin-top: 1em; }"
    ),
    sort_field_index=0,
)


def card_rows(cards: Iterable[Card], site_url: str) -> list[dict]:
    site_url = site_url.rstrip("/")
    return [
        {
            "id": card.key,
            "topic": card.topic.title,
            "section": card.section,
            "kind": card.kind,
            "front": card.front,
            "back": card.back,
            "source": site_url + card.source_url(),
        }
        for card in cards
    ]


def to_json(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def to_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = spreadsheet.dict_writer(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def deck_id(topic_slug: str) -> int:
    digest = hashlib.sha256(f"serverless-study/deck/{topic_slug}".encode()).digest()
    return 1_000_000_000 + int.from_bytes(digest[:4], "big") % 1_000_000_000


def to_apkg(rows: list[dict], topic_slugs: dict[str, str]) -> bytes:
    """One deck per topic under the parent deck; `topic_slugs` maps topic title to slug."""
    decks: dict[str, genanki.Deck] = {}
    for row in rows:
        title = row["topic"]
        if title not in decks:
            decks[title] = genanki.Deck(deck_id(topic_slugs[title]), f"{PARENT_DECK}::{title}")
        note = genanki.Note(
            model=ANKI_MODEL,
            fields=[
                html.escape(row["front"]),
                render_markdown(row["back"]),
                html.escape(row["section"]),
                html.escape(row["source"], quote=True),
                row["id"],
            ],
            guid=genanki.guid_for(row["id"]),
        )
        decks[title].add_note(note)
    handle, path = tempfile.mkstemp(suffix=".apkg")
    os.close(handle)
    try:
        genanki.Package(list(decks.values())).write_to_file(path)
        with open(path, "rb") as file:
            return file.read()
    finally:
        os.unlink(path)


def export(cards: Iterable[Card], fmt: str, site_url: str) -> bytes:
    cards = list(cards)
    rows = card_rows(cards, site_url)
    if fmt == "json":
        return to_json(rows).encode()
    if fmt == "csv":
        return to_csv(rows).encode()
    if fmt == "apkg":
        return to_apkg(rows, {card.topic.title: card.topic.slug for card in cards})
    raise ValueError(f"unknown export format {fmt!r} (choose json, csv or apkg)")


def is_large(cards) -> bool:
    """Enough cards (a QuerySet) to be exported by a background task: EXPORT_IN_BACKGROUND_FROM or more."""
    return cards.count() >= settings.EXPORT_IN_BACKGROUND_FROM


def stored_path(user_pk: int, filename: str) -> str:
    """Where a background export made for this user is stored."""
    return f"{background.user_folder(user_pk)}/{filename}"
