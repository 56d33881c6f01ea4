"""Django's `{# … #}` comment ends on its own line: one left open there is printed on the page, as text."""

import re
from pathlib import Path

from django.conf import settings

OPEN_COMMENT = re.compile(r"\{#(?!.*#\})")


def open_comments(text: str) -> list[int]:
    """The line numbers whose `{#` has no `#}` after it on the same line."""
    return [number for number, line in enumerate(text.splitlines(), start=1) if OPEN_COMMENT.search(line)]


def test_an_open_comment_is_found():
    assert open_comments("<p>\n{# one line #}\n{# two\n lines #}\n") == [3]


def test_every_template_comment_closes_on_its_line():
    templates = sorted(Path(settings.BASE_DIR).glob("templates/**/*.html")) + sorted(
        Path(settings.BASE_DIR).glob("studyapp/**/templates/**/*.html")
    )
    assert templates
    found = {
        f"{path.relative_to(settings.BASE_DIR)}:{line}"
        for path in templates
        for line in open_comments(path.read_text())
    }
    assert not found, "use {% comment %} for a comment of several lines"
