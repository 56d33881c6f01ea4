"""Markdown to sanitized HTML, for notes pages and for anything users write.

Notes pages go through `render_notes` (markdown-it-py, the CommonMark parser that
read the notes, so the page shows the lists and headings the reader found); short
text (card answers, explanations) through `render_markdown` (Python-Markdown).
Both end in `sanitize`, so nh3's allow-list is the single place that decides what
HTML may reach a page.
"""

from __future__ import annotations

import re

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
HEADINGS = {"h2", "h3", "h4", "h5", "h6"}


class _UpdateCallouts(Treeprocessor):
    """Mark list items that start with **Update:** so CSS shows them as callouts."""

    def run(self, root):
        for li in root.iter("li"):
            first = next(iter(li), None)
            if first is not None and first.tag == "strong" and not (li.text or "").strip():
                if (first.text or "").strip().lower().startswith(("update", "correction")):
                    li.set("class", "update")
        return root


class UpdateCalloutExtension(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(_UpdateCallouts(md), "update_callouts", 5)


def sanitize(html: str, *, heading_ids: bool = False) -> str:
    attributes = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
    if heading_ids:
        attributes.update({tag: {"id"} for tag in HEADINGS})
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=attributes,
        allowed_classes={"li": {"update"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


# Python-Markdown's link matcher takes time that grows with the square (and worse)
# of the unclosed "[" in a paragraph: a few lines of them took seconds. Past this
# many in one paragraph, which no note needs, every "[" is shown as it is.
MOST_BRACKETS = 64
_PARAGRAPHS = re.compile(r"\n\s*\n")
_OPEN_BRACKET = re.compile(r"(?<!\\)\[")


def _defuse_brackets(text: str) -> str:
    parts = _PARAGRAPHS.split(text)
    if all(part.count("[") <= MOST_BRACKETS for part in parts):
        return text
    separators = _PARAGRAPHS.findall(text)
    defused = [_OPEN_BRACKET.sub(r"\\[", part) if part.count("[") > MOST_BRACKETS else part for part in parts]
    return "".join(part + (separators[i] if i < len(separators) else "") for i, part in enumerate(defused))


def render_markdown(text: str) -> str:
    """Render and sanitize a user's short text (a card's answer, an explanation)."""
    text = _defuse_brackets(text)
    html = markdown.markdown(text, extensions=[UpdateCalloutExtension(), "tables"], output_format="html")
    return sanitize(html)


# Raw HTML is shown as text, as the notes readers never take it for a fact. A list
# nested the 12 levels notes allow is 24 levels of ul and li: room for those.
_NOTES = MarkdownIt("commonmark", {"html": False, "maxNesting": 40}).enable("table")
_ANCHOR = re.compile(r"\s*\{#([A-Za-z0-9_-]+)\}\s*$")


def render_notes(text: str) -> str:
    """A notes page: `body_with_anchors` from the readers, whose section headings end in `{#anchor}`
    (those become the headings' ids, which the table of contents links to), to sanitized HTML.
    A list item starting with **Update:** is marked as a callout, as in render_markdown."""
    tokens = _NOTES.parse(text)
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            _anchor_heading(token, tokens[index + 1])
        elif token.type == "list_item_open" and _starts_with_update(tokens[index + 1 : index + 3]):
            token.attrSet("class", "update")
    return sanitize(_NOTES.renderer.render(tokens, _NOTES.options, {}), heading_ids=True)


def _anchor_heading(heading, inline) -> None:
    found = _ANCHOR.search(inline.content)
    if found and inline.children and inline.children[-1].type == "text":
        heading.attrSet("id", found.group(1))
        inline.children[-1].content = _ANCHOR.sub("", inline.children[-1].content)


def _starts_with_update(following) -> bool:
    inline = next((token for token in following if token.type == "inline"), None)
    if inline is None:
        return False
    children = [child for child in inline.children or [] if not (child.type == "text" and not child.content.strip())]
    return (
        len(children) > 1
        and children[0].type == "strong_open"
        and children[1].content.strip().lower().startswith(("update", "correction"))
    )
