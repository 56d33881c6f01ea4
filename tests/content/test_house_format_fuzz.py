"""Any text gives either a topic or a clear FILE:LINE error, never a crash; and
any file either imports into rows every database can hold or stops the import
with a FILE:LINE error."""

import re
import tempfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyapp.content.house_format import MAX_LINE, ContentError, decode, parse_topic
from studyapp.lib.markdown_render import render_notes
from tests.content.helpers import assert_every_text_fits

ERROR = re.compile(r"^fuzz\.md:\d+: \S")
FRONT = "---\ntitle: T\nslug: t\norder: 1\nsummary: S\n---\n"
# Lines built from the pieces the parser cares about, so the fuzzer reaches deep
# branches: nesting, the line and indent bounds, and characters databases refuse.
PIECES = st.sampled_from(
    [
        "",
        "- ",
        "    - ",
        "        - ",
        "  - ",
        "## ",
        "### ",
        "#### ",
        "# ",
        "---",
        "```",
        "\t- ",
        "**Update:** ",
        "Label: value",
        "A = B",
        ":",
        "title: x",
        "slug: x",
        "order: 1",
        "summary: s",
        "<script>",
        "é",
        "\x00",
        "\r",
        "1. ",
        "> ",
        " " * 44 + "- ",
        " " * 48,
        " " * 52,
        "x" * (MAX_LINE // 2),
        "\x1b",
        "\x0c",
        "\x85",
        "\u2028",
        "## " + "Long heading " * 20,
    ]
)
LINES = st.lists(
    st.builds(lambda parts, text: "".join(parts) + text, st.lists(PIECES, max_size=3), st.text(max_size=12)),
    max_size=25,
)
# For whole files: mostly text a database takes, so most files get past the
# characters check to the bounds behind it; the pieces still bring the rest.
PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))
BODY = st.lists(
    st.builds(lambda parts, text: "".join(parts) + text, st.lists(PIECES, max_size=3), st.text(PRINTABLE, max_size=12)),
    max_size=25,
).map("\n".join)
# A list nested up to 16 levels, one level deeper per line at most.
NESTED = st.lists(st.integers(min_value=0, max_value=16), max_size=20).map(
    lambda depths: "\n".join(
        " " * 4 * min(depth, index) + f"- Item {index}: {depth}" for index, depth in enumerate(depths)
    )
)


def words(min_size: int = 1, max_size: int = 12) -> st.SearchStrategy[str]:
    return st.text(PRINTABLE, min_size=min_size, max_size=max_size)


META = st.fixed_dictionaries(
    {
        "title": st.one_of(words(), words(95, 210)),
        "slug": st.one_of(
            st.from_regex(r"[a-z0-9]{1,12}(-[a-z0-9]{1,12}){0,2}", fullmatch=True),
            st.from_regex(r"[a-z]{45,55}", fullmatch=True),
            words(max_size=8),
        ),
        "order": st.one_of(
            st.integers(min_value=-1000, max_value=1000),
            st.integers(min_value=-(2**70), max_value=2**70),
            words(max_size=6),
        ).map(str),
        "summary": st.one_of(words(), words(290, 310)),
    },
    optional={"short_title": st.one_of(words(), words(95, 105))},
)


def check(text: str) -> None:
    try:
        topic = parse_topic(text, "fuzz.md")
    except ContentError as error:
        assert ERROR.match(str(error)), str(error)
        assert error.line >= 0
        return
    render_notes(topic.body_with_anchors)
    topic.outline.to_dict()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text_gives_a_topic_or_a_located_error(text):
    check(text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LINES)
def test_any_body_after_valid_front_matter_gives_a_topic_or_a_located_error(lines):
    check(FRONT + "\n".join(lines))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_decode_or_give_a_located_error(raw):
    try:
        decode(raw, "fuzz.md")
    except ContentError as error:
        assert ERROR.match(str(error))


def check_import(text: str) -> None:
    """Import `text` as the one file of a folder; undo whatever it wrote."""
    with tempfile.TemporaryDirectory() as folder, transaction.atomic():
        path = Path(folder, "fuzz.md")
        path.write_text(text, encoding="utf-8")
        try:
            call_command("import_content", folder, stdout=StringIO())
        except CommandError as error:
            assert str(error).startswith(f"{path}:"), str(error)
            assert ERROR.match(str(error).removeprefix(f"{folder}/")), str(error)
        else:
            assert_every_text_fits()
        transaction.set_rollback(True)


@pytest.mark.django_db
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(META, st.one_of(BODY, NESTED))
def test_any_file_imports_into_rows_any_database_holds_or_stops_at_a_located_error(meta, body):
    front = "".join(f"{key}: {value}\n" for key, value in meta.items())
    check_import(f"---\n{front}---\n\n{body}\n")
