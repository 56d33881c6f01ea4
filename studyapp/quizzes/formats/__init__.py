"""Question banks in Moodle's formats (GIFT and Moodle XML): the neutral data both read and write.

Pure Python, no Django: a parser turns a file into QuestionData plus the problems that
stop the import, the questions of types we do not have (skipped, never dropped silently)
and warnings about what was changed on the way in. The bounds below are those of the
question bank's fields, so whatever a parser accepts can be stored as it is.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal

SINGLE, MULTIPLE, TRUE_FALSE, SHORT, NUMERIC = "single", "multiple", "true_false", "short", "numeric"
KINDS = (SINGLE, MULTIPLE, TRUE_FALSE, SHORT, NUMERIC)
CHOICE_KINDS = (SINGLE, MULTIPLE, TRUE_FALSE)

MAX_QUESTION_TEXT = 2000
MAX_EXPLANATION = 4000
MAX_OPTION_TEXT = 300
MAX_OPTION_FEEDBACK = 1000
MAX_SHORT_ANSWER = 200  # a learner's answer is at most this long, so a longer one could never match
MAX_OPTIONS = 20  # also the most accepted answers of a short-answer question
MAX_CATEGORY = 200
MAX_TAG = 50
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_QUESTIONS = 2000
TOO_MANY = f"the file holds more than {MAX_QUESTIONS} questions"
MAX_NAME = 60  # characters of the text an exported question's name is made of

FULL_CREDIT = Decimal(100)
# Moodle's top-level category prefixes: a path is ours from what follows them.
CONTEXT_RE = re.compile(r"^\$(?:course|system|module|coursecategory|cat\d*)\$/?")
# A plain decimal number as Moodle writes one ("3.5", "-2", "1e-05"); Python's float() would
# also take "nan", "inf" and "1_000", which are no answer.
NUMBER_RE = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


@dataclass
class ChoiceData:
    text: str  # Markdown/HTML as in the file, unescaped
    credit: Decimal  # percent of the question's points, -100..100 (Moodle's answer fraction × 100)
    feedback: str = ""  # per-answer feedback


@dataclass
class QuestionData:
    kind: str  # one of KINDS
    text: str  # Markdown; HTML from a file is kept as is (it is sanitised when rendered)
    name: str = ""  # Moodle's question name (the bank has none; export makes one from the text)
    explanation: str = ""  # Moodle's general feedback
    category: str = ""  # a path, parts joined by "/", without "$course$/" and "top/"
    tags: list[str] = field(default_factory=list)
    options: list[ChoiceData] = field(default_factory=list)  # single, multiple, true_false
    accepted_answers: list[str] = field(default_factory=list)  # short: the answers worth 100 %
    numeric_answer: float | None = None
    tolerance: float = 0.0
    line: int = 0  # first line of the question in the file (1-based)


@dataclass
class Problem:
    """An error: the file cannot be imported while any exists. Also used for warnings."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class Skipped:
    """A question of a type the bank does not have (essay, matching, description, cloze...)."""

    line: int
    kind: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.kind} skipped ({self.reason})"


@dataclass
class ParseResult:
    questions: list[QuestionData] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # imported, but changed on the way in

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(line, message))

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(Problem(line, message))

    def skip(self, line: int, kind: str, reason: str) -> None:
        self.skipped.append(Skipped(line, kind, reason))

    def add(self, question: QuestionData) -> None:
        """Keep the question if it is sound and within bounds; otherwise record why not."""
        if len(self.questions) >= MAX_QUESTIONS:
            if not any(p.message == TOO_MANY for p in self.problems):  # said once, at the first too many
                self.problem(question.line, TOO_MANY)
            return
        messages = question_problems(question)
        self.problems.extend(Problem(question.line, message) for message in messages)
        if not messages:
            self.questions.append(question)


def too_big(size_in_bytes: int) -> Problem | None:
    if size_in_bytes > MAX_FILE_BYTES:
        return Problem(1, f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    return None


def question_problems(question: QuestionData) -> list[str]:
    """Why the bank could not store this question as it is (empty when it can)."""
    problems = _bound_problems(question)
    if not question.text.strip():
        problems.append("a question needs text")
    if question.kind in CHOICE_KINDS:
        problems += _choice_problems(question)
    elif question.kind == SHORT and not question.accepted_answers:
        problems.append("a short-answer question needs an answer worth 100 %")
    elif question.kind == NUMERIC:
        problems += _numeric_problems(question)
    return problems


def _bound_problems(q: QuestionData) -> list[str]:
    problems = []
    limits = [
        (q.text, MAX_QUESTION_TEXT, "the question text"),
        (q.explanation, MAX_EXPLANATION, "the general feedback"),
        (q.category, MAX_CATEGORY, "the category path"),
    ]
    limits += [(tag, MAX_TAG, f"the tag '{tag[:20]}…'") for tag in q.tags]
    for i, option in enumerate(q.options, 1):
        limits += [
            (option.text, MAX_OPTION_TEXT, f"option {i}"),
            (option.feedback, MAX_OPTION_FEEDBACK, f"option {i}'s feedback"),
        ]
    limits += [(answer, MAX_SHORT_ANSWER, f"the answer '{answer[:20]}…'") for answer in q.accepted_answers]
    for text, limit, what in limits:
        if len(text) > limit:
            problems.append(f"{what} is longer than {limit} characters")
    if len(q.options) > MAX_OPTIONS or len(q.accepted_answers) > MAX_OPTIONS:
        problems.append(f"a question can have at most {MAX_OPTIONS} answers")
    return problems


def _choice_problems(q: QuestionData) -> list[str]:
    problems = []
    if len(q.options) < 2:
        problems.append("a choice question needs at least two options")
    if any(not -FULL_CREDIT <= option.credit <= FULL_CREDIT for option in q.options):
        problems.append("an answer's grade must be between -100 % and 100 %")
    right = [o for o in q.options if (o.credit == FULL_CREDIT if q.kind != MULTIPLE else o.credit > 0)]
    if not right:
        problems.append("a choice question needs at least one right answer")
    if any(not option.text.strip() for option in q.options):
        problems.append("an option has no text")
    return problems


def _numeric_problems(q: QuestionData) -> list[str]:
    if q.numeric_answer is None:
        return ["a numeric question needs an answer worth 100 %"]
    if not (math.isfinite(q.numeric_answer) and math.isfinite(q.tolerance)):
        return ["a numeric answer must be a finite number"]
    if q.tolerance < 0:
        return ["a numeric answer's tolerance cannot be negative"]
    return []


def parse_number(text: str) -> float | None:
    """A number as Moodle writes one, or None ("abc", "nan" and "1e999" are none)."""
    text = text.strip()
    if not NUMBER_RE.match(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def number_text(value: float) -> str:
    """The shortest text that reads back as exactly this float ("3.5", "900", "1e-05")."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def credit_text(credit: Decimal) -> str:
    """A credit as Moodle writes fractions: "100", "33.33333", "-50"."""
    text = format(credit.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def left_out(answer: str, credit: Decimal) -> str:
    """The warning for an answer the bank has no room for (it keeps only fully right ones)."""
    return f"the answer '{answer}' worth {credit_text(credit)} % is left out (only answers worth 100 % are kept)"


def our_category(moodle_path: str) -> str:
    """ "$course$/top/Lambda/Cold starts" → "Lambda/Cold starts"."""
    path = CONTEXT_RE.sub("", moodle_path.strip())
    if path == "top" or path.startswith("top/"):
        path = path[3:]
    return "/".join(part.strip() for part in path.split("/") if part.strip())


def moodle_category(category: str) -> str:
    return f"$course$/top/{category}" if category else "$course$/top"


def question_name(question: QuestionData) -> str:
    """Moodle needs a name; ours is the question's own, or the start of its text on one line."""
    if question.name.strip():
        return question.name.strip()
    words = " ".join(question.text.split())
    if len(words) <= MAX_NAME:
        return words or "Question"
    return words[: MAX_NAME - 1].rstrip() + "…"
