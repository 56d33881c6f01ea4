"""Moodle XML, read and written: a <quiz> of <question type="..."> elements.

Read with the standard library's expat, which gives each element its line. A file with a
DOCTYPE or an entity declaration is refused before anything in it is expanded, so no
external entity or "billion laughs" ever reaches the parser. Text is kept as the file has
it (HTML stays HTML and is sanitised when rendered); embedded <file>s are not imported.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from xml.parsers import expat

from . import (
    FULL_CREDIT,
    MULTIPLE,
    NUMERIC,
    SHORT,
    SINGLE,
    TRUE_FALSE,
    ChoiceData,
    ParseResult,
    QuestionData,
    credit_text,
    left_out,
    moodle_category,
    number_text,
    our_category,
    parse_number,
    question_name,
    too_big,
)

SKIPPED_TYPES = {
    "essay": "essay questions are marked by hand; the bank has no such type",
    "description": "a description is not a question",
}
TRUE_WORDS = {"true", "1", "yes"}
NOT_IN_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class _Refused(Exception):
    pass


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str]
    line: int
    children: list[_Node] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)

    def child(self, tag: str) -> _Node | None:
        return next((c for c in self.children if c.tag == tag), None)

    def all(self, tag: str) -> list[_Node]:
        return [c for c in self.children if c.tag == tag]

    @property
    def value(self) -> str:
        return "".join(self.parts).strip()

    def text_of(self, tag: str) -> str:
        """The <text> of a child element (`<questiontext><text>…</text></questiontext>`), trimmed."""
        node = self.child(tag)
        inner = node.child("text") if node is not None else None
        return inner.value if inner is not None else ""

    def value_of(self, tag: str, default: str = "") -> str:
        node = self.child(tag)
        return node.value if node is not None else default

    def files(self) -> list[str]:
        """Names of the files embedded anywhere below this element."""
        own = [c.attrs.get("name", "?") for c in self.children if c.tag == "file"]
        return own + [name for c in self.children if c.tag != "file" for name in c.files()]


def parse_moodle_xml(data: bytes | str) -> ParseResult:
    result = ParseResult()
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if problem := too_big(len(raw)):
        result.problems.append(problem)
        return result
    root = _parse_tree(raw, text_given=isinstance(data, str), result=result)
    if root is None:
        return result
    if root.tag != "quiz":
        result.problem(root.line, f"the root element is <{root.tag}>, not <quiz>")
        return result
    category = ""
    for element in root.all("question"):
        kind = element.attrs.get("type", "")
        if kind == "category":
            category = our_category(element.text_of("category"))
        else:
            _read_question(element, kind, category, result)
    return result


def _parse_tree(raw: bytes, *, text_given: bool, result: ParseResult) -> _Node | None:
    """The document as _Nodes, or None after recording why it cannot be read."""
    # Text handed over as str is already decoded: whatever encoding its declaration names.
    parser = expat.ParserCreate(encoding="utf-8" if text_given else None)
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[_Node] = [_Node("", {}, 0)]

    def refuse(*_args) -> None:
        raise _Refused

    def start(tag: str, attrs: dict[str, str]) -> None:
        node = _Node(tag, attrs, parser.CurrentLineNumber)
        stack[-1].children.append(node)
        stack.append(node)

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = lambda _tag: stack.pop()
    parser.CharacterDataHandler = lambda text: stack[-1].parts.append(text)
    try:
        parser.Parse(raw, True)
    except _Refused:
        result.problem(1, "the file has a DOCTYPE or an entity declaration; they are not accepted")
        return None
    except expat.ExpatError as error:
        result.problem(error.lineno, f"the XML is not well-formed ({expat.ErrorString(error.code)})")
        return None
    return stack[0].children[0]


def _read_question(element: _Node, kind: str, category: str, result: ParseResult) -> None:
    if kind not in READERS:
        reason = SKIPPED_TYPES.get(kind, f"the bank has no {kind or 'untyped'} questions")
        result.skip(element.line, kind or "unknown", reason)
        return
    question = QuestionData(
        kind="",
        text=element.text_of("questiontext"),
        name=element.text_of("name"),
        explanation=element.text_of("generalfeedback"),
        category=category,
        tags=[tag.value_of("text") for tag in _tags(element)],
        line=element.line,
    )
    problems = len(result.problems)
    READERS[kind](question, element, result)
    if files := element.files():
        result.warn(element.line, f"embedded files are not imported: {', '.join(files)}")
    if len(result.problems) == problems:
        result.add(question)


def _tags(element: _Node) -> list[_Node]:
    tags = element.child("tags")
    return tags.all("tag") if tags is not None else []


def _credit(answer: _Node, result: ParseResult) -> Decimal | None:
    written = answer.attrs.get("fraction", "0")
    try:
        credit = Decimal(written)
    except InvalidOperation:
        credit = None
    if credit is None or not credit.is_finite():
        result.problem(answer.line, f"the answer's fraction '{written}' is not a number")
        return None
    return credit


def _answers(element: _Node, result: ParseResult) -> list[tuple[_Node, Decimal]]:
    answers = [(answer, _credit(answer, result)) for answer in element.all("answer")]
    return [(answer, credit) for answer, credit in answers if credit is not None]


def _read_choice(question: QuestionData, element: _Node, result: ParseResult) -> None:
    single = element.value_of("single", "true").lower() in TRUE_WORDS
    question.kind = SINGLE if single else MULTIPLE
    question.options = [
        ChoiceData(answer.value_of("text"), credit, answer.text_of("feedback"))
        for answer, credit in _answers(element, result)
    ]


def _read_true_false(question: QuestionData, element: _Node, result: ParseResult) -> None:
    question.kind = TRUE_FALSE
    by_word = {answer.value_of("text").lower(): (answer, credit) for answer, credit in _answers(element, result)}
    if set(by_word) != {"true", "false"}:
        result.problem(element.line, "a true/false question needs the answers 'true' and 'false'")
        return
    for word in ("true", "false"):
        answer, credit = by_word[word]
        question.options.append(ChoiceData(word.title(), credit, answer.text_of("feedback")))


def _read_short(question: QuestionData, element: _Node, result: ParseResult) -> None:
    question.kind = SHORT
    if element.value_of("usecase", "0") not in ("", "0"):
        result.warn(element.line, "answers are matched ignoring case, not case by case")
    for answer, credit in _answers(element, result):
        text = answer.value_of("text")
        if credit == FULL_CREDIT:
            question.accepted_answers.append(text)
        else:
            result.warn(answer.line, left_out(text, credit))
    _warn_answer_feedback(element, "short-answer", result)


def _read_numeric(question: QuestionData, element: _Node, result: ParseResult) -> None:
    question.kind = NUMERIC
    for answer, credit in _answers(element, result):
        written = answer.value_of("text")
        value = parse_number(written)
        tolerance = parse_number(answer.value_of("tolerance", "0") or "0")
        if written == "*":
            result.warn(answer.line, "the catch-all answer '*' is left out")
        elif value is None:
            result.problem(answer.line, f"numeric answer '{written}' is not a number")
        elif tolerance is None or tolerance < 0:
            result.problem(answer.line, f"tolerance '{answer.value_of('tolerance')}' is not a number of zero or more")
        elif credit == FULL_CREDIT and question.numeric_answer is None:
            question.numeric_answer, question.tolerance = value, tolerance
        else:
            result.warn(answer.line, left_out(written, credit))
    units = element.child("units")
    if units is not None and units.all("unit"):
        result.warn(element.line, "units are not imported: learners answer with the number alone")
    _warn_answer_feedback(element, "numeric", result)


def _warn_answer_feedback(element: _Node, kind: str, result: ParseResult) -> None:
    if any(answer.text_of("feedback") for answer in element.all("answer")):
        result.warn(element.line, f"answer feedback is not kept for {kind} questions")


READERS = {
    "multichoice": _read_choice,
    "truefalse": _read_true_false,
    "shortanswer": _read_short,
    "numerical": _read_numeric,
}


# Writing

MOODLE_TYPES = {
    SINGLE: "multichoice",
    MULTIPLE: "multichoice",
    TRUE_FALSE: "truefalse",
    SHORT: "shortanswer",
    NUMERIC: "numerical",
}


def write_moodle_xml(questions: Iterable[QuestionData]) -> str:
    """Moodle XML as Moodle exports it: a category element before each change of category,
    text as Markdown (format="markdown") so that reading it back gives the same text."""
    quiz = ET.Element("quiz")
    category = None
    for question in questions:
        if question.category != category:
            category = question.category
            element = ET.SubElement(quiz, "question", type="category")
            _text(element, "category", moodle_category(category))
        _write_question(ET.SubElement(quiz, "question", type=MOODLE_TYPES[question.kind]), question)
    ET.indent(quiz, space="  ")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + ET.tostring(quiz, encoding="unicode", short_empty_elements=False)
        + "\n"
    )


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    ET.SubElement(element, "text").text = _xml_safe(text)
    return element


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot hold control characters (an invisible one would make the whole file
    unreadable), and a parser reads a carriage return as a line break: both are settled here."""
    return NOT_IN_XML_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _write_question(element: ET.Element, q: QuestionData) -> None:
    _text(element, "name", question_name(q))
    _text(element, "questiontext", q.text, format="markdown")
    _text(element, "generalfeedback", q.explanation, format="markdown")
    ET.SubElement(element, "defaultgrade").text = "1"
    ET.SubElement(element, "hidden").text = "0"
    if q.kind in (SINGLE, MULTIPLE):
        ET.SubElement(element, "single").text = "true" if q.kind == SINGLE else "false"
        ET.SubElement(element, "shuffleanswers").text = "true"
        ET.SubElement(element, "answernumbering").text = "abc"
    if q.kind == SHORT:
        ET.SubElement(element, "usecase").text = "0"
    for option in q.options:
        text = option.text.lower() if q.kind == TRUE_FALSE else option.text
        answer = _text(element, "answer", text, fraction=credit_text(option.credit), format="markdown")
        _text(answer, "feedback", option.feedback, format="markdown")
    for accepted in q.accepted_answers:
        _text(element, "answer", accepted, fraction="100", format="plain_text")
    if q.kind == NUMERIC and q.numeric_answer is not None:
        answer = _text(element, "answer", number_text(q.numeric_answer), fraction="100", format="plain_text")
        ET.SubElement(answer, "tolerance").text = number_text(q.tolerance)
    if q.tags:
        tags = ET.SubElement(element, "tags")
        for tag in q.tags:
            _text(tags, "tag", tag)
