"""`{{ text|markdown }}`: sanitized Markdown for text users or content files wrote."""

from functools import lru_cache

from django import template
from django.utils.safestring import mark_safe

from studyapp.lib.markdown_render import render_markdown

register = template.Library()


@lru_cache(maxsize=4096)
def _render(text: str) -> str:
    return render_markdown(text)


@register.filter(name="markdown")
def markdown_filter(text: str) -> str:
    return mark_safe(_render(text or ""))  # noqa: S308 - nh3-sanitized above
