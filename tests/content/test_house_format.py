import pytest

from studyapp.content.house_format import ContentError, Outline, decode, parse_topic, slugify

GOOD = """---
title: AWS Lambda
short_title: Lambda
slug: lambda
order: 2
summary: Functions on demand.
---

## Limits

- Maximum execution time: 900 seconds (15 minutes)
- Memory allocation: 128 MB
    - **Update:** Memory is now up to 10,240 MB.

## Lambda@Edge

### Four trigger types

- Viewer Request: before CloudFront
"""


def test_it_reads_front_matter():
    topic = parse_topic(GOOD, "lambda.md")
    assert (topic.title, topic.short_title, topic.slug, topic.order) == ("AWS Lambda", "Lambda", "lambda", 2)
    assert topic.summary == "Functions on demand."


def test_it_keeps_the_heading_hierarchy_as_paths():
    sections = parse_topic(GOOD, "lambda.md").outline.sections
    assert [s.path for s in sections] == [["Limits"], ["Lambda@Edge"], ["Lambda@Edge", "Four trigger types"]]
    assert [s.anchor for s in sections] == ["limits", "lambda-edge", "four-trigger-types"]


def test_it_splits_label_value_facts_and_keeps_update_callouts_under_their_fact():
    limits = parse_topic(GOOD, "lambda.md").outline.sections[0]
    first, second = limits.items
    assert (first.label, first.value, first.line) == ("Maximum execution time", "900 seconds (15 minutes)", 11)
    assert second.children[0].is_update
    assert second.children[0].text == "Memory is now up to 10,240 MB."
    assert second.children[0].label is None


def test_the_outline_round_trips_through_json():
    outline = parse_topic(GOOD, "lambda.md").outline
    assert Outline.from_dict(outline.to_dict()) == outline
    assert len(outline.fact_lines()) == 4


def test_headings_get_anchors_in_the_rendered_markdown():
    topic = parse_topic(GOOD, "lambda.md")
    assert "## Limits {#limits}" in topic.body_with_anchors


def test_duplicate_headings_get_distinct_anchors():
    text = GOOD.split("## Limits")[0] + "## A\n\n### Security\n\n- x\n\n## B\n\n### Security\n\n- y\n"
    anchors = [s.anchor for s in parse_topic(text, "t.md").outline.sections]
    assert anchors == ["a", "security", "b", "b-security"]


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("no front matter\n", 1, "missing front matter"),
        ("---\nslug: x\norder: 1\nsummary: s\n---\n", 5, "front matter has no 'title'"),
        ("---\ntitle: T\nslug: x\norder: one\nsummary: s\n---\n", 4, "order must be a whole number"),
        ("---\ntitle: T\nslug: Not A Slug\norder: 1\nsummary: s\n---\n", 3, "slug 'Not A Slug'"),
        ("---\ntitle: T\nslug: x\norder: 1\nsummary: s\ncolour: red\n---\n", 6, "unknown front matter key 'colour'"),
        ("---\ntitle: T\nslug: x\norder: 1\nsummary: s\n", 5, "front matter is not closed"),
        ("---\ntitle: T\nslug: x\norder: 1\nsummary: s\n---\n\n# Title\n", 8, "use '##' for sections"),
        (
            "---\ntitle: T\nslug: x\norder: 1\nsummary: s\n---\n\n## A\n\n#### C\n",
            10,
            "heading jumps from level 2 to 4",
        ),
        ("---\ntitle: T\nslug: x\norder: 1\nsummary: s\n---\n\n- a\n  - b\n", 9, "nest by 4 spaces"),
        ("---\ntitle: T\nslug: x\norder: 1\nsummary: s\n---\n\n- a\n        - b\n", 9, "deeper than the item above"),
        ("---\ntitle: T\nslug: x\norder: 1\nsummary: s\n---\n\n- **Update:**\n", 8, "list item is empty"),
    ],
)
def test_malformed_files_name_file_and_line(text, line, message):
    with pytest.raises(ContentError) as error:
        parse_topic(text, "content/bad.md")
    assert str(error.value).startswith(f"content/bad.md:{line}: ")
    assert message in str(error.value)


def test_bad_encoding_is_reported_with_its_line():
    raw = b"---\ntitle: T\n" + b"slug: caf\xe9\n"
    with pytest.raises(ContentError, match=r"^bad.md:3: not valid UTF-8"):
        decode(raw, "bad.md")


def test_slugify_makes_readable_anchors():
    assert slugify("Scenario: thumbnail creation") == "scenario-thumbnail-creation"
    assert slugify("Backup / restore features") == "backup-restore-features"
