"""Moodle's GIFT text format, read and written.

Questions are separated by blank lines; a line starting with // is a comment. A question is
`::name::[format]text{answers}`, the answers being `=right`, `~wrong`, `~%50%partly right`,
each with `#feedback`, then `####general feedback`. `{T}`/`{FALSE#wrong answer's feedback#right
answer's feedback}` is true/false, `{=a =b}` short answer, `{#3.5:0.5}`, `{#1..5}` and
`{#=3:0 =%50%3:1}` numeric. Text around the braces on both sides is the missing-word form: the
blank stays in the text as "_____". `$CATEGORY: path` sets the category of the questions after it.
Backslash escapes ~ = # { } : and itself; \\n is a line break.

Tags travel in comment lines before a question, as Moodle writes them: `// [tag:lambda] [tag:hard]`
(a tag holding "]" cannot be written that way and is left out). The
format prefix ([markdown], [html], [plain], [moodle]) is read and dropped: text is kept as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

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

SPECIAL = "\\~=#{}:"
# While a question is cut into its parts, each escaped character stands in as a Unicode
# noncharacter, so the cutting sees only the marks that mean something.
PLACEHOLDERS = {ch: chr(0xFDD0 + i) for i, ch in enumerate(SPECIAL + "n")}
RESTORED = {mark: ("\n" if ch == "n" else ch) for ch, mark in PLACEHOLDERS.items()}
ESCAPE_RE = re.compile(r"\\([\\~=#{}:n])")
PLACEHOLDER_RE = re.compile("[" + "".join(PLACEHOLDERS.values()) + "]")
FORMAT_RE = re.compile(r"^\[(html|moodle|plain|markdown)\]")
WEIGHT_RE = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
TRUE_FALSE_ANSWERS = {"T": True, "TRUE": True, "F": False, "FALSE": False}
CATEGORY_MARK = "$CATEGORY:"
TAG_RE = re.compile(r"\[tag:([^\]]+)\]")
BLANK = "_____"


@dataclass
class _Block:
    """One question's lines (comments left out), with the file line of each."""

    text: str
    rows: list[int]
    tags: list[str] = field(default_factory=list)  # from `// [tag:…]` comments before or among its lines

    def line_at(self, position: int) -> int:
        return self.rows[self.text.count("\n", 0, position)]


@dataclass
class _Answer:
    mark: str  # "=", "~" or "" (an answer written without a mark)
    credit: Decimal | None  # from %n%, when given
    body: str  # still protected
    feedback: str  # still protected
    line: int


def parse_gift(text: str) -> ParseResult:
    result = ParseResult()
    if problem := too_big(len(text.encode("utf-8", "surrogatepass"))):
        result.problems.append(problem)
        return result
    category = ""
    for block in _blocks(text.lstrip("\ufeff")):
        if block.text.lstrip().startswith(CATEGORY_MARK):
            category = our_category(block.text.lstrip().split("\n", 1)[0][len(CATEGORY_MARK) :])
            rest = block.text.split("\n", 1)[1] if "\n" in block.text else ""
            if not rest.strip():
                continue
            block = _Block(rest, block.rows[1:], block.tags)
        if PLACEHOLDER_RE.search(block.text):
            result.problem(block.rows[0], "the text holds a Unicode noncharacter (U+FDD0–U+FDD7)")
            continue
        _read_question(_Block(_protect(block.text), block.rows, block.tags), category, result)
    return result


def _blocks(text: str) -> Iterator[_Block]:
    """Blank lines end a question; comment lines are left out without ending one (their tags kept)."""
    lines: list[str] = []
    rows: list[int] = []
    tags: list[str] = []
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        if line.strip().startswith("//"):
            tags += [tag.strip() for tag in TAG_RE.findall(line) if tag.strip() and tag.strip() not in tags]
            continue
        if line.strip():
            lines.append(line)
            rows.append(number)
        elif lines:
            yield _Block("\n".join(lines), rows, tags)
            lines, rows, tags = [], [], []
    if lines:
        yield _Block("\n".join(lines), rows, tags)


def _protect(text: str) -> str:
    return ESCAPE_RE.sub(lambda m: PLACEHOLDERS[m.group(1)], text)


def _restore(text: str) -> str:
    return PLACEHOLDER_RE.sub(lambda m: RESTORED[m.group(0)], text)


def _text(protected: str) -> str:
    """A part of a question as the bank keeps it: trimmed, its format prefix dropped, unescaped."""
    text = protected.strip()
    text = FORMAT_RE.sub("", text, count=1).strip()
    return _restore(text)


def _read_question(block: _Block, category: str, result: ParseResult) -> None:
    t, line = block.text, block.rows[0]
    start = len(t) - len(t.lstrip())
    name = ""
    if t.startswith("::", start):
        end = t.find("::", start + 2)
        if end < 0:
            result.problem(line, "the question name is not closed with '::'")
            return
        name, start = _restore(t[start + 2 : end]).strip(), end + 2
    braces = _find_braces(block, start, result)
    if braces is None:
        return
    if braces == ():
        result.skip(line, "description", "text without answers is a description, not a question")
        return
    opening, closing = braces
    before, after = t[start:opening], t[closing + 1 :]
    question = QuestionData(kind="", text="", name=name, category=category, tags=list(block.tags), line=line)
    question.text = _text(before + BLANK + after if after.strip() else before)
    answers = t[opening + 1 : closing]
    general = answers.find("####")
    if general >= 0:
        question.explanation = _text(answers[general + 4 :])
        answers = answers[:general]
    _read_answers(question, answers, block, opening + 1, result)


def _find_braces(block: _Block, start: int, result: ParseResult) -> tuple[int, int] | tuple[()] | None:
    """Where the answers open and close; () when there are none; None after a problem."""
    t = block.text
    opening, closing = t.find("{", start), t.find("}", start)
    if opening < 0 and closing < 0:
        return ()
    if closing >= 0 and (opening < 0 or closing < opening):
        result.problem(block.line_at(closing), "'}' without '{' (write \\} for a brace in text)")
        return None
    if closing < 0:
        result.problem(block.line_at(opening), "unclosed '{'")
        return None
    inner = t.find("{", opening + 1, closing)
    if inner >= 0:
        result.problem(block.line_at(inner), "'{' inside the answers (write \\{ for a brace in text)")
        return None
    extra = min((i for i in (t.find("{", closing), t.find("}", closing + 1)) if i >= 0), default=-1)
    if extra >= 0:
        result.problem(block.line_at(extra), "a question has one set of answers (write \\{ and \\} for braces in text)")
        return None
    return opening, closing


def _read_answers(question: QuestionData, answers: str, block: _Block, offset: int, result: ParseResult) -> None:
    """Tell the question's type as Moodle does, then read its answers."""
    body = answers.strip()
    offset += len(answers) - len(answers.lstrip())
    if not body:
        result.skip(question.line, "essay", "essay questions are marked by hand; the bank has no such type")
    elif body.startswith("#"):
        _read_numeric(question, body[1:], block, offset + 1, result)
    elif "~" in body:
        _read_choice(question, body, block, offset, result)
    elif _is_matching(body):
        result.skip(question.line, "matching", "the bank has no matching questions")
    elif body.split("#", 1)[0].strip() in TRUE_FALSE_ANSWERS:
        _read_true_false(question, body, result)
    else:
        _read_short(question, body, block, offset, result)


def _is_matching(body: str) -> bool:
    """Two or more answers, each pairing an item with its match (`=cat -> cat food =dog -> dog food`).

    GIFT cannot escape "->", so a short-answer question reads as one unless every one of its
    two or more answers holds an arrow."""
    pairs = [part.split("#", 1)[0] for part in body.split("=") if part.strip()]
    return "=" in body and len(pairs) >= 2 and all("->" in pair for pair in pairs)


def _split(body: str, block: _Block, offset: int, marks: str = "=~") -> list[_Answer]:
    """Cut the answers at each mark; an answer before the first mark has the mark "".

    In a choice question Moodle reads no %weight% after "=" (the answer is right, as written)."""
    cuts = [m.start() for m in re.finditer(f"[{re.escape(marks)}]", body)]
    pieces = []
    if not cuts or body[: cuts[0]].strip():
        pieces.append(("", 0, body[: cuts[0]] if cuts else body))
    for i, cut in enumerate(cuts):
        end = cuts[i + 1] if i + 1 < len(cuts) else len(body)
        pieces.append((body[cut], cut + 1, body[cut + 1 : end]))
    choice = "~" in marks
    return [
        _answer(mark, text, block.line_at(offset + at), weighted=not (choice and mark == "="))
        for mark, at, text in pieces
    ]


def _answer(mark: str, text: str, line: int, *, weighted: bool) -> _Answer:
    text = text.strip()
    credit = None
    if weighted and (weight := WEIGHT_RE.match(text)):
        credit, text = Decimal(weight.group(1)), text[weight.end() :]
    body, _, feedback = text.partition("#")
    return _Answer(mark, credit, body, feedback, line)


def _read_choice(question: QuestionData, body: str, block: _Block, offset: int, result: ParseResult) -> None:
    answers = _split(body, block, offset)
    if answers[0].mark == "":
        result.problem(answers[0].line, "start each answer of a choice question with '=' or '~'")
        return
    question.kind = SINGLE if any(a.mark == "=" for a in answers) else MULTIPLE
    for answer in answers:
        credit = FULL_CREDIT if answer.mark == "=" else answer.credit or Decimal(0)
        question.options.append(ChoiceData(_text(answer.body), credit, _text(answer.feedback)))
    result.add(question)


def _read_true_false(question: QuestionData, body: str, result: ParseResult) -> None:
    """`{TRUE#a#b}`: a is the feedback for a wrong answer, b for a right one."""
    head, _, feedback = body.partition("#")
    wrong, _, right = feedback.partition("#")
    is_true = TRUE_FALSE_ANSWERS[head.strip()]
    right_option = ChoiceData("True" if is_true else "False", FULL_CREDIT, _text(right))
    wrong_option = ChoiceData("False" if is_true else "True", Decimal(0), _text(wrong))
    question.kind = TRUE_FALSE
    question.options = [right_option, wrong_option] if is_true else [wrong_option, right_option]
    result.add(question)


def _read_short(question: QuestionData, body: str, block: _Block, offset: int, result: ParseResult) -> None:
    question.kind = SHORT
    feedback = False
    for answer in _split(body, block, offset, marks="="):
        text = _text(answer.body)
        feedback = feedback or bool(answer.feedback.strip())
        if answer.credit is None or answer.credit == FULL_CREDIT:
            question.accepted_answers.append(text)
        else:
            result.warn(answer.line, left_out(text, answer.credit))
    if feedback:
        result.warn(question.line, "answer feedback is not kept for short-answer questions")
    result.add(question)


def _read_numeric(question: QuestionData, body: str, block: _Block, offset: int, result: ParseResult) -> None:
    """`{#3.5:0.5}`, `{#1..5}` (the middle, give or take half the range), `{#=3:0 =%50%3:1}`."""
    question.kind = NUMERIC
    body, tilde, wrong_feedback = body.partition("~")
    if tilde and wrong_feedback.strip():
        result.warn(question.line, "feedback for wrong answers is not kept for numeric questions")
    feedback, problems = False, len(result.problems)
    for answer in _split(body, block, offset, marks="="):
        value = _numeric_value(answer, result)
        feedback = feedback or bool(answer.feedback.strip())
        if value is None:
            continue
        credit = FULL_CREDIT if answer.credit is None else answer.credit
        if credit == FULL_CREDIT and question.numeric_answer is None:
            question.numeric_answer, question.tolerance = value
        else:
            result.warn(answer.line, left_out(_text(answer.body), credit))
    if feedback:
        result.warn(question.line, "answer feedback is not kept for numeric questions")
    if len(result.problems) == problems:
        result.add(question)


def _numeric_value(answer: _Answer, result: ParseResult) -> tuple[float, float] | None:
    """(answer, tolerance), or None after a problem (or for Moodle's catch-all "*", warned)."""
    written = _restore(answer.body).strip()
    if written == "*":
        result.warn(answer.line, "the catch-all answer '*' is left out")
        return None
    if ".." in written:
        low, high = (parse_number(part) for part in written.split("..", 1))
        if low is None or high is None or high < low:
            result.problem(answer.line, f"numeric range '{written}' is not two numbers, low..high")
            return None
        return (low + high) / 2, (high - low) / 2
    value_text, _, tolerance_text = written.partition(":")
    value, tolerance = parse_number(value_text), parse_number(tolerance_text or "0")
    if value is None:
        result.problem(answer.line, f"numeric answer '{value_text.strip()}' is not a number")
        return None
    if tolerance is None or tolerance < 0:
        result.problem(answer.line, f"tolerance '{tolerance_text.strip()}' is not a number of zero or more")
        return None
    return value, tolerance


# Writing


def write_gift(questions: Iterable[QuestionData]) -> str:
    """GIFT that Moodle imports and parse_gift reads back to the same questions.

    Text is written as Markdown, every special character escaped and line breaks as \\n,
    so each question's text stays on one line however it was written."""
    chunks = []
    category = None
    for question in questions:
        if question.category != category:
            category = question.category
            chunks.append(f"{CATEGORY_MARK} {moodle_category(category)}\n")
        tags = " ".join(f"[tag:{tag}]" for tag in question.tags if "]" not in tag and "\n" not in tag)
        chunks.append((f"// {tags}\n" if tags else "") + _write_question(question) + "\n")
    return "\n".join(chunks)


def _write_question(q: QuestionData) -> str:
    head = f"::{_escape(question_name(q))}::[markdown]{_escape(q.text)}"
    lines = {
        SINGLE: _write_choices,
        MULTIPLE: _write_choices,
        TRUE_FALSE: _write_true_false,
        SHORT: _write_short,
        NUMERIC: _write_numeric,
    }[q.kind](q)
    if q.explanation:
        lines.append("####" + _part(q.explanation))
    return head + "{\n" + "".join(f"\t{line}\n" for line in lines) + "}"


def _write_choices(q: QuestionData) -> list[str]:
    # One right option is marked "=", the rest "~": a "~" makes it a choice question, an "="
    # single choice, and "~%100%" gives any further option its full credit.
    right = next((option for option in q.options if option.credit == FULL_CREDIT), None) if q.kind == SINGLE else None
    lines = []
    for option in q.options:
        if option is right:
            mark = "="
        elif q.kind == SINGLE and option.credit == 0 and not option.text.startswith("%"):
            mark = "~"
        else:  # a multiple-choice question has no "=", or it would read back as single choice
            mark = f"~%{credit_text(option.credit)}%"
        lines.append(mark + _part(option.text) + _feedback(option.feedback))
    return lines


def _write_true_false(q: QuestionData) -> list[str]:
    right = max(q.options, key=lambda option: option.credit)
    wrong = next((option for option in q.options if option is not right), ChoiceData("", Decimal(0)))
    answer = "TRUE" if right.text == "True" else "FALSE"
    if right.feedback:
        return [f"{answer}#{_part(wrong.feedback)}#{_part(right.feedback)}"]
    return [answer + _feedback(wrong.feedback)]


def _write_short(q: QuestionData) -> list[str]:
    # "=%50%x" would read as half credit: an answer starting with % says its 100 % outright.
    return [("=%100%" if answer.startswith("%") else "=") + _part(answer) for answer in q.accepted_answers]


def _write_numeric(q: QuestionData) -> list[str]:
    return [f"#{number_text(q.numeric_answer)}:{number_text(q.tolerance)}"]


def _feedback(feedback: str) -> str:
    return "#" + _part(feedback) if feedback else ""


def _part(text: str) -> str:
    """An answer, feedback or general feedback; marked as Markdown only where its text
    starts like a format prefix, which would otherwise be read as one."""
    prefix = "[markdown]" if FORMAT_RE.match(text) else ""
    return prefix + _escape(text)


def _escape(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    escaped = "".join("\\" + ch if ch in SPECIAL else ch for ch in text)
    return escaped.replace("\n", "\\n")
