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


# Notes pages: the structure the CommonMark reader found


def test_a_notes_page_shows_two_space_nesting_and_lists_right_after_a_paragraph():
    from studyapp.lib.markdown_render import render_notes

    html = render_notes("Some intro.\n- Flour\n  - Bread flour: 12% protein\n1) Mix\n2) Knead\n")
    assert "<p>Some intro.</p>" in html
    assert "<li>Flour\n<ul>\n<li>Bread flour: 12% protein</li>" in html
    assert "<ol>\n<li>Mix</li>\n<li>Knead</li>\n</ol>" in html


def test_a_notes_page_keeps_section_anchors_and_update_callouts():
    from studyapp.lib.markdown_render import render_notes

    html = render_notes("## Limits {#limits}\n\n- Memory: 3,008 MB\n    - **Update:** 10,240 MB\n")
    assert '<h2 id="limits">Limits</h2>' in html
    assert '<li class="update"><strong>Update:</strong> 10,240 MB</li>' in html


def test_a_notes_page_shows_raw_html_as_text():
    from studyapp.lib.markdown_render import render_notes

    assert "&lt;b&gt;bold&lt;/b&gt;" in render_notes("<b>bold</b>\n")
