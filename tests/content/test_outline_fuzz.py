"""Any text gives either a topic or a clear FILE:LINE error, never a crash."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyapp.content.outline import ContentError, decode, parse_topic
from studyapp.lib.markdown_render import render_markdown

ERROR = re.compile(r"^fuzz\.md:\d+: \S")
FRONT = "---\ntitle: T\nslug: t\norder: 1\nsummary: S\n---\n"
# Lines built from the pieces the parser cares about, so the fuzzer reaches deep branches.
PIECES = st.sampled_from([
    "", "- ", "    - ", "        - ", "  - ", "## ", "### ", "#### ", "# ", "---", "```", "\t- ", "**Update:** ",
    "Label: value", "A = B", ":", "title: x", "slug: x", "order: 1", "summary: s", "<script>", "é", "\x00", "\r",
])
LINES = st.lists(st.builds(lambda parts, text: "".join(parts) + text, st.lists(PIECES, max_size=3), st.text(max_size=12)), max_size=25)


def check(text: str) -> None:
    try:
        topic = parse_topic(text, "fuzz.md")
    except ContentError as error:
        assert ERROR.match(str(error)), str(error)
        assert error.line >= 0
        return
    render_markdown(topic.body_with_anchors, trusted_anchors=True)
    topic.outline.to_dict()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text_gives_a_topic_or_a_located_error(text):
    check(text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LINES)
def test_any_body_after_valid_front_matter_gives_a_topic_or_a_located_error(lines):
    check(FRONT + "\n".join(lines))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_decode_or_give_a_located_error(raw):
    try:
        decode(raw, "fuzz.md")
    except ContentError as error:
        assert ERROR.match(str(error))
