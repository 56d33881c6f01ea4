"""Notes as people write them, read into topics: the one entry point, `read_notes`.

Pure Python (no Django). A file (or pasted text) with Markdown structure (a
heading or a list marker) is read as Markdown (`markdown_notes`); anything else
as a plain indented outline (`indented_notes`), which may hold several topics.
Front matter (a first line `---`) counts as Markdown structure.
Only unreadable input is refused, with ContentError (`FILE:LINE: message`);
everything else is read, and what could not become a fact is reported as a
NoteWarning with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .house_format import ParsedTopic

# A Markdown heading, or a list item marked with -, *, + or "1." at any indentation.
MARKDOWN_STRUCTURE = re.compile(r"^(#{1,6}\s+\S|\s*(?:[-*+]|\d{1,9}[.)])\s+\S)", re.MULTILINE)


@dataclass(frozen=True)
class NoteWarning:
    """Something in the notes that could not become a fact: it stays on the page, without a card."""

    filename: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.filename}:{self.line}: {self.message}"


@dataclass
class Reading:
    topics: list[ParsedTopic]
    warnings: list[NoteWarning] = field(default_factory=list)


def looks_like_markdown(text: str) -> bool:
    """Front matter, a heading or a list marker means Markdown; anything else is a plain outline."""
    return text.lstrip("\ufeff").startswith("---\n") or bool(MARKDOWN_STRUCTURE.search(text))


def read_notes(text: str, filename: str) -> Reading:
    """Read one file's text (already decoded: see outline.decode) into its topics and warnings."""
    from . import indented_notes, markdown_notes

    if looks_like_markdown(text):
        return markdown_notes.read_markdown(text, filename)
    reading = indented_notes.read_outline(text, filename)
    for topic in reading.topics:
        topic.source_format = "outline"
    return reading
