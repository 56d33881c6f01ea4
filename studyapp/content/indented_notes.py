"""Plain notes without Markdown structure (an indented outline, or a term list)
read into topics: `read_outline`.

Pure Python (no Django). The structure is inferred from indentation and written
as Markdown in the house format, one document per topic, with a map from each
generated line to its line in the user's file; the Markdown reader then reads
the facts, so both kinds of notes give facts by the same rules and every line
number reported points into the user's own file.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from .house_format import MAX_DEPTH, ContentError, _check_characters, _check_length, _cut, slugify
from .markdown_notes import order_from_filename, read_markdown, title_from_filename
from .notes import NoteWarning, Reading

HEADING_LEVELS = (2, 3)  # `##` and `###`; deeper parents become list items with nested items
OVERVIEW = "Overview"  # heading for a topic's own facts when it also has sections
SLUG_LENGTH = 50  # Topic.slug's max_length
TITLE_LENGTH = 200  # Topic.title's max_length
SHORT_TITLE_LENGTH = 100  # Topic.short_title's max_length
SUMMARY_LENGTH = 300  # Topic.summary's max_length
TAB_COLUMNS = 4  # a tab's width where no space-indented line says otherwise

# Term lists (Quizlet and Anki text exports): one "term<sep>definition" per line.
TAB, DASH, COMMA = "tab", "dash", "comma"
SEPARATORS = {TAB: re.compile(r"\t+"), DASH: re.compile(r"\s+[-–—]\s+"), COMMA: re.compile(r",\s*")}
MIN_TERMS = 2
ANKI_HEADER_RE = re.compile(r"^#[a-z][a-z ]*:")  # "#separator:tab", "#html:false" atop Anki's exports
TERM_WORDS = 8  # a comma row's "term" longer than this is prose with a comma, not a term

# What either Markdown reader (markdown-it here, Python-Markdown on the page)
# would take for markup inside a line; the backslash escapes work in both.
INLINE_MARKUP_RE = re.compile(r"([\\`*_\[\]{}])")
HTML_START_RE = re.compile(r"<(?=[A-Za-z/!?])")
ENTITY_RE = re.compile(r"&(?=#?\w+;)")
# What would start a block (heading, quote, list, fence) at the start of a line.
LINE_START_RE = re.compile(r"^(?:([#>+-])|(\d+)([.)])(?=\s|$))")


@dataclass
class _Node:
    """One line of the outline with the lines indented under it."""

    line: int
    text: str
    children: list[_Node] = field(default_factory=list)
    listed: bool = False  # its children followed it at its own level ("Offerings:" and a list)

    @property
    def title(self) -> str:
        """As a heading: a trailing colon only announces what follows."""
        if not self.text.endswith(":"):
            return self.text
        return self.text[:-1].rstrip() or self.text


@dataclass
class _Topic:
    """One topic before it is written out: its title and the nodes it holds."""

    title: str
    title_line: int
    nodes: list[_Node]
    slug: str = ""
    order: int | None = None
    terms: list[tuple[int, str, str | None]] | None = None  # term lists: (line, term, definition)


@dataclass
class _Document:
    """Generated Markdown with, for each of its lines, the user's line it came from."""

    lines: list[str] = field(default_factory=list)
    line_map: list[int] = field(default_factory=list)

    def add(self, text: str, source: int) -> None:
        self.lines.append(text)
        self.line_map.append(source)

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


# --- entry point -----------------------------------------------------------------


def read_outline(text: str, filename: str) -> Reading:
    """Read notes without Markdown structure into one topic or several, with warnings."""
    lines = _checked_lines(text, filename)
    warnings: list[NoteWarning] = []
    terms = _term_rows(lines)
    if terms is not None:
        topics = [_term_topic(terms, filename)]
        warnings += [NoteWarning(filename, n, _unsplit_message(t)) for n, t, d in topics[0].terms if d is None]
    else:
        roots = _outline_tree(lines, filename, warnings)
        topics = _split_topics(roots, filename)
    _name_topics(topics, filename)
    reading = Reading(topics=[], warnings=warnings)
    for topic in topics:
        document = _write_topic(topic)
        part = read_markdown(document.text, filename, line_map=document.line_map)
        reading.topics += part.topics
        reading.warnings += part.warnings
    reading.warnings.sort(key=lambda w: w.line)
    return reading


def _checked_lines(text: str, filename: str) -> list[str]:
    """The file's lines, after the checks that refuse unreadable input."""
    if not text.strip():
        raise ContentError(filename, 1, "the notes are empty")
    _check_characters(text, filename)
    lines = text.splitlines()
    for number, line in enumerate(lines, 1):
        _check_length(line, number, filename)
    return lines


# --- term lists --------------------------------------------------------------------


def _term_rows(lines: list[str]) -> list[tuple[int, str, str | None]] | None:
    """(line, term, definition) for each row when the whole file is a term list, else None.

    A term list has no indentation and splits the same way on (nearly) every
    row. A tab may miss on a heading row; a spaced dash, which a sentence may
    hold, on one row in five; a comma, which most sentences hold, on none."""
    rows = [(n, line.rstrip()) for n, line in enumerate(lines, 1) if line.strip()]
    while rows and ANKI_HEADER_RE.match(rows[0][1]):  # settings for Anki's importer, not rows
        rows.pop(0)
    if len(rows) < MIN_TERMS or any(line[:1].isspace() for _, line in rows):
        return None
    for name in (TAB, DASH, COMMA):
        split = [(n, *_split_row(line, name)) for n, line in rows]
        misses = sum(1 for _, _, definition in split if definition is None)
        hits = len(split) - misses
        allowed = {TAB: max(1, hits // 5), DASH: hits // 5, COMMA: 0}[name]
        if hits >= MIN_TERMS and misses <= allowed and hits > misses:
            return split
    return None


def _term_topic(rows: list[tuple[int, str, str | None]], filename: str) -> _Topic:
    """A first row that does not split is the list's title ("Spanish verbs")."""
    line, first, definition = rows[0]
    if definition is None:
        return _Topic(_Node(line, first).title, line, [], terms=rows[1:])
    return _Topic(title_from_filename(filename), 1, [], terms=rows)


def _split_row(line: str, separator: str) -> tuple[str, str | None]:
    """(term, definition) split at the first separator; (line, None) when it does not split."""
    parts = SEPARATORS[separator].split(line.strip(), maxsplit=1)
    if len(parts) < 2 or not parts[0].strip() or not parts[1].strip():
        return line.strip(), None
    term, definition = parts[0].strip(), parts[1].strip()
    if separator == COMMA and len(term.split()) > TERM_WORDS:
        return line.strip(), None
    return term, definition


def _unsplit_message(text: str) -> str:
    return f"{_quote(text)} has no term and definition (tab, ' - ' or ','); kept as a plain fact"


# --- outline: lines into a tree --------------------------------------------------------


def _outline_tree(lines: list[str], filename: str, warnings: list[NoteWarning]) -> list[_Node]:
    """The top-level nodes, with lone and punctuation-only lines taken out (and reported)."""
    numbered = [(n, line) for n, line in enumerate(lines, 1) if line.strip()]
    indent = _infer_indent([line for _, line in numbered])
    levelled = []
    for number, line in numbered:
        level, exact = indent.level(line)
        if not exact:
            warnings.append(NoteWarning(filename, number, _uneven_message(line, indent, level)))
        levelled.append((number, level, line.strip()))
    roots = _nest(levelled, filename)
    roots = _drop_stray(roots, filename, warnings, _is_punctuation, "a line of punctuation only holds no fact")
    roots = _group_colon_lists(roots)
    lone = "a single character on its own line fits nowhere"
    return _drop_stray(roots, filename, warnings, _is_lone, lone, recurse=False)


def _indentation(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


@dataclass(frozen=True)
class _Indent:
    """The file's unit of indentation: columns per level, a tab being one level."""

    unit: int
    tabs: bool  # the file indents with tabs alone

    def width(self, line: str) -> int:
        indentation = _indentation(line)
        return indentation.count("\t") * self.unit + len(indentation.replace("\t", ""))

    def level(self, line: str) -> tuple[int, bool]:
        """The line's level, and whether its indentation is a whole number of levels."""
        level, rest = divmod(self.width(line), self.unit)
        if rest * 2 >= self.unit:  # halfway or more: the author reached for the deeper level
            level += 1
        return level, rest == 0

    def describe(self) -> str:
        return "one tab" if self.tabs else f"{self.unit} spaces"


def _infer_indent(lines: list[str]) -> _Indent:
    """The most common step inward from one space-indented line to the next (a
    stray odd step does not change it); a file indented with tabs alone counts
    TAB_COLUMNS columns a tab, so a few spaces after its tabs are not levels."""
    indents = [_indentation(line) for line in lines]
    widths = [len(i) for i in indents if "\t" not in i]
    steps = Counter(b - a for a, b in zip(widths, widths[1:]) if b > a)
    if steps:
        most = max(steps.values())
        return _Indent(min(step for step, count in steps.items() if count == most), tabs=False)
    tabs = any("\t" in i for i in indents) and not any(widths)
    return _Indent(min((w for w in widths if w), default=TAB_COLUMNS), tabs=tabs)


def _uneven_message(line: str, indent: _Indent, level: int) -> str:
    return (
        f"indented {indent.width(line)} columns, between the levels of this file ({indent.describe()} a level); "
        f"read at level {level + 1}"
    )


def _nest(levelled: list[tuple[int, int, str]], filename: str) -> list[_Node]:
    """Each line becomes a child of the nearest line above it at a lower level."""
    roots: list[_Node] = []
    stack: list[tuple[int, _Node]] = []
    for number, level, text in levelled:
        while stack and stack[-1][0] >= level:
            stack.pop()
        if len(stack) >= MAX_DEPTH:
            raise ContentError(filename, number, f"the outline nests deeper than {MAX_DEPTH} levels")
        node = _Node(number, text)
        (stack[-1][1].children if stack else roots).append(node)
        stack.append((level, node))
    return roots


def _is_punctuation(node: _Node) -> bool:
    """A separator line such as "----" or "***": nothing a fact could hold."""
    return not node.children and not any(char.isalnum() for char in node.text)


def _is_lone(node: _Node) -> bool:
    """A single character on a line of its own at the top level (the "b" a
    keyboard leaves behind); a short word or a figure is a fact."""
    return not node.children and len(node.text) == 1


def _drop_stray(
    nodes: list[_Node],
    filename: str,
    warnings: list[NoteWarning],
    is_stray: Callable[[_Node], bool],
    why: str,
    recurse: bool = True,
) -> list[_Node]:
    kept = []
    for node in nodes:
        if is_stray(node):
            warnings.append(NoteWarning(filename, node.line, f"skipped {_quote(node.text)}: {why}"))
            continue
        if recurse:
            node.children = _drop_stray(node.children, filename, warnings, is_stray, why)
        kept.append(node)
    return kept


def _group_colon_lists(nodes: list[_Node]) -> list[_Node]:
    """ "Offerings:" followed by lines at its own level (not indented): those
    lines are its items, up to the next heading (a colon line or a line with
    lines of its own under it)."""
    grouped: list[_Node] = []
    collecting: _Node | None = None
    for node in nodes:
        node.children = _group_colon_lists(node.children)
        if node.children or node.text.endswith(":"):
            grouped.append(node)
            collecting = None if node.children else node
        elif collecting is not None:
            collecting.children.append(node)
            collecting.listed = True
        else:
            grouped.append(node)
    return grouped


# --- outline: the tree into topics -----------------------------------------------------


def _split_topics(roots: list[_Node], filename: str) -> list[_Topic]:
    """One topic per top-level subject with an indented subtree when there are
    several, the lines before the first one making an overview topic; else the
    whole file is one topic named after the file."""
    subjects = [index for index, node in enumerate(roots) if _has_subtree(node)]
    if len(subjects) < 2:
        return [_Topic(title_from_filename(filename), 1, roots)] if roots else []
    topics = []
    opening = roots[: subjects[0]]
    if opening:
        first = opening[0]
        if first.listed:  # "Serverless offerings in AWS:" and its list
            topics.append(_Topic(first.title, first.line, opening))
        else:
            topics.append(_Topic(title_from_filename(filename), 1, opening))
    for start, end in zip(subjects, [*subjects[1:], len(roots)]):
        subject = roots[start]
        # Top-level lines after a subject, up to the next one, read as its own.
        topics.append(_Topic(subject.title, subject.line, subject.children + roots[start + 1 : end]))
    return topics


def _has_subtree(node: _Node) -> bool:
    """Indented lines under it: a colon list, whose items sit at its own level, is not a subject."""
    return bool(node.children) and not node.listed


def _name_topics(topics: list[_Topic], filename: str) -> None:
    """Slugs unique within the file; orders from the file's number, if it has one."""
    used: set[str] = set()
    number = order_from_filename(filename)
    for position, topic in enumerate(topics, 1):
        base = _cut(slugify(topic.title), SLUG_LENGTH)
        slug, counter = base, 2
        while slug in used:
            slug = f"{_cut(base, SLUG_LENGTH - 1 - len(str(counter)))}-{counter}"
            counter += 1
        used.add(slug)
        topic.slug = slug
        # The file's number orders its topics (N, N+1, …); without one the importer puts
        # them after the numbered ones, by file name, in file order (importing.py).
        topic.order = number + position - 1 if number is not None else None


# --- writing Markdown ------------------------------------------------------------------


def _write_topic(topic: _Topic) -> _Document:
    document = _Document()
    _write_front_matter(document, topic)
    if topic.terms is not None:
        for line, term, definition in topic.terms:
            document.add(f"- {_term_fact(term, definition)}", line)
        return document
    leaves = [node for node in topic.nodes if not node.children]
    parents = [node for node in topic.nodes if node.children]
    if leaves and parents:  # as the house files write it: a heading in the page's contents, the same card keys
        document.add(f"## {OVERVIEW}", leaves[0].line)
        document.add("", leaves[0].line)
    _write_items(document, leaves, 0)
    for node in parents:
        _write_section(document, node, HEADING_LEVELS[0])
    return document


def _write_front_matter(document: _Document, topic: _Topic) -> None:
    title = _shorten(topic.title, TITLE_LENGTH)
    fields = {"title": title, "slug": topic.slug, "summary": _summary(topic)}
    if topic.order is not None:
        fields["order"] = str(topic.order)
    if len(title) > SHORT_TITLE_LENGTH:
        fields["short_title"] = _shorten(title, SHORT_TITLE_LENGTH)
    document.add("---", topic.title_line)
    for key, value in fields.items():
        document.add(f"{key}: {value}", topic.title_line)
    document.add("---", topic.title_line)
    document.add("", topic.title_line)


def _write_section(document: _Document, node: _Node, level: int) -> None:
    document.add(f"{'#' * level} {_escape(node.title, heading=True)}", node.line)
    document.add("", node.line)
    deeper = level < HEADING_LEVELS[-1]
    leaves = [child for child in node.children if not (deeper and child.children)]
    _write_items(document, leaves, 0)
    for child in node.children:
        if deeper and child.children:
            _write_section(document, child, level + 1)


def _write_items(document: _Document, nodes: list[_Node], depth: int) -> None:
    for node in nodes:
        document.add(f"{'    ' * depth}- {_escape(node.text)}", node.line)
        _write_items(document, node.children, depth + 1)
    if nodes and depth == 0:
        document.add("", nodes[-1].line)


def _term_fact(term: str, definition: str | None) -> str:
    """ "term = definition": the Markdown reader keeps it as one fact, which the
    card generator asks both ways; a row that did not split stays as written."""
    if definition is None:
        return _escape(term)
    return f"{_escape(term)} = {_escape(definition)}"


def _escape(text: str, heading: bool = False) -> str:
    """The text as Markdown that reads back as the same text, not as markup."""
    text = INLINE_MARKUP_RE.sub(r"\\\1", text)
    text = ENTITY_RE.sub("&amp;", text)
    text = HTML_START_RE.sub("&lt;", text)
    if heading:  # a "#" at its end would be cut off as a closing sequence ("C#")
        return text.replace("#", "\\#")
    if text.startswith("~~~"):  # a code fence; "\~" is no escape for Python-Markdown, an entity is
        return "&#126;" + text[1:]
    return LINE_START_RE.sub(lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", text)


def _summary(topic: _Topic) -> str:
    """What the topic covers: its headings when it has several, else its lines."""
    if topic.terms is not None:
        return _shorten(", ".join(term for _, term, _ in topic.terms) or topic.title, SUMMARY_LENGTH)
    nodes = topic.nodes
    while len(nodes) == 1 and nodes[0].children:  # a lone heading wrapping the rest says nothing the title does not
        nodes = nodes[0].children
    headings = [node.title for node in nodes if node.children]
    if len(headings) >= 2:
        return _shorten(", ".join(headings), SUMMARY_LENGTH)
    return _shorten("; ".join(_lines_of(nodes)) or topic.title, SUMMARY_LENGTH)


def _lines_of(nodes: list[_Node]) -> Iterator[str]:
    for node in nodes:
        yield node.title if node.children else node.text
        yield from _lines_of(node.children)


def _shorten(text: str, length: int) -> str:
    """At most `length` characters, cut at a word with an ellipsis."""
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def _quote(text: str) -> str:
    return f"'{_shorten(text, 60)}'"
