"""Markdown rendering keeps its links, and a paragraph crowded with "[" renders them as text."""

from studyapp.lib.markdown_render import MOST_BRACKETS, render_markdown


def test_links_still_render_beside_a_paragraph_crowded_with_brackets():
    html = render_markdown("See [the docs](https://example.com).\n\n" + "[" * (MOST_BRACKETS + 1) + " x")
    assert 'href="https://example.com"' in html
    assert "[" * (MOST_BRACKETS + 1) in html and "\\[" not in html


def test_a_crowded_paragraph_shows_its_brackets_and_loses_its_links_not_its_text():
    text = "[a](https://example.com) " + "[" * MOST_BRACKETS
    html = render_markdown(text)
    assert "[a](https://example.com)" in html and "href" not in html


def test_a_paragraph_with_a_few_brackets_keeps_its_links():
    html = render_markdown("[a](https://example.com) " + "[" * (MOST_BRACKETS - 1))
    assert 'href="https://example.com"' in html
