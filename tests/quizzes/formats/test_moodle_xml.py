"""Reading Moodle XML: a hand-written Moodle export, each question type, unsafe and malformed files."""

from decimal import Decimal
from pathlib import Path

import pytest

from studyapp.quizzes.formats import ChoiceData, QuestionData
from studyapp.quizzes.formats.moodle_xml import parse_moodle_xml, write_moodle_xml

FILES = Path(__file__).parent / "files"


@pytest.fixture(scope="module")
def export():
    return parse_moodle_xml((FILES / "moodle_export.xml").read_bytes())


def by_line(result, line):
    return next(q for q in result.questions if q.line == line)


def quiz(*questions: str) -> str:
    return '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n' + "\n".join(questions) + "\n</quiz>\n"


def test_the_export_imports_five_questions_without_problems(export):
    assert export.problems == []
    assert [q.line for q in export.questions] == [15, 71, 109, 145, 181]


def test_single_choice_in_html_with_tags_and_an_embedded_file(export):
    assert by_line(export, 15) == QuestionData(
        kind="single",
        text="<p>Which runtime starts <strong>fastest</strong>?</p>"
        '<p><img src="@@PLUGINFILE@@/chart.png" alt="chart"></p>',
        name="Fastest runtime",
        explanation="<p>Interpreted runtimes load less code.</p>",
        category="Default for Serverless/Lambda",
        tags=["lambda", "runtimes"],
        options=[
            ChoiceData("<p>Python</p>", Decimal(100), "<p>Right.</p>"),
            ChoiceData("<p>Java</p>", Decimal(0)),
            ChoiceData(".NET & C#", Decimal(25), "Partly."),
        ],
        line=15,
    )
    assert "line 15: embedded files are not imported: chart.png" in [str(w) for w in export.warnings]


def test_multiple_choice_with_negative_credit(export):
    question = by_line(export, 71)
    assert (question.kind, question.text) == ("multiple", "Which services can invoke Lambda *directly*?")
    assert question.options == [
        ChoiceData("S3", Decimal(50)),
        ChoiceData("SQS", Decimal(50)),
        ChoiceData("Route 53", Decimal(-100), "It only routes DNS."),
    ]


def test_true_false_keeps_each_answers_feedback(export):
    question = by_line(export, 109)
    assert question.kind == "true_false"
    assert question.options == [
        ChoiceData("True", Decimal(100), "Right: instances are kept warm."),
        ChoiceData("False", Decimal(0), "They are initialised in advance."),
    ]


def test_short_answer_keeps_the_full_credit_answers_and_warns_about_the_rest(export):
    question = by_line(export, 145)
    assert (question.kind, question.accepted_answers) == ("short", ["S3", "Amazon S3"])
    assert question.category == "Default for Serverless/Storage"  # after the second category element
    assert [str(w) for w in export.warnings if w.line in (145, 172)] == [
        "line 145: answers are matched ignoring case, not case by case",
        "line 172: the answer 'Glacier' worth 50 % is left out (only answers worth 100 % are kept)",
        "line 145: answer feedback is not kept for short-answer questions",
    ]


def test_numerical_with_tolerance_units_and_a_catch_all(export):
    question = by_line(export, 181)
    assert (question.kind, question.numeric_answer, question.tolerance) == ("numeric", 5.0, 0.0)
    assert [str(w) for w in export.warnings if w.line in (181, 202)] == [
        "line 202: the catch-all answer '*' is left out",
        "line 181: units are not imported: learners answer with the number alone",
    ]


def test_unsupported_types_are_listed_as_skipped(export):
    assert [(s.line, s.kind) for s in export.skipped] == [
        (222, "essay"),
        (233, "matching"),
        (247, "description"),
        (257, "cloze"),
    ]


def test_it_reads_text_handed_over_as_a_string_whatever_its_declared_encoding():
    xml = quiz(
        '<question type="shortanswer"><questiontext format="plain_text"><text>Café?</text></questiontext>'
        '<answer fraction="100"><text>Oui</text></answer></question>'
    ).replace("UTF-8", "ISO-8859-1")
    assert parse_moodle_xml(xml).questions[0].text == "Café?"


def test_numerical_tolerance_and_markdown_format():
    xml = quiz(
        '<question type="numerical"><name><text>Timeout</text></name>',
        '<questiontext format="markdown"><text>Default timeout, **seconds**?</text></questiontext>',
        '<answer fraction="100"><text>3</text><tolerance>0.5</tolerance></answer>',
        "</question>",
    )
    question = parse_moodle_xml(xml).questions[0]
    assert (question.text, question.numeric_answer, question.tolerance) == ("Default timeout, **seconds**?", 3.0, 0.5)


@pytest.mark.parametrize(
    "declaration",
    [
        '<!DOCTYPE quiz [<!ENTITY lol "lol">]>',
        '<!DOCTYPE quiz SYSTEM "http://example.com/quiz.dtd">',
        "<!DOCTYPE quiz>",
    ],
)
def test_a_doctype_or_entity_declaration_is_refused_on_line_1(declaration):
    xml = f'<?xml version="1.0"?>\n{declaration}\n<quiz><question type="truefalse"/></quiz>'
    result = parse_moodle_xml(xml.encode())
    assert [str(p) for p in result.problems] == [
        "line 1: the file has a DOCTYPE or an entity declaration; they are not accepted"
    ]
    assert result.questions == [] and result.skipped == []


def test_billion_laughs_never_expands():
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {b} "&{a};&{a};&{a};&{a};&{a};">' for a, b in zip("abcdefgh", "bcdefghi")
    )
    body = '<quiz><question type="x"><name><text>&i;</text></name></question></quiz>'
    result = parse_moodle_xml(f'<?xml version="1.0"?>\n<!DOCTYPE quiz [{entities}]>\n{body}')
    assert [p.line for p in result.problems] == [1]
    assert result.skipped == []  # refused before the question was ever read


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        ("<quiz>\n<question type='truefalse'>\n</quiz>", "line 3: the XML is not well-formed (mismatched tag)"),
        ("<quiz>\n\n<q>&nbsp;</q></quiz>", "line 3: the XML is not well-formed (undefined entity)"),
        ("", "line 1: the XML is not well-formed (no element found)"),
        ("<questions/>", "line 1: the root element is <questions>, not <quiz>"),
        (
            quiz(
                "<question type='multichoice'>",
                "<questiontext><text>Q</text></questiontext>",
                "<answer fraction='100'><text>a</text></answer>",
                "</question>",
            ),
            "line 3: a choice question needs at least two options",
        ),
        (
            quiz(
                "<question type='multichoice'>",
                "<questiontext><text>Q</text></questiontext>",
                "<answer fraction='0'><text>a</text></answer><answer fraction='0'><text>b</text></answer>",
                "</question>",
            ),
            "line 3: a choice question needs at least one right answer",
        ),
        (
            quiz(
                "<question type='numerical'>",
                "<questiontext><text>Q</text></questiontext>",
                "<answer fraction='100'>",
                "<text>abc</text></answer></question>",
            ),
            "line 5: numeric answer 'abc' is not a number",
        ),
        (
            quiz(
                "<question type='truefalse'>",
                "<questiontext><text>Q</text></questiontext>",
                "<answer fraction='100'><text>yes</text></answer></question>",
            ),
            "line 3: a true/false question needs the answers 'true' and 'false'",
        ),
        (
            quiz(
                "<question type='shortanswer'>",
                "<questiontext><text>Q</text></questiontext>",
                "<answer fraction='half'><text>a</text></answer></question>",
            ),
            "line 5: the answer's fraction 'half' is not a number",
        ),
        (
            quiz(
                "<question type='shortanswer'>",
                "<questiontext><text>Q</text></questiontext>",
                f"<tags><tag><text>{'t' * 51}</text></tag></tags>",
                "<answer fraction='100'><text>a</text></answer></question>",
            ),
            "line 3: the tag 'tttttttttttttttttttt…' is longer than 50 characters",
        ),
    ],
)
def test_malformed_files_name_their_line(xml, expected):
    assert [str(p) for p in parse_moodle_xml(xml).problems] == [expected]


def test_a_question_without_a_type_is_skipped_not_dropped():
    result = parse_moodle_xml(quiz("<question><name><text>?</text></name></question>"))
    assert [(s.line, s.kind) for s in result.skipped] == [(3, "unknown")]


def test_a_file_over_two_megabytes_is_refused():
    result = parse_moodle_xml(b"<quiz>" + b" " * (2 * 1024 * 1024) + b"</quiz>")
    assert [str(p) for p in result.problems] == ["line 1: the file is larger than 2 MB"]


# Writing


def test_it_writes_a_category_element_before_each_change_of_category():
    questions = [
        QuestionData(kind="short", text="a", name="a", category="A", accepted_answers=["x"]),
        QuestionData(kind="short", text="b", name="b", category="A", accepted_answers=["x"]),
        QuestionData(kind="short", text="c", name="c", category="A/B", accepted_answers=["x"]),
    ]
    xml = write_moodle_xml(questions)
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')
    types = [line.strip() for line in xml.splitlines() if line.strip().startswith("<question ")]
    assert types == [
        '<question type="category">',
        '<question type="shortanswer">',
        '<question type="shortanswer">',
        '<question type="category">',
        '<question type="shortanswer">',
    ]
    assert "<text>$course$/top/A</text>" in xml and "<text>$course$/top/A/B</text>" in xml


def test_it_writes_markdown_text_escaped_for_xml():
    question = QuestionData(
        kind="true_false",
        text="Is 1 < 2 & 3 > 2?",
        name="Compare",
        options=[
            ChoiceData("True", Decimal(100)),
            ChoiceData("False", Decimal(0)),
        ],
    )
    xml = write_moodle_xml([question])
    assert '<questiontext format="markdown">\n      <text>Is 1 &lt; 2 &amp; 3 &gt; 2?</text>' in xml
    assert '<answer fraction="100" format="markdown">\n      <text>true</text>' in xml
