"""import_content refuses what a database cannot hold, the same way on SQLite and
PostgreSQL, with FILE:LINE and nothing written; at the bounds it still imports."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.backends.base.operations import BaseDatabaseOperations

from studyapp.cards.models import Card
from studyapp.content.house_format import MAX_DEPTH, MAX_FILE_BYTES, MAX_LINE
from studyapp.content.models import Topic
from tests.content.helpers import assert_every_text_fits

pytestmark = pytest.mark.django_db

ORDER_MIN, ORDER_MAX = BaseDatabaseOperations.integer_field_ranges[Topic._meta.get_field("order").get_internal_type()]


def topic_text(body: str = "## Limits\n\n- Timeout: 900 seconds\n", **meta: str) -> str:
    fields = {"title": "AWS Lambda", "slug": "lambda", "order": "2", "summary": "Functions on demand."} | meta
    front = "".join(f"{key}: {value}\n" for key, value in fields.items())
    return f"---\n{front}---\n\n{body}"


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "01-good.md").write_text(topic_text(slug="good", order="1"))
    return tmp_path


def run_import(folder) -> str:
    out = StringIO()
    call_command("import_content", str(folder), stdout=out)
    return out.getvalue()


def refused(folder, text: str | bytes) -> str:
    """Import `folder` with 02-bad.md holding `text`; return the error after its file name."""
    bad = folder / "02-bad.md"
    bad.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(CommandError) as error:
        run_import(folder)
    message = str(error.value)
    assert message.startswith(f"{bad}:"), message
    assert not Topic.objects.exists() and not Card.objects.exists()  # the good file is not written either
    return message.removeprefix(f"{bad}:")


def imports(folder, text: str) -> Topic:
    (folder / "02-bad.md").write_text(text)
    run_import(folder)
    return Topic.objects.exclude(slug="good").get()


# order


@pytest.mark.parametrize("order", [ORDER_MAX + 1, ORDER_MIN - 1, 10**30])
def test_an_order_the_database_cannot_hold_is_refused_at_its_line(folder, order):
    message = refused(folder, topic_text(order=str(order)))
    assert message == f"4: order must be between {ORDER_MIN} and {ORDER_MAX}, not {order}"


def test_the_largest_order_imports(folder):
    assert imports(folder, topic_text(order=str(ORDER_MAX))).order == ORDER_MAX


# nesting


def nested(levels: int) -> str:
    return "## Deep\n\n" + "\n".join(" " * 4 * level + f"- Level {level + 1}" for level in range(levels)) + "\n"


def test_lists_nest_at_most_twelve_levels(folder):
    assert MAX_DEPTH == 12
    message = refused(folder, topic_text(nested(MAX_DEPTH + 1)))
    assert message == f"{9 + MAX_DEPTH + 1}: list items nest at most {MAX_DEPTH} levels deep"


def test_twelve_levels_import(folder):
    topic = imports(folder, topic_text(nested(MAX_DEPTH)))
    assert f"Level {MAX_DEPTH}" in topic.html
    assert_every_text_fits()


def test_very_deep_nesting_is_a_located_error_not_a_crash(folder):
    message = refused(folder, topic_text(nested(300)))
    assert message.startswith(f"{9 + MAX_DEPTH + 1}: ")


def test_deep_indentation_outside_lists_is_refused_too(folder):
    """The Markdown renderer nests ordered lists and quotes that the outline does not read."""
    ordered = "\n".join(" " * 4 * level + "1. step" for level in range(300))
    message = refused(folder, topic_text("## Steps\n\n" + ordered + "\n"))
    # Step 13 sits 48 spaces in, as deep as a list may go; step 14 is one level deeper.
    assert message == f"{9 + MAX_DEPTH + 1}: list items nest at most {MAX_DEPTH} levels deep"


# characters


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x0c", "\x7f", "\x85", "\u2028"])
def test_control_characters_are_refused_at_their_line(folder, char):
    body = f"## Limits\n\n- Timeout: 900 seconds\n- Memory:{char} 128 MB\n"
    message = refused(folder, topic_text(body))
    assert message == f"11: invisible character U+{ord(char):04X} is not allowed; delete it"


def test_a_nul_byte_in_the_front_matter_is_refused_too(folder):
    assert refused(folder, topic_text(title="AWS\x00 Lambda")).startswith("2: invisible character U+0000")


def test_windows_line_endings_and_tabs_inside_lines_still_import(folder):
    topic = imports(folder, topic_text("## Limits\n\n- Timeout:\t900 seconds\n").replace("\n", "\r\n"))
    assert "900 seconds" in topic.html


# lengths


@pytest.mark.parametrize("key,line", [("title", 2), ("summary", 5), ("short_title", 6), ("slug", 3)])
def test_front_matter_longer_than_its_column_is_shortened_with_a_warning_at_its_line(folder, key, line, capsys):
    limit = Topic._meta.get_field(key).max_length
    topic = imports(folder, topic_text(**{key: "a" * (limit + 1)}))
    assert len(getattr(topic, key)) <= limit
    assert_every_text_fits()
    assert f"02-bad.md:{line}: warning: {key} is {limit + 1} characters long" in capsys.readouterr().err


def test_a_long_title_gives_a_short_title_that_fits_card_paths(folder):
    limit = Topic._meta.get_field("short_title").max_length
    topic = imports(folder, topic_text(title="T" * (limit + 1)))
    assert topic.title == "T" * (limit + 1) and len(topic.short_title) <= limit


def test_front_matter_at_its_limits_imports(folder):
    meta = {key: "a" * Topic._meta.get_field(key).max_length for key in ("title", "summary", "short_title", "slug")}
    topic = imports(folder, topic_text(**meta))
    assert topic.title == meta["title"] and topic.slug == meta["slug"]
    assert_every_text_fits()


def test_a_line_longer_than_the_most_is_refused(folder):
    message = refused(folder, topic_text(f"## Limits\n\n- Timeout: {'9' * MAX_LINE}\n"))
    assert message == f"10: line is {MAX_LINE + 11} characters long; the most is {MAX_LINE}"


def test_a_file_larger_than_the_most_is_refused(folder):
    lines = "".join(f"- Fact {n}: value\n" for n in range(MAX_FILE_BYTES // 16))
    message = refused(folder, topic_text("## Many\n\n" + lines))
    assert re.fullmatch(rf"\d+: the file is larger than {MAX_FILE_BYTES:,} bytes; split the topic", message)


def test_long_headings_still_give_cards_that_fit_their_columns(folder):
    headings = "".join(f"{'#' * level} {'Heading ' * 30}{level}\n\n" for level in range(2, 7))
    imports(folder, topic_text(headings + "- Timeout: 900 seconds\n- Memory: 128 MB\n"))
    assert Card.objects.filter(topic__slug="lambda").exists()
    assert_every_text_fits()
