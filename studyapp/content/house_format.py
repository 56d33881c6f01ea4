"""The house format: a topic's Markdown file in content/ parsed into front matter and an outline of facts.

The outline's data classes (Outline, Section, Item) and ContentError live here too;
the readers of notes as people write them (notes.py) build the same outline.

Pure Python (no Django): the importer stores the outline as JSON and the card
generator reads it back. Anything malformed raises ContentError, whose message
reads `FILE:LINE: message` so an author can jump straight to the problem.

The format (README, "Bring your notes"):

    ---
    title: AWS Lambda
    slug: lambda
    order: 2
    summary: One line on what the topic covers.
    short_title: Lambda          (optional; used in card paths)
    ---

    ## Section
    ### Subsection
    - Label: value
        - nested item (4 spaces per level)
        - **Update:** a current figure for the fact above
        - **Correction:** the right figure, where the notes got it wrong

Limits: lists nest at most MAX_DEPTH levels, lines hold at most MAX_LINE
characters, files at most MAX_FILE_BYTES, and control characters are refused.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field

REQUIRED_KEYS = ("title", "slug", "order", "summary")
OPTIONAL_KEYS = ("short_title",)
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
ITEM_RE = re.compile(r"^( *)[-*+]\s+(.*)$")
# "**Update:**" gives a fact's current figure; "**Correction:**" fixes a figure the notes got wrong.
UPDATE_RE = re.compile(r"^\*\*(?:Update|Correction):?\*\*:?\s*", re.IGNORECASE)
CORRECTION_RE = re.compile(r"^\*\*Correction", re.IGNORECASE)
# "Label: value" — a short label, then a colon and a space. Times like 14:30
# and URLs never match because the colon must be followed by a space.
LABEL_RE = re.compile(r"^(?P<label>[^:=]{1,80}?):\s+(?P<value>\S.*)$")
INDENT = 4
# Bounds that keep parsing, rendering and storing a file cheap and crash-free.
# The Markdown renderer recurses once per level of nesting, so indentation is
# bounded on every line, not only on the list items the outline reads.
MAX_DEPTH = 12  # levels of list items; lines may be indented INDENT * MAX_DEPTH spaces
MAX_LINE = 1000  # characters in one line
MAX_FILE_BYTES = 1_000_000
MAX_ANCHOR = 80  # characters of a heading's anchor before its "-2" suffix; cards store it
# NUL and the other control characters (PostgreSQL refuses NUL; SQLite keeps
# it), and the characters that str.splitlines() but not an editor takes for a
# line break, which would shift every line number after them. Tab, CR and LF pass.
FORBIDDEN_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


class ContentError(Exception):
    """A problem in a content file, located to the line."""

    def __init__(self, filename: str, line: int, message: str):
        self.filename = filename
        self.line = line
        self.message = message
        super().__init__(f"{filename}:{line}: {message}")


@dataclass
class Item:
    text: str
    line: int
    label: str | None = None
    value: str | None = None
    is_update: bool = False  # an Update or a Correction of the fact above
    is_correction: bool = False
    children: list[Item] = field(default_factory=list)
    ordered: bool = False  # an item of a numbered list; outlines stored before it read as False

    @classmethod
    def from_dict(cls, data: dict) -> Item:
        data = dict(data)
        data["children"] = [cls.from_dict(child) for child in data.get("children", [])]
        return cls(**data)


@dataclass
class Section:
    title: str
    level: int
    anchor: str
    path: list[str]
    line: int
    items: list[Item] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict) -> Section:
        data = dict(data)
        data["items"] = [Item.from_dict(item) for item in data.get("items", [])]
        return cls(**data)


@dataclass
class Outline:
    sections: list[Section]

    def to_dict(self) -> dict:
        return {"sections": [asdict(section) for section in self.sections]}

    @classmethod
    def from_dict(cls, data: dict) -> Outline:
        return cls(sections=[Section.from_dict(section) for section in data.get("sections", [])])

    def fact_lines(self) -> list[tuple[Section, Item]]:
        """Every list item with its section, depth first, in note order."""
        found: list[tuple[Section, Item]] = []

        def walk(section: Section, items: list[Item]) -> None:
            for item in items:
                found.append((section, item))
                walk(section, item.children)

        for section in self.sections:
            walk(section, section.items)
        return found


@dataclass
class ParsedTopic:
    filename: str
    title: str
    slug: str
    order: int | None  # None: the notes give no order (the importer sorts those after numbered ones, by file name)
    summary: str
    short_title: str
    body: str
    body_with_anchors: str
    outline: Outline
    lines: dict[str, int]  # front matter key -> its line number, for errors found later
    source_format: str = "markdown"  # or "outline": the form the notes were written in (notes.read_notes)


def plain(text: str) -> str:
    """Inline Markdown to plain text: drop emphasis markers and code ticks."""
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"(?<!\w)[*_](.+?)[*_](?!\w)", r"\1", text)
    text = text.replace("`", "")
    return re.sub(r"\s+", " ", text).strip()


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^\w\s-]", " ", text.lower())
    return re.sub(r"[-\s_]+", "-", text).strip("-") or "section"


def decode(raw: bytes, filename: str) -> str:
    """`raw` may stop one byte past MAX_FILE_BYTES: a reader need not take in more."""
    if len(raw) > MAX_FILE_BYTES:
        line = raw[:MAX_FILE_BYTES].count(b"\n") + 1
        raise ContentError(filename, line, f"the file is larger than {MAX_FILE_BYTES:,} bytes; split the topic")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ContentError(filename, line, "not valid UTF-8 text (save the file as UTF-8)") from None
    return text.removeprefix("\ufeff")


def parse_topic(text: str, filename: str) -> ParsedTopic:
    _check_characters(text, filename)
    lines = text.splitlines()
    meta, meta_lines, body_start = _parse_front_matter(lines, filename)
    order_text = meta["order"]
    try:
        order = int(order_text)
    except ValueError:
        raise ContentError(filename, meta_lines["order"], f"order must be a whole number, not {order_text!r}") from None
    slug = meta["slug"]
    if not SLUG_RE.match(slug):
        raise ContentError(
            filename, meta_lines["slug"], f"slug {slug!r} may hold only lowercase letters, digits and single hyphens"
        )
    body_lines = lines[body_start:]
    sections, anchored = _parse_body(body_lines, body_start, filename, meta["title"])
    return ParsedTopic(
        filename=filename,
        title=meta["title"],
        slug=slug,
        order=order,
        summary=meta["summary"],
        short_title=meta.get("short_title") or meta["title"],
        body="\n".join(body_lines).strip() + "\n",
        body_with_anchors="\n".join(anchored).strip() + "\n",
        outline=Outline(sections=sections),
        lines=meta_lines,
    )


def _check_characters(text: str, filename: str) -> None:
    found = FORBIDDEN_RE.search(text)
    if found:
        before = text[: found.start()]
        line = before.count("\n") + before.count("\r") - before.count("\r\n") + 1  # as splitlines() counts
        raise ContentError(filename, line, f"invisible character U+{ord(found.group()):04X} is not allowed; delete it")


def _check_length(line: str, number: int, filename: str) -> None:
    """Before any pattern reads the line: some take time in proportion to its length squared."""
    if len(line) > MAX_LINE:
        raise ContentError(filename, number, f"line is {len(line)} characters long; the most is {MAX_LINE}")


def _parse_front_matter(lines: list[str], filename: str) -> tuple[dict[str, str], dict[str, int], int]:
    if not lines or lines[0].strip() != "---":
        raise ContentError(filename, 1, "missing front matter: the file must start with a line '---'")
    meta: dict[str, str] = {}
    meta_lines: dict[str, int] = {}
    for index in range(1, len(lines)):
        number = index + 1
        line = lines[index]
        _check_length(line, number, filename)
        if line.strip() == "---":
            for key in REQUIRED_KEYS:
                if not meta.get(key):
                    raise ContentError(filename, number, f"front matter has no {key!r}")
            return meta, meta_lines, index + 1
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, colon, value = line.partition(":")
        key = key.strip()
        if not colon or not re.fullmatch(r"[a-z_]+", key):
            raise ContentError(filename, number, f"front matter lines must read 'key: value', not {line.strip()!r}")
        if key not in REQUIRED_KEYS + OPTIONAL_KEYS:
            allowed = ", ".join(REQUIRED_KEYS + OPTIONAL_KEYS)
            raise ContentError(filename, number, f"unknown front matter key {key!r} (allowed: {allowed})")
        if key in meta:
            raise ContentError(filename, number, f"front matter key {key!r} given twice")
        value = value.strip().strip('"').strip("'").strip()
        if not value:
            raise ContentError(filename, number, f"front matter key {key!r} is empty")
        meta[key] = value
        meta_lines[key] = number
    raise ContentError(filename, len(lines), "front matter is not closed with a line '---'")


def _parse_body(body_lines: list[str], offset: int, filename: str, title: str) -> tuple[list[Section], list[str]]:
    root = Section(title=title, level=1, anchor="", path=[], line=offset + 1)
    sections = [root]
    heading_stack: list[Section] = []
    used_anchors: set[str] = set()
    item_stack: list[Item] = []  # open items, index = depth
    anchored: list[str] = []
    in_code = False

    for index, line in enumerate(body_lines):
        number = offset + index + 1
        _check_length(line, number, filename)
        width = len(line.expandtabs(INDENT)) - len(line.expandtabs(INDENT).lstrip(" "))
        if width > INDENT * MAX_DEPTH:
            raise ContentError(filename, number, f"line is indented {width} spaces; the most is {INDENT * MAX_DEPTH}")
        if line.lstrip().startswith("```"):
            in_code = not in_code
            anchored.append(line)
            continue
        if in_code:
            anchored.append(line)
            continue
        if "\t" in line[: len(line) - len(line.lstrip())]:
            raise ContentError(filename, number, "indent with spaces (4 per level), not tabs")
        heading = HEADING_RE.match(line)
        if heading:
            level = len(heading.group(1))
            heading_title = plain(heading.group(2))
            if level == 1:
                raise ContentError(
                    filename, number, "use '##' for sections: the page title comes from the front matter"
                )
            if not heading_title:
                raise ContentError(filename, number, "heading has no text")
            parent_level = heading_stack[-1].level if heading_stack else 1
            if level > parent_level + 1:
                raise ContentError(
                    filename, number, f"heading jumps from level {parent_level} to {level}; add the level between"
                )
            while heading_stack and heading_stack[-1].level >= level:
                heading_stack.pop()
            path = [s.title for s in heading_stack] + [heading_title]
            anchor = _unique_anchor(path, used_anchors)
            section = Section(title=heading_title, level=level, anchor=anchor, path=path, line=number)
            heading_stack.append(section)
            sections.append(section)
            item_stack = []
            anchored.append(f"{line.rstrip()} {{#{anchor}}}")
            continue
        anchored.append(line)
        current = sections[-1]
        item = ITEM_RE.match(line)
        if item:
            indent = len(item.group(1))
            if indent % INDENT:
                raise ContentError(
                    filename, number, f"list items nest by {INDENT} spaces; this one is indented by {indent}"
                )
            depth = indent // INDENT
            if depth >= MAX_DEPTH:
                raise ContentError(filename, number, f"list items nest at most {MAX_DEPTH} levels deep")
            if depth > len(item_stack):
                raise ContentError(filename, number, "list item is indented deeper than the item above it")
            new_item = _make_item(item.group(2), number, filename)
            item_stack = item_stack[:depth]
            (item_stack[-1].children if item_stack else current.items).append(new_item)
            item_stack.append(new_item)
            continue
        if not line.strip():
            continue
        if item_stack and line.startswith(" " * INDENT * len(item_stack)):
            raise ContentError(filename, number, "write each fact on one line; continuation lines are not supported")
        item_stack = []
        current.paragraphs.append(plain(line))

    if in_code:
        raise ContentError(filename, offset + len(body_lines), "code block is not closed with ```")
    if not root.items and not root.paragraphs:
        sections.remove(root)
    return sections, anchored


def _make_item(raw: str, number: int, filename: str) -> Item:
    is_update = bool(UPDATE_RE.match(raw))
    text = plain(UPDATE_RE.sub("", raw) if is_update else raw)
    if not text:
        raise ContentError(filename, number, "list item is empty")
    label = value = None
    match = LABEL_RE.match(text)
    if match and not is_update:
        label, value = match.group("label").strip(), match.group("value").strip()
    return Item(
        text=text,
        line=number,
        label=label,
        value=value,
        is_update=is_update,
        is_correction=bool(CORRECTION_RE.match(raw)),
    )


def _unique_anchor(path: list[str], used: set[str]) -> str:
    anchor = _cut(slugify(path[-1]), MAX_ANCHOR)
    if anchor in used and len(path) > 1:
        anchor = _cut(slugify(" ".join(path[-2:])), MAX_ANCHOR)
    base, counter = anchor, 2
    while anchor in used:
        anchor = f"{base}-{counter}"
        counter += 1
    used.add(anchor)
    return anchor


def _cut(slug: str, length: int) -> str:
    """At most `length` characters, cut at a hyphen where there is one."""
    return slug if len(slug) <= length else (slug[:length].rsplit("-", 1)[0] or slug[:length])
