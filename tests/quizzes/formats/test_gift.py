"""Reading GIFT: every construct from files/constructs.gift, each escape, each malformed input by line."""

from decimal import Decimal
from pathlib import Path

import pytest

from studyapp.quizzes.formats import MAX_QUESTION_TEXT, ChoiceData, QuestionData
from studyapp.quizzes.formats.gift import parse_gift, write_gift

FILES = Path(__file__).parent / "files"


@pytest.fixture(scope="module")
def constructs():
    return parse_gift((FILES / "constructs.gift").read_text(encoding="utf-8"))


def by_line(result, line):
    return next(q for q in result.questions if q.line == line)


def test_the_constructs_file_imports_without_problems(constructs):
    assert constructs.problems == []
    assert constructs.skipped == []
    assert len(constructs.questions) == 15


def test_single_choice_with_feedback_and_partial_credit(constructs):
    assert by_line(constructs, 6) == QuestionData(
        kind="single",
        text="Which runtime starts **fastest**?",
        name="Runtime",
        category="Lambda/Cold starts",
        options=[
            ChoiceData("Python", Decimal(100), "Right: small and interpreted."),
            ChoiceData("Java", Decimal(0), "The JVM takes a while to warm up."),
            ChoiceData(".NET", Decimal(25), "Partly: it has improved."),
        ],
        line=6,
    )


def test_multiple_choice_has_no_equals_sign_and_weights_each_option(constructs):
    question = by_line(constructs, 13)
    assert question.kind == "multiple"
    assert question.options == [
        ChoiceData("S3", Decimal(50)),
        ChoiceData("SQS", Decimal(50)),
        ChoiceData("Route 53", Decimal(-100), "It only routes DNS."),
    ]


def test_true_false_first_feedback_is_for_a_wrong_answer_second_for_a_right_one(constructs):
    question = by_line(constructs, 19)
    assert question.kind == "true_false"
    assert question.options == [
        ChoiceData("True", Decimal(100), "Right."),
        ChoiceData("False", Decimal(0), "It keeps instances warm, so: true."),
    ]
    assert question.explanation == "Provisioned instances are initialised in advance."


@pytest.mark.parametrize(("line", "true_credit", "false_credit"), [(21, 0, 100), (23, 100, 0), (25, 0, 100)])
def test_true_false_in_each_spelling(constructs, line, true_credit, false_credit):
    question = by_line(constructs, line)
    assert [(o.text, o.credit) for o in question.options] == [("True", true_credit), ("False", false_credit)]
    assert question.name == ""  # no ::name::


def test_true_false_with_only_the_right_answers_feedback(constructs):
    assert by_line(constructs, 23).options[0].feedback == "Yes, through the provided runtime."
    assert by_line(constructs, 23).options[1].feedback == ""


def test_short_answer_keeps_only_answers_worth_100_percent_and_warns(constructs):
    question = by_line(constructs, 27)
    assert question.kind == "short"
    assert question.accepted_answers == ["S3", "Amazon S3"]
    assert [str(w) for w in constructs.warnings if w.line == 27] == [
        "line 27: the answer 'Glacier' worth 50 % is left out (only answers worth 100 % are kept)",
        "line 27: answer feedback is not kept for short-answer questions",
    ]


def test_missing_word_keeps_the_blank_in_the_text(constructs):
    question = by_line(constructs, 29)
    assert question.text == "Which language is _____ named after a comedy group?"
    assert question.accepted_answers == ["Python"]


def test_numeric_with_tolerance_and_general_feedback(constructs):
    question = by_line(constructs, 31)
    assert (question.kind, question.numeric_answer, question.tolerance) == ("numeric", 10.0, 0.0)
    assert question.explanation == "It is 10 240 MB."


def test_numeric_range_becomes_its_middle_give_or_take_half_its_width(constructs):
    question = by_line(constructs, 33)
    assert (question.numeric_answer, question.tolerance) == (8.0, 7.0)  # 1..15: (1 + 15) / 2, (15 - 1) / 2


def test_numeric_with_several_answers_keeps_the_full_credit_one(constructs):
    question = by_line(constructs, 35)
    assert (question.numeric_answer, question.tolerance) == (3.0, 0.0)
    assert [str(w) for w in constructs.warnings if 35 <= w.line <= 39] == [
        "line 35: feedback for wrong answers is not kept for numeric questions",
        "line 37: the answer '3:2' worth 50 % is left out (only answers worth 100 % are kept)",
        "line 35: answer feedback is not kept for numeric questions",
    ]


def test_every_escape_is_read(constructs):
    question = by_line(constructs, 41)
    assert question.text == "A {brace}, a ~tilde, =equals, a #hash, a colon: and a backslash \\ \nthen a new line."
    assert question.options[0].text == "~=#{}:\\"


def test_format_prefixes_are_dropped_and_html_is_kept_as_written(constructs):
    question = by_line(constructs, 46)
    assert question.text == "<p>Which is a <b>managed</b> queue?</p>"
    assert [o.text for o in question.options] == ["<i>SQS</i>", "Kafka on EC2", "Redis"]
    assert by_line(constructs, 58).text == "Plain text stays as written *here*."


def test_multi_line_question_and_the_category_that_changed(constructs):
    question = by_line(constructs, 54)
    assert question.text == "Multi-line questions keep\ntheir line breaks."
    assert question.category == "Lambda"


def test_unsupported_types_are_listed_as_skipped_by_line():
    result = parse_gift((FILES / "unsupported.gift").read_text(encoding="utf-8"))
    assert [(s.line, s.kind) for s in result.skipped] == [(3, "essay"), (5, "matching"), (10, "description")]
    assert [q.name for q in result.questions] == ["Kept"]
    assert result.problems == []


@pytest.mark.parametrize(
    ("gift", "expected"),
    [
        ("// header\n\nOne {=a ~b}\n\nTwo {=a ~b", "line 5: unclosed '{'"),
        ("Q {=a\n~b\n=c}\n\nQ2 {~a ~b}", "line 5: a choice question needs at least one right answer"),
        ("\n\n\n\nHow many? {#abc}", "line 5: numeric answer 'abc' is not a number"),
        ("How many? {#nan:1}", "line 1: numeric answer 'nan' is not a number"),
        ("How many? {#3:-1}", "line 1: tolerance '-1' is not a number of zero or more"),
        ("How many? {#5..1}", "line 1: numeric range '5..1' is not two numbers, low..high"),
        ("::Name without end Q {T}", "line 1: the question name is not closed with '::'"),
        ("A } alone {T}", "line 1: '}' without '{' (write \\} for a brace in text)"),
        ("A {T\n{F}", "line 2: '{' inside the answers (write \\{ for a brace in text)"),
        ("Two {T} sets\n{F}", "line 2: a question has one set of answers (write \\{ and \\} for braces in text)"),
        ("Q {\ntext first ~a =b}", "line 2: start each answer of a choice question with '=' or '~'"),
        ("Q {=only}", None),
        ("Q {=%50%half}", "line 1: a short-answer question needs an answer worth 100 %"),
        ("{=a ~b}", "line 1: a question needs text"),
        ("Q {=a}\n\nQ {=a ~%150%b}", "line 3: an answer's grade must be between -100 % and 100 %"),
        ("Q {=only ~}", "line 1: an option has no text"),
        ("Q {~%100%only}", "line 1: a choice question needs at least two options"),
    ],
)
def test_malformed_questions_name_their_line(gift, expected):
    problems = [str(p) for p in parse_gift(gift).problems]
    assert problems == ([expected] if expected else [])


def test_bounds_are_refused_with_the_line():
    long_text = "x" * (MAX_QUESTION_TEXT + 1)
    result = parse_gift(f"Fine {{T}}\n\n{long_text} {{T}}")
    assert [str(p) for p in result.problems] == ["line 3: the question text is longer than 2000 characters"]
    assert len(result.questions) == 1


def test_a_file_over_two_megabytes_is_refused():
    result = parse_gift("Q {T}\n\n" * 300_000)
    assert [str(p) for p in result.problems] == ["line 1: the file is larger than 2 MB"]
    assert result.questions == []


def test_more_than_2000_questions_are_refused_at_the_first_one_too_many():
    result = parse_gift("Q {T}\n\n" * 2001)
    assert [str(p) for p in result.problems] == ["line 4001: the file holds more than 2000 questions"]


def test_a_category_line_followed_by_a_question_without_a_blank_line():
    result = parse_gift("$CATEGORY: Networking/VPC\nWhat routes traffic? {=a route table ~a NAT}")
    assert [(q.category, q.line) for q in result.questions] == [("Networking/VPC", 2)]


def test_windows_line_endings_and_a_byte_order_mark():
    result = parse_gift("\ufeff// c\r\n\r\n::N::Q {T}\r\n")
    assert [(q.name, q.line) for q in result.questions] == [("N", 3)]


def test_a_backslash_before_an_ordinary_character_stays():
    assert parse_gift(r"Path C:\temp\x? {=yes}").questions[0].text == r"Path C:\temp\x?"


# Writing


def test_it_writes_markdown_with_every_special_character_escaped():
    question = QuestionData(
        kind="single",
        text="Is {a} = ~b # c: \\d?\nNext line",
        name="Special: all",
        category="A/B",
        options=[ChoiceData("=yes", Decimal(100), "#1"), ChoiceData("no", Decimal(0))],
    )
    assert write_gift([question]) == (
        "$CATEGORY: $course$/top/A/B\n"
        "\n"
        "::Special\\: all::[markdown]Is \\{a\\} \\= \\~b \\# c\\: \\\\d?\\nNext line{\n"
        "\t=\\=yes#\\#1\n"
        "\t~no\n"
        "}\n"
    )


def test_multiple_choice_is_written_with_weights_and_no_equals_sign():
    question = QuestionData(
        kind="multiple",
        text="Pick",
        name="Pick",
        options=[ChoiceData("a", Decimal(100)), ChoiceData("b", Decimal(-100))],
    )
    assert "\t~%100%a\n\t~%-100%b\n" in write_gift([question])


def test_true_false_is_written_with_the_wrong_answers_feedback_first():
    question = QuestionData(
        kind="true_false",
        text="S3 is a database.",
        name="S3",
        options=[ChoiceData("True", Decimal(0), "It stores objects."), ChoiceData("False", Decimal(100), "Right.")],
    )
    assert "\tFALSE#It stores objects.#Right.\n" in write_gift([question])


def test_an_unnamed_question_is_named_after_the_start_of_its_text():
    question = QuestionData(
        kind="short", text="What does   S3\nstand for, in full, written out in words please?", accepted_answers=["x"]
    )
    assert (
        write_gift([question])
        .splitlines()[2]
        .startswith("::What does S3 stand for, in full, written out in words pleas…::")
    )


def test_a_lone_short_answer_holding_an_arrow_is_not_a_matching_question():
    result = parse_gift("What does a lambda look like in Java? {=x -> y}")
    assert (result.skipped, result.questions[0].accepted_answers) == ([], ["x -> y"])


def test_tags_are_read_from_the_comment_lines_before_a_question():
    text = (
        "// question: 12  name: Billing\n// [tag:billing] [tag: hard ]\n::Billing::Billed per ms? {T}\n\nNo tags? {F}\n"
    )
    first, second = parse_gift(text).questions
    assert (first.tags, second.tags) == (["billing", "hard"], [])
