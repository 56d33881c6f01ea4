"""Write → parse gives the same questions, for every kind and the awkward characters."""

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyapp.quizzes.formats import ChoiceData, QuestionData
from studyapp.quizzes.formats.gift import parse_gift, write_gift
from studyapp.quizzes.formats.moodle_xml import parse_moodle_xml, write_moodle_xml

AWKWARD = "Braces {x}, equals =, tilde ~, hash #, colon :, backslash \\ and \\n typed out,\nthen a new line."


def bank() -> list[QuestionData]:
    third = Decimal("33.33333")
    return [
        QuestionData(
            kind="single",
            text=AWKWARD,
            name="Awkward :: name {1}",
            explanation="Explained #### with hashes\nand ~ lines.",
            category="Lambda/Cold starts",
            tags=["lambda", "cold-starts"],
            options=[
                ChoiceData("= looks like a mark", Decimal(100), "Right # indeed: {yes}"),
                ChoiceData("%50% of people say so", Decimal(0), "A % at the start is text"),
                ChoiceData("[html] is not a prefix here", Decimal(25), "[plain] nor here"),
                ChoiceData("a -> b", Decimal(-50)),
            ],
        ),
        QuestionData(
            kind="multiple",
            text="Pick **every** managed queue — café ☕, λ, 日本語, 🚀",
            name="Queues",
            category="Lambda/Cold starts",
            tags=["queues"],
            options=[
                ChoiceData("SQS", third, "Yes."),
                ChoiceData("Amazon MQ", third),
                ChoiceData("Kinesis", third),
                ChoiceData("Redis on EC2", -third, "You manage it."),
                ChoiceData("A disk", -third),
            ],
        ),
        QuestionData(
            kind="single",
            text="Two options, both fully right",
            name="Both",
            category="Lambda/Cold starts",
            options=[ChoiceData("0", Decimal(100)), ChoiceData("1", Decimal(100))],
        ),
        QuestionData(
            kind="true_false",
            text="S3 is a relational database.",
            name="S3 kind",
            explanation="It stores objects.",
            category="Storage",
            options=[ChoiceData("True", Decimal(0), "No: objects."), ChoiceData("False", Decimal(100), "Right.")],
        ),
        QuestionData(
            kind="true_false",
            text="Lambda scales to zero.",
            name="Scale",
            category="Storage",
            options=[ChoiceData("True", Decimal(100), "Yes."), ChoiceData("False", Decimal(0))],
        ),
        QuestionData(
            kind="true_false",
            text="T",
            name="One letter",
            category="Storage",
            options=[ChoiceData("True", Decimal(0), "Wrong # one."), ChoiceData("False", Decimal(100))],
        ),
        QuestionData(
            kind="short",
            text="Which service stores objects? Fill the _____.",
            name="Objects",
            explanation="S3: Simple Storage Service.",
            category="",
            tags=["s3"],
            accepted_answers=["S3", "%S3", "Amazon S3 {the one}", "x -> y", "TRUE", "#1"],
        ),
        QuestionData(
            kind="numeric",
            text="Most memory, in MB?",
            name="Memory",
            explanation="10 GB.",
            category="",
            numeric_answer=10240.0,
            tolerance=0.5,
        ),
        QuestionData(kind="numeric", text="A small one", name="Tiny", numeric_answer=-1.5e-07, tolerance=0.0),
        QuestionData(kind="numeric", text="Pi", name="Pi", category="Maths", numeric_answer=3.141592653589793),
    ]


def comparable(questions, *, tags: bool) -> list[QuestionData]:
    return [replace(q, line=0, tags=q.tags if tags else []) for q in questions]


def gift_comparable(questions) -> list[QuestionData]:
    """GIFT carries tags in `// [tag:…]` comments: a tag holding "]" or a line break cannot go there."""
    return [replace(q, line=0, tags=[t for t in q.tags if "]" not in t and "\n" not in t]) for q in questions]


def test_gift_round_trip_keeps_everything_tags_included():
    result = parse_gift(write_gift(bank()))
    assert (result.problems, result.warnings, result.skipped) == ([], [], [])
    assert comparable(result.questions, tags=True) == comparable(bank(), tags=True)


def test_moodle_xml_round_trip_keeps_everything_tags_included():
    result = parse_moodle_xml(write_moodle_xml(bank()))
    assert (result.problems, result.warnings, result.skipped) == ([], [], [])
    assert comparable(result.questions, tags=True) == comparable(bank(), tags=True)


def test_moodle_xml_round_trip_through_bytes_keeps_unicode():
    result = parse_moodle_xml(write_moodle_xml(bank()).encode("utf-8"))
    assert result.questions[1].text == "Pick **every** managed queue — café ☕, λ, 日本語, 🚀"


@pytest.mark.parametrize(("write", "parse"), [(write_gift, parse_gift), (write_moodle_xml, parse_moodle_xml)])
def test_a_question_without_a_name_comes_back_named_after_its_text(write, parse):
    question = QuestionData(kind="short", text="What does\nS3 stand for?", accepted_answers=["Simple Storage Service"])
    assert parse(write([question])).questions[0].name == "What does S3 stand for?"


def test_gift_lines_point_at_each_written_question():
    # $CATEGORY on line 1, a blank line, the first question's tags (3), then the question: its head,
    # 4 options, the general feedback and "}" (lines 4-10), a blank line, the second's tags (12) and
    # the question (13-19), a blank line, the third (21-24), a blank line, the new $CATEGORY (26), a
    # blank line, the fourth question (28).
    assert [q.line for q in parse_gift(write_gift(bank())).questions][:4] == [4, 13, 21, 28]


def test_moodle_xml_lines_point_at_each_question_element():
    text = write_moodle_xml(bank())
    lines = text.splitlines()
    questions = parse_moodle_xml(text).questions
    assert questions[0].line == 8  # the declaration, <quiz>, then five lines of category element
    assert all(lines[q.line - 1].strip().startswith('<question type="') for q in questions)


# Any text the bank could hold, less what neither format can carry: control characters
# (XML 1.0 has no room for them), carriage returns (read back as line breaks) and the
# noncharacters U+FDD0–U+FDD7, which the GIFT reader refuses.
CHARACTERS = st.characters(
    blacklist_categories=("Cs", "Cc"),
    blacklist_characters="\ufdd0\ufdd1\ufdd2\ufdd3\ufdd4\ufdd5\ufdd6\ufdd7\ufffe\uffff",
)
TEXT = st.text(st.one_of(CHARACTERS, st.sampled_from("\n\t{}=~#:\\%[]->")), min_size=1, max_size=40)
TEXT = TEXT.map(str.strip).filter(bool)
CREDIT = st.decimals(min_value=-100, max_value=100, places=2)
NUMBER = st.floats(allow_nan=False, allow_infinity=False, width=64)
CATEGORY = st.lists(TEXT.filter(lambda part: "/" not in part and "\n" not in part), max_size=3).map("/".join)


@st.composite
def questions(draw) -> QuestionData:
    kind = draw(st.sampled_from(["single", "multiple", "true_false", "short", "numeric"]))
    question = QuestionData(
        kind=kind,
        text=draw(TEXT),
        name=draw(TEXT),
        explanation=draw(st.one_of(st.just(""), TEXT)),
        category=draw(CATEGORY),
    )
    if kind in ("single", "multiple"):
        right = ChoiceData(draw(TEXT), Decimal(100) if kind == "single" else draw(CREDIT.filter(lambda c: c > 0)))
        others = draw(
            st.lists(st.builds(ChoiceData, TEXT, CREDIT, st.one_of(st.just(""), TEXT)), min_size=1, max_size=4)
        )
        question.options = [right, *others]
    elif kind == "true_false":
        truth = draw(st.booleans())
        question.options = [
            ChoiceData("True", Decimal(100 if truth else 0), draw(st.one_of(st.just(""), TEXT))),
            ChoiceData("False", Decimal(0 if truth else 100), draw(st.one_of(st.just(""), TEXT))),
        ]
    elif kind == "short":
        question.accepted_answers = draw(st.lists(TEXT, min_size=1, max_size=4))
    else:
        question.numeric_answer, question.tolerance = draw(NUMBER), abs(draw(NUMBER))
    return question


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(questions(), min_size=1, max_size=4))
def test_any_bank_survives_both_round_trips(bank):
    gift = parse_gift(write_gift(bank))
    assert (gift.problems, gift.warnings) == ([], [])
    assert gift_comparable(gift.questions) == gift_comparable(bank)
    xml = parse_moodle_xml(write_moodle_xml(bank))
    assert (xml.problems, xml.warnings) == ([], [])
    assert comparable(xml.questions, tags=True) == comparable(bank, tags=True)


def test_characters_xml_cannot_hold_are_left_out_and_carriage_returns_become_line_breaks():
    question = QuestionData(kind="short", text="Bell\x07 and\r\nnext", name="Bell", accepted_answers=["a\x00b"])
    read = parse_moodle_xml(write_moodle_xml([question])).questions[0]
    assert (read.text, read.accepted_answers) == ("Bell and\nnext", ["ab"])
