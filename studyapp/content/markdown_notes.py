"""Read notes written in ordinary Markdown into a topic: `read_markdown`.

Pure Python (no Django). The structure (headings, lists, tables, code) comes
from a CommonMark parser (markdown-it-py); what makes a fact follows
house_format.py, so the house files in content/ read exactly as parse_topic reads
them. Only unreadable text is refused, with ContentError; whatever else cannot
become a card stays on the page and is reported as a NoteWarning with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from .house_format import (
    CORRECTION_RE,
    INDENT,
    LABEL_RE,
    MAX_DEPTH,
    SLUG_RE,
    UPDATE_RE,
    ContentError,
    Item,
    Outline,
    ParsedTopic,
    Section,
    _check_characters,
    _check_length,
    _cut,
    _unique_anchor,
    slugify,
)
from .notes import NoteWarning, Reading

FRONT_KEYS = ("title", "slug", "order", "summary", "short_title")
FRONT_LINE_RE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:(?P<value>.*)$")
BLOCK_SCALAR_RE = re.compile(r"^[>|][+-]?$")  # YAML's "summary: >" with the text on the lines below
LEADING_NUMBER_RE = re.compile(r"^(\d{1,9})(?!\d)[\s._-]*")  # longer runs (dates) are no order
# Topic's max_length for each field: longer values are shortened (with a warning
# when the notes wrote them) rather than refused by the importer.
FIELD_LENGTHS = {"title": 200, "short_title": 100, "summary": 300, "slug": 50}
UPDATE_WORD_RE = re.compile(r"^(?:update|correction):?:?\s*", re.IGNORECASE)  # what is left of **Update:** as text
# "**Term** — definition", "**Term** - definition", "**Term**: definition", after the bold term.
TERM_SEPARATOR_RE = re.compile(r"^\s*(?:[—–]|-(?=\s)|:)\s*(?P<value>\S.*)$")
# "X is Y" / "X are Y" in a paragraph: X a few words, Y the rest of one sentence.
IS_ARE_RE = re.compile(r"^(?P<label>[^,;:()\[\]]{1,60}?)\s+(?:is|are)\s+(?P<value>\S.*)$")
SUBJECT_WORDS = 5
PARAGRAPH_LABEL_WORDS = 8  # longer "...: ..." paragraphs are prose, not a label
SENTENCE_END_RE = re.compile(r"[.!?][\"')\]]*\s+\S")
# Subjects that point elsewhere ("It is cheap") make no card on their own.
NOT_SUBJECTS = frozenset(
    (
        "it this that these those there here he she they we you i one which what who why how where when each all some"
    ).split()
)
# markdown-it stops reading (silently) at this depth; it lies above anything
# read_markdown accepts (MAX_DEPTH lists and quotes take about 2 * MAX_DEPTH
# levels), so deeper text is refused with a line, never dropped unseen.
MAX_NESTING = 4 * MAX_DEPTH

_PARSER = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable("table")


def read_markdown(text: str, filename: str, *, line_map: list[int] | None = None) -> Reading:
    """Read one Markdown note into its topic and warnings.

    `line_map[i]`, when given, is the line in the user's file of line i + 1 of
    `text`: every line reported (items, sections, warnings, errors) goes through it.
    """
    where = _Where(filename, line_map)
    lines = _checked_lines(text, where)
    meta, meta_lines, body_start = _read_front_matter(lines, where)
    blocks = SyntaxTreeNode(_PARSER.parse("\n" * body_start + "\n".join(lines[body_start:]))).children
    title_block = _title_heading(blocks, meta)
    title, title_line = _title(meta, meta_lines, title_block, filename, where)
    reader = _Reader(where, title, where.line(body_start + 1))
    reader.read(blocks, title_block)
    if where.pending:
        raise where.error(*where.pending)
    summary, summary_line = _summary(meta, meta_lines, blocks, title_block)
    body = lines[body_start:]
    topic = ParsedTopic(
        filename=filename,
        title=title,
        slug=meta.get("slug") or _cut(slugify(title), FIELD_LENGTHS["slug"]),
        order=int(meta["order"]) if "order" in meta else order_from_filename(filename),
        summary=summary,
        short_title=meta.get("short_title") or _shorten(title, FIELD_LENGTHS["short_title"]),
        body=_body(body, {}),
        body_with_anchors=_body(body, {index - body_start: line for index, line in reader.rewrites.items()}),
        outline=Outline(sections=reader.outline_sections()),
        lines=_topic_lines(meta_lines, title_line, summary_line, where),
    )
    return Reading(topics=[topic], warnings=sorted(where.warnings, key=lambda warning: warning.line))


# --- lines and checks ---------------------------------------------------------------


@dataclass
class _Where:
    """Where the notes came from: turns a line of the text into a line of the user's file."""

    filename: str
    line_map: list[int] | None
    warnings: list[NoteWarning] = field(default_factory=list)
    # A line too long or indented too deep: refused after reading unless reading finds
    # a problem above it, so the first problem in the file is the one reported.
    pending: tuple[int, str] | None = None

    def line(self, number: int) -> int:
        if not self.line_map:
            return number
        return self.line_map[min(max(number, 1), len(self.line_map)) - 1]

    def error(self, number: int, message: str) -> ContentError:
        if self.pending and self.pending[0] <= number:
            number, message = self.pending
        return ContentError(self.filename, self.line(number), message)

    def warn(self, number: int, message: str) -> None:
        self.warnings.append(NoteWarning(self.filename, self.line(number), message))


def _checked_lines(text: str, where: _Where) -> list[str]:
    """The text's lines, once it is known to hold text and no forbidden character;
    the bounds on single lines (house_format.py's) wait in `where.pending`."""
    if not text.strip():
        raise where.error(1, "the notes are empty")
    try:
        _check_characters(text, where.filename)
    except ContentError as error:
        raise where.error(error.line, error.message) from None
    # After that check, splitlines() breaks lines exactly where markdown-it does.
    lines = text.splitlines()
    where.pending = _first_line_out_of_bounds(lines, where.filename)
    return lines


def _first_line_out_of_bounds(lines: list[str], filename: str) -> tuple[int, str] | None:
    """The first line too long or indented too deep for the page's renderer (Python-Markdown
    takes time in proportion to a line's length squared, and recurses once per level of
    indentation). markdown-it reads such lines safely, so the refusal waits for reading."""
    for number, line in enumerate(lines, 1):
        try:
            _check_length(line, number, filename)
        except ContentError as error:
            return error.line, error.message
        expanded = line.expandtabs(INDENT)
        width = len(expanded) - len(expanded.lstrip(" "))
        if width > INDENT * MAX_DEPTH:
            return number, f"line is indented {width} spaces; the most is {INDENT * MAX_DEPTH}"
    return None


# --- front matter and the topic's own fields ------------------------------------------


def _read_front_matter(lines: list[str], where: _Where) -> tuple[dict[str, str], dict[str, int], int]:
    """The `---` block at the very top, if any: (values, their lines, index of the first body line)."""
    if not lines or lines[0].strip() != "---":
        return {}, {}, 0
    end = next((index for index in range(1, len(lines)) if lines[index].strip() == "---"), None)
    if end is None or not any(FRONT_LINE_RE.match(line.strip()) for line in lines[1:end]):
        return {}, {}, 0  # a thematic break, not front matter
    meta: dict[str, str] = {}
    meta_lines: dict[str, int] = {}
    for key, number, value in _front_entries(lines[1:end], where):
        _take_front_value(key, number, value, meta, meta_lines, where)
    return meta, meta_lines, end + 1


def _front_entries(lines: list[str], where: _Where) -> list[tuple[str, int, str]]:
    """(key, line, value) for each `key: value`; indented lines continue the value above, as in YAML."""
    entries: list[list] = []
    for number, line in enumerate(lines, 2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[:1].isspace() and entries:
            entries[-1][2] += " " + line.strip()
            continue
        match = FRONT_LINE_RE.match(line.strip())
        if not match:
            where.warn(number, f"front matter lines read 'key: value'; ignored {_quote(line.strip())}")
            continue
        value = match.group("value").strip()
        entries.append([match.group("key"), number, "" if BLOCK_SCALAR_RE.match(value) else value])
    return [(key, number, value.strip().strip('"').strip("'").strip()) for key, number, value in entries]


def _take_front_value(
    key: str, number: int, value: str, meta: dict[str, str], meta_lines: dict[str, int], where: _Where
) -> None:
    if key not in FRONT_KEYS:
        where.warn(number, f"unknown front matter key {key!r} ignored (known: {', '.join(FRONT_KEYS)})")
        return
    if key in meta:
        where.warn(number, f"front matter key {key!r} given twice; the first is used")
        return
    if not value:
        where.warn(number, f"front matter key {key!r} is empty; ignored")
        return
    if key == "order" and not _is_whole_number(value):
        where.warn(number, f"order must be a whole number, not {_quote(value)}; ignored")
        return
    if key == "slug" and not SLUG_RE.match(value):
        fixed = _cut(slugify(value), FIELD_LENGTHS["slug"])
        where.warn(
            number,
            f"slug {_quote(value)} may hold only lowercase letters, digits and single hyphens; read as {fixed!r}",
        )
        value = fixed
    meta[key] = _fitted(key, value, number, where)
    meta_lines[key] = number


def _fitted(key: str, value: str, number: int, where: _Where) -> str:
    """The value, shortened (with a warning) if the topic's field cannot hold it."""
    limit = FIELD_LENGTHS.get(key)
    if limit is None or len(value) <= limit:
        return value
    where.warn(number, f"{key} is {len(value)} characters long; shortened to {limit}")
    return _cut(value, limit) if key == "slug" else _shorten(value, limit)


def _is_whole_number(value: str) -> bool:
    try:
        int(value)
    except ValueError:
        return False
    return True


def _title_heading(blocks: list[SyntaxTreeNode], meta: dict[str, str]) -> SyntaxTreeNode | None:
    """The `#` heading the notes open with, when it names the topic (it is then no section).
    With a front matter title, only a heading that repeats it is the title heading."""
    first = blocks[0] if blocks else None
    if first is None or first.type != "heading" or first.tag != "h1":
        return None
    text = _text(_inline_tokens(first))
    if not text or ("title" in meta and text.casefold() != meta["title"].casefold()):
        return None
    return first


def _title(
    meta: dict[str, str], meta_lines: dict[str, int], title_block: SyntaxTreeNode | None, filename: str, where: _Where
) -> tuple[str, int]:
    """The title and the line it came from (1 when it came from the file name)."""
    if "title" in meta:
        return meta["title"], meta_lines["title"]
    if title_block is not None:
        line = title_block.map[0] + 1
        return _fitted("title", _text(_inline_tokens(title_block)), line, where), line
    return _shorten(title_from_filename(filename), FIELD_LENGTHS["title"]), 1


def title_from_filename(filename: str) -> str:
    """ "03-step-functions.md" -> "Step functions"."""
    name = LEADING_NUMBER_RE.sub("", PurePath(filename).stem)
    name = re.sub(r"[\s_-]+", " ", name).strip()
    return (name[:1].upper() + name[1:]) or "Notes"


def order_from_filename(filename: str) -> int | None:
    """The leading number of "03-step-functions.md"; None for a name without one."""
    match = LEADING_NUMBER_RE.match(PurePath(filename).stem)
    return int(match.group(1)) if match else None


def _summary(
    meta: dict[str, str], meta_lines: dict[str, int], blocks: list[SyntaxTreeNode], title_block: SyntaxTreeNode | None
) -> tuple[str, int]:
    """The front matter's summary, else the first paragraph before the first section, else ""."""
    if "summary" in meta:
        return meta["summary"], meta_lines["summary"]
    for block in blocks:
        if block.type == "heading" and block is not title_block and _text(_inline_tokens(block)):
            break
        if block.type == "paragraph":
            return _shorten(_text(_inline_tokens(block)), FIELD_LENGTHS["summary"]), block.map[0] + 1
    return "", 1


def _topic_lines(meta_lines: dict[str, int], title_line: int, summary_line: int, where: _Where) -> dict[str, int]:
    """Each field's line, for errors found later: where the notes give it, or where it was
    made from (the title's line for the slug), else 1. A short_title not given has none."""
    lines = {"title": title_line, "slug": title_line, "order": 1, "summary": summary_line, **meta_lines}
    return {key: where.line(number) for key, number in lines.items()}


def _body(lines: list[str], rewrites: dict[int, str | None]) -> str:
    """The lines as written, but for the rewritten ones (None: dropped)."""
    kept = [rewrites.get(index, line) for index, line in enumerate(lines)]
    return "\n".join(line for line in kept if line is not None).strip() + "\n"


# --- sections and facts ----------------------------------------------------------------


class _Reader:
    """Walks the parsed blocks in note order, building sections and their facts."""

    def __init__(self, where: _Where, title: str, first_line: int):
        self.where = where
        # Facts above the first heading, as parse_topic keeps them: dropped if there are none.
        self.root = Section(title=title, level=1, anchor="", path=[], line=first_line)
        self.sections = [self.root]
        self.open_headings: list[tuple[int, Section]] = []  # (Markdown level, section), outermost first
        self.anchors: set[str] = set()
        self.rewrites: dict[int, str | None] = {}  # line index in the text -> its line in body_with_anchors

    @property
    def current(self) -> Section:
        return self.sections[-1]

    def outline_sections(self) -> list[Section]:
        keep_root = self.root.items or self.root.paragraphs
        return self.sections if keep_root else self.sections[1:]

    def read(self, blocks: list[SyntaxTreeNode], title_block: SyntaxTreeNode | None) -> None:
        for block in blocks:
            if block is title_block:
                self._drop_lines(block)  # the page shows the title itself
            elif block.type == "heading":
                self._heading(block)
            else:
                self._block(block, depth=0)

    def _drop_lines(self, block: SyntaxTreeNode) -> None:
        for index in range(*block.map):
            self.rewrites[index] = None

    def _heading(self, block: SyntaxTreeNode) -> None:
        inline = _inline_tokens(block)
        title, line = _text(inline), block.map[0] + 1
        if not title:
            self.where.warn(line, "heading has no text; what follows stays in the section above")
            return
        markdown_level = int(block.tag[1:])
        while self.open_headings and self.open_headings[-1][0] >= markdown_level:
            self.open_headings.pop()
        # Levels count the headings it sits under, so the first one is 2 whatever the
        # notes use (`#` for every section, or `###` after `#`) and no level is skipped.
        level = min(2 + len(self.open_headings), 6)
        path = [section.title for _, section in self.open_headings] + [title]
        anchor = _unique_anchor(path, self.anchors)
        section = Section(title=title, level=level, anchor=anchor, path=path, line=self.where.line(line))
        self.open_headings.append((markdown_level, section))
        self.sections.append(section)
        source = _heading_source(block)
        self._drop_lines(block)
        self.rewrites[block.map[0]] = f"{'#' * level} {source} {{#{anchor}}}"

    def _block(self, block: SyntaxTreeNode, depth: int) -> None:
        """A block of a section (outside lists): paragraphs, lists, tables and quotes give facts."""
        if block.type in ("paragraph", "heading"):  # a heading inside a quote is no section
            self._paragraph(block)
        elif block.type in ("bullet_list", "ordered_list"):
            self.current.items.extend(self._list_items(block, depth + 1))
        elif block.type == "table":
            self.current.items.extend(self._table_items(block))
        elif block.type == "blockquote":
            self._check_depth(block, depth + 1)
            for child in block.children:
                self._block(child, depth + 1)
        elif block.type == "html_block":
            self._warn_html(block)
        # Code blocks and rules stay on the page; they are never facts.

    def _check_depth(self, block: SyntaxTreeNode, depth: int) -> None:
        if depth > MAX_DEPTH:
            what = "quotes" if block.type == "blockquote" else "list items"
            raise self.where.error(block.map[0] + 1, f"{what} nest at most {MAX_DEPTH} levels deep")

    def _warn_html(self, block: SyntaxTreeNode) -> None:
        if not block.content.lstrip().startswith("<!--"):  # a comment is not shown at all
            self.where.warn(block.map[0] + 1, "HTML is shown on the page as it is; it gives no card")

    # --- paragraphs

    def _paragraph(self, block: SyntaxTreeNode) -> None:
        """Fact-shaped sentences become items; other paragraphs stay page text."""
        inline = block.children[0].token
        first = block.map[0] + 1
        items = self._line_facts(inline.content, first)
        if not items and (fact := self._sentence_fact(inline.children or [], inline.content, first)):
            items = [fact]
        if items:
            self.current.items.extend(items)
        elif text := _text(inline.children or []):
            self.current.paragraphs.append(text)

    def _line_facts(self, source: str, first: int) -> list[Item]:
        """A paragraph of several lines, each of them a fact ("Yeast: ..." on one line,
        "Flour: ..." on the next): one item per line. Otherwise none."""
        raw_lines = source.split("\n")
        if len(raw_lines) < 2:
            return []
        items = []
        for offset, raw in enumerate(raw_lines):
            fact = self._sentence_fact(_PARSER.parseInline(raw)[0].children or [], raw, first + offset)
            if fact is None:
                return []
            items.append(fact)
        return items

    def _sentence_fact(self, tokens: list[Token], source: str, line: int) -> Item | None:
        """The fact a sentence states, or None when it reads as prose."""
        item = _fact(tokens, source, self.where.line(line))
        if item is None or item.is_update:
            return item
        if item.label:
            return item if len(item.label.split()) <= PARAGRAPH_LABEL_WORDS else None
        subject = _is_are(item.text)
        if subject is None:
            return None
        item.label, item.value = subject
        return item

    # --- lists

    def _list_items(self, block: SyntaxTreeNode, depth: int) -> list[Item]:
        ordered = block.type == "ordered_list"
        return [item for child in block.children for item in self._list_item(child, depth, ordered)]

    def _list_item(self, block: SyntaxTreeNode, depth: int, ordered: bool) -> list[Item]:
        """The item, with its nested items as children. An item that cannot be a card
        is reported and its children move up a level, so no fact under it is lost."""
        self._check_depth(block, depth)
        line = block.map[0] + 1
        inlines: list[Token] = []
        children: list[Item] = []
        self._item_parts(block.children, depth, inlines, children)
        tokens = _joined_tokens(inlines)
        if _is_only_link(tokens):
            self.where.warn(line, "list item is only a link or an image; it stays on the page without a card")
            return children
        item = _fact(tokens, inlines[0].content if inlines else "", self.where.line(line))
        if item is None:
            self.where.warn(line, "list item has no text; it gives no card")
            return children
        item.ordered, item.children = ordered, children
        return [item]

    def _item_parts(self, blocks: list[SyntaxTreeNode], depth: int, inlines: list[Token], children: list[Item]) -> None:
        """Collect an item's text (its paragraphs: continuation lines join it) and its nested items."""
        for block in blocks:
            if block.type in ("paragraph", "heading"):
                inlines.append(block.children[0].token)
            elif block.type in ("bullet_list", "ordered_list"):
                children.extend(self._list_items(block, depth + 1))
            elif block.type == "table":
                children.extend(self._table_items(block))
            elif block.type == "blockquote":
                self._check_depth(block, depth + 1)
                self._item_parts(block.children, depth + 1, inlines, children)
            elif block.type == "html_block":
                self._warn_html(block)

    # --- tables

    def _table_items(self, block: SyntaxTreeNode) -> list[Item]:
        """One fact per body row: the first cell is its label, the others its value."""
        head = next(child for child in block.children if child.type == "thead")
        headers = [_cell_text(cell) for cell in head.children[0].children]
        body = next((child for child in block.children if child.type == "tbody"), None)
        items = []
        for row in body.children if body else []:
            line = row.map[0] + 1
            item = _row_item([_cell_text(cell) for cell in row.children], headers, self.where.line(line))
            if item:
                items.append(item)
            else:
                self.where.warn(line, "table row has nothing in its first column; it gives no card")
        return items


# --- facts -------------------------------------------------------------------------------


def _fact(tokens: list[Token], source: str, line: int) -> Item | None:
    """An item from a line of inline Markdown, by house_format.py's rules (`Label: value`,
    `**Update:**`) and bold terms; None when it holds no text."""
    text = _text(tokens)
    is_update = bool(UPDATE_RE.match(source))
    if is_update:
        text = UPDATE_WORD_RE.sub("", text, count=1)
    if not text:
        return None
    label = value = None
    if not is_update:
        label, value = _bold_term(tokens) or _label_value(text)
    return Item(
        text=text,
        line=line,
        label=label,
        value=value,
        is_update=is_update,
        is_correction=bool(CORRECTION_RE.match(source)),
    )


def _label_value(text: str) -> tuple[str | None, str | None]:
    match = LABEL_RE.match(text)
    return (match.group("label").strip(), match.group("value").strip()) if match else (None, None)


def _bold_term(tokens: list[Token]) -> tuple[str, str] | None:
    """ "**Term** — definition" (or "-", or ":") -> ("Term", "definition")."""
    tokens = [token for token in tokens if not (token.type == "text" and not token.content)]
    if not tokens or tokens[0].type != "strong_open":
        return None
    close = next((i for i, token in enumerate(tokens) if token.type == "strong_close"), None)
    if close is None:
        return None
    term = _text(tokens[1:close])
    match = TERM_SEPARATOR_RE.match(_text(tokens[close + 1 :], strip=False))
    return (term, match.group("value").strip()) if term and match else None


def _is_are(text: str) -> tuple[str, str] | None:
    """ "Gluten is a protein in wheat." -> ("Gluten", "a protein in wheat"), for one
    sentence whose subject is a few words that name something."""
    if SENTENCE_END_RE.search(text) or text.endswith(("?", ":", "!")):
        return None
    match = IS_ARE_RE.match(text)
    if not match:
        return None
    label = match.group("label").strip()
    words = label.split()
    if len(words) > SUBJECT_WORDS or words[0].casefold() in NOT_SUBJECTS:
        return None
    value = match.group("value").strip().removesuffix(".").rstrip()
    return (label, value) if value else None


def _row_item(cells: list[str], headers: list[str], line: int) -> Item | None:
    """ "| Caesar | 49–44 BC | Julio-Claudian |" -> Caesar: "Reign: 49–44 BC; Dynasty: Julio-Claudian"
    (just the cell when the table has two columns)."""
    if not cells or not cells[0]:
        return None
    label, rest = cells[0], list(zip(headers[1:], cells[1:]))
    if len(cells) == 2:
        parts = [cells[1]] if cells[1] else []
    else:
        parts = [f"{header}: {cell}" if header else cell for header, cell in rest if cell]
    if not parts:  # a lone term
        return Item(text=label, line=line)
    value = "; ".join(parts)
    return Item(text=f"{label}: {value}", line=line, label=label, value=value)


# --- inline text ---------------------------------------------------------------------------


def _inline_tokens(block: SyntaxTreeNode) -> list[Token]:
    return (block.children[0].token.children or []) if block.children else []


def _heading_source(block: SyntaxTreeNode) -> str:
    """The heading's inline Markdown on one line (a setext heading may span several)."""
    return " ".join(block.children[0].token.content.split()) if block.children else ""


def _cell_text(cell: SyntaxTreeNode) -> str:
    return _text(_inline_tokens(cell))


def _joined_tokens(inlines: list[Token]) -> list[Token]:
    """The tokens of an item's paragraphs as one line of text."""
    tokens: list[Token] = []
    for inline in inlines:
        if tokens:
            tokens.append(Token("softbreak", "br", 0))
        tokens += inline.children or []
    return tokens


def _text(tokens: list[Token], strip: bool = True) -> str:
    """What a reader sees: emphasis, code ticks, link targets and inline HTML tags
    dropped, images by their alt text, escapes and entities resolved."""
    parts = []
    for token in tokens:
        if token.type in ("text", "code_inline", "image"):  # an image's content is its alt text
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    text = re.sub(r"\s+", " ", "".join(parts))
    return text.strip() if strip else text


def _is_only_link(tokens: list[Token]) -> bool:
    """One link or one image and nothing else."""
    tokens = [token for token in tokens if not (token.type in ("text", "softbreak") and not token.content.strip())]
    if len(tokens) == 1:
        return tokens[0].type == "image"
    if not tokens or tokens[0].type != "link_open":
        return False
    close = next((i for i, token in enumerate(tokens) if token.type == "link_close"), None)
    return close == len(tokens) - 1


def _shorten(text: str, length: int) -> str:
    """At most `length` characters, cut at a word with an ellipsis."""
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def _quote(text: str) -> str:
    return repr(_shorten(text, 60))
