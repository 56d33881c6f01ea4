"""Markdown to sanitized HTML, for content files and for anything users write.

All Markdown in the app goes through `render_markdown`, so nh3's allow-list is
the single place that decides what HTML may reach a page.
"""

from __future__ import annotations

import re

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th",
    "thead", "tr", "ul",
}
HEADINGS = {"h2", "h3", "h4", "h5", "h6"}


class _UpdateCallouts(Treeprocessor):
    """Mark list items that start with **Update:** so CSS shows them as callouts."""

    def run(self, root):
        for li in root.iter("li"):
            first = next(iter(li), None)
            if first is not None and first.tag == "strong" and not (li.text or "").strip():
                if (first.text or "").strip().lower().startswith("update"):
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


def render_markdown(text: str, *, trusted_anchors: bool = False) -> str:
    """Render and sanitize. `trusted_anchors` keeps `{#id}` heading anchors (content files only)."""
    text = _defuse_brackets(text)
    extensions = [UpdateCalloutExtension(), "tables"]
    if trusted_anchors:
        extensions.append("attr_list")
    html = markdown.markdown(text, extensions=extensions, output_format="html")
    return sanitize(html, heading_ids=trusted_anchors)
