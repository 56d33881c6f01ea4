"""`export_cards`: JSON, CSV and Anki packages, checked by reading the files and by Anki itself."""

import csv
import json
import sqlite3
import time
import zipfile
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import genanki
import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from django.core.management import CommandError, call_command

from studyapp.cards.export import COLUMNS, deck_id
from studyapp.cards.models import Card
from studyapp.content.models import Topic
from studyapp.lib import spreadsheet
from tests.factories import InstructorFactory

EXECUTION_TIME = "lambda/limits/maximum-execution-time/fact"
MEMORY = "lambda/limits/memory-allocation/fact"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cards(settings):
    call_command("import_content", str(settings.CONTENT_DIR), stdout=StringIO())


def export_cards(*args) -> str:
    out = StringIO()
    call_command("export_cards", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def export_apkg(path: Path, *args) -> Path:
    export_cards("--format", "apkg", "--output", str(path), *args)
    return path


def read_apkg(path: Path, tmp_path: Path) -> SimpleNamespace:
    """The notes (by CardId) and decks (by name) in the SQLite collection inside the package."""
    with zipfile.ZipFile(path) as package:
        name = next(n for n in package.namelist() if n in ("collection.anki21", "collection.anki2"))
        collection = Path(package.extract(name, tmp_path / path.stem))
    db = sqlite3.connect(collection)
    try:
        notes, note_decks = {}, {}
        for guid, fields, deck in db.execute("SELECT n.guid, n.flds, c.did FROM notes n JOIN cards c ON c.nid = n.id"):
            front, back, section, source, card_id = fields.split("\x1f")
            notes[card_id] = SimpleNamespace(guid=guid, front=front, back=back, section=section, source=source)
            note_decks[card_id] = deck
        [decks_json] = db.execute("SELECT decks FROM col").fetchone()
    finally:
        db.close()
    decks = {deck["name"]: int(deck["id"]) for deck in json.loads(decks_json).values()}
    return SimpleNamespace(notes=notes, decks=decks, note_decks=note_decks)


def active_keys(**filters) -> set[str]:
    return set(Card.objects.active().filter(**filters).values_list("key", flat=True))


@pytest.fixture
def anki(tmp_path):
    (tmp_path / "anki").mkdir()
    col = Collection(str(tmp_path / "anki" / "collection.anki2"))
    yield col
    col.close()


def anki_import(col: Collection, path: Path):
    return col.import_anki_package(ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions()))


@pytest.fixture
def later_clock(monkeypatch):
    """genanki stamps each note with the export time in whole seconds, and Anki
    updates a note only from a newer one: move genanki's clock on, not ours."""

    def move_on(seconds: int) -> None:
        monkeypatch.setattr(genanki.package, "time", SimpleNamespace(time=lambda: time.time() + seconds))

    return move_on


def test_json_has_one_row_per_active_card_keyed_by_its_stable_id():
    retired = Card.objects.get(key=EXECUTION_TIME)
    retired.retire()
    rows = json.loads(export_cards("--format", "json"))
    assert list(rows[0]) == COLUMNS
    assert {row["id"] for row in rows} == active_keys()
    assert len(rows) == len(active_keys())
    assert EXECUTION_TIME not in {row["id"] for row in rows}


def test_json_row_of_a_card_carries_its_topic_section_kind_texts_and_source(settings):
    rows = {row["id"]: row for row in json.loads(export_cards())}
    assert rows[EXECUTION_TIME] == {
        "id": EXECUTION_TIME,
        "topic": "AWS Lambda",
        "section": "Lambda › Limits",
        "kind": "fact",
        "front": "What is the maximum execution time of Lambda?",
        "back": "900 seconds (15 minutes)",
        "source": f"{settings.SITE_URL}/topics/lambda/#limits",
    }


def test_csv_has_the_same_columns_and_values_as_json_with_formula_starts_neutralised():
    text = export_cards("--format", "csv")
    assert text.splitlines()[0] == ",".join(COLUMNS)
    rows = json.loads(export_cards("--format", "json"))
    assert list(csv.DictReader(StringIO(text))) == [
        {k: spreadsheet.safe_cell(v) for k, v in row.items()} for row in rows
    ]
    assert any(row["back"].startswith("- ") for row in rows)  # list backs are Markdown lists: "'- …" in the CSV


def test_the_topic_option_limits_the_export_to_that_topic():
    rows = json.loads(export_cards("--topic", "lambda"))
    assert {row["topic"] for row in rows} == {"AWS Lambda"}
    assert {row["id"] for row in rows} == active_keys(topic__slug="lambda")


def test_an_unknown_or_archived_topic_is_an_error():
    with pytest.raises(CommandError, match="no topic with slug 'nope'"):
        export_cards("--topic", "nope")
    Topic.objects.filter(slug="cognito").update(archived=True)
    with pytest.raises(CommandError, match="no topic with slug 'cognito'"):
        export_cards("--topic", "cognito")


def test_apkg_needs_an_output_file():
    with pytest.raises(CommandError, match="--output"):
        export_cards("--format", "apkg")


def test_apkg_holds_one_note_per_active_card_with_its_fields(tmp_path, settings):
    Card.objects.get(key=MEMORY).retire()
    package = read_apkg(export_apkg(tmp_path / "cards.apkg"), tmp_path)

    assert set(package.notes) == active_keys()
    assert MEMORY not in package.notes
    note = package.notes[EXECUTION_TIME]
    assert note.front == "What is the maximum execution time of Lambda?"
    assert "900 seconds (15 minutes)" in note.back
    assert note.section == "Lambda › Limits"
    assert note.source == f"{settings.SITE_URL}/topics/lambda/#limits"


def test_apkg_note_guids_are_the_same_in_every_export(tmp_path):
    first = read_apkg(export_apkg(tmp_path / "first.apkg"), tmp_path).notes
    second = read_apkg(export_apkg(tmp_path / "second.apkg"), tmp_path).notes
    assert {key: note.guid for key, note in first.items()} == {key: note.guid for key, note in second.items()}
    assert len({note.guid for note in first.values()}) == len(first)


def test_apkg_has_one_deck_per_topic_under_the_parent_deck_with_stable_ids(tmp_path):
    package = read_apkg(export_apkg(tmp_path / "cards.apkg"), tmp_path)
    topics = Topic.objects.all()
    expected = {f"Serverless Study::{topic.title}": deck_id(topic.slug) for topic in topics}
    assert {name: did for name, did in package.decks.items() if name.startswith("Serverless Study::")} == expected
    assert len(set(expected.values())) == len(topics)
    lambda_deck = expected["Serverless Study::AWS Lambda"]
    assert {key for key, did in package.note_decks.items() if did == lambda_deck} == active_keys(topic__slug="lambda")

    again = read_apkg(export_apkg(tmp_path / "again.apkg", "--topic", "lambda"), tmp_path)
    assert again.decks["Serverless Study::AWS Lambda"] == lambda_deck


def test_anki_imports_one_note_per_active_card(tmp_path, anki):
    result = anki_import(anki, export_apkg(tmp_path / "cards.apkg"))
    assert anki.note_count() == len(active_keys())
    assert len(result.log.new) == len(active_keys())


def test_anki_updates_notes_in_place_from_a_newer_export(tmp_path, anki, later_clock):
    anki_import(anki, export_apkg(tmp_path / "first.apkg"))
    count = anki.note_count()
    card = Card.objects.get(key=EXECUTION_TIME)
    card.apply_edit(front=card.front, back="Fifteen minutes", user=InstructorFactory())

    later_clock(60)
    result = anki_import(anki, export_apkg(tmp_path / "second.apkg"))

    assert result.log.updated
    assert not result.log.new
    assert anki.note_count() == count
    [nid] = anki.find_notes(f'"CardId:{EXECUTION_TIME}"')
    assert "Fifteen minutes" in anki.get_note(nid)["Back"]
