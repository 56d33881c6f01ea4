"""Questions in and out of the bank, in Moodle's formats (GIFT and Moodle XML).

`read_file` parses an upload into neutral question data (`formats`), with every problem,
skipped question and warning by line; `import_questions` stores a clean result in one
transaction (nothing when the file has any problem); `export_data` and `write` turn bank
questions back into a file. The bank pages and the `import_questions` / `export_questions`
commands share these, so the browser and scripts import alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, QuerySet

from .formats import MAX_CATEGORY, ChoiceData, ParseResult, Problem, QuestionData, too_big
from .formats.gift import parse_gift, write_gift
from .formats.moodle_xml import parse_moodle_xml, write_moodle_xml
from .models import CHOICE_KINDS, Category, Option, Pool, Question, Tag

GIFT, XML = "gift", "xml"
FORMATS = {GIFT: "GIFT (.gift, .txt)", XML: "Moodle XML (.xml)"}
SUFFIX = {GIFT: "gift", XML: "xml"}
CONTENT_TYPE = {GIFT: "text/plain; charset=utf-8", XML: "application/xml; charset=utf-8"}


def guess_format(filename: str, data: bytes) -> str:
    """XML when the name or the first bytes say so; GIFT otherwise (it is plain text)."""
    if filename.lower().endswith(".xml") or data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return XML
    return GIFT


def read_file(data: bytes, file_format: str) -> ParseResult:
    """Parse an uploaded file; size and encoding problems come back as problems on line 1."""
    if problem := too_big(len(data)):
        return ParseResult(problems=[problem])
    if file_format == XML:
        return parse_moodle_xml(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return ParseResult(problems=[Problem(line, "the file is not UTF-8 text (save it as UTF-8 and try again)")])
    return parse_gift(text)


def full_category(base: str, path: str) -> str:
    """The file's category path inside `base` (the category chosen for the import, if any)."""
    return "/".join(part.strip() for part in (base, path) if part and part.strip())


@dataclass
class ImportSummary:
    created: list[Question]
    skipped: int
    warnings: int


def import_questions(result: ParseResult, owner, *, base_category: str = "") -> ImportSummary:
    """Store every question of a clean parse as the owner's approved questions; all or nothing."""
    if result.problems:
        raise ValueError("A file with problems is not imported.")
    paths = {full_category(base_category, q.category) for q in result.questions} - {""}
    if any(len(path) > MAX_CATEGORY for path in paths):
        raise ValueError(f"A category path would be longer than {MAX_CATEGORY} characters.")
    with transaction.atomic():
        categories = _categories(paths)
        tags = _tags({name for q in result.questions for name in q.tags})
        created = [_store(q, owner, categories, tags, base_category) for q in result.questions]
    return ImportSummary(created, len(result.skipped), len(result.warnings))


def _categories(paths: set[str]) -> dict[str, Category]:
    """The categories of these paths and of every level above them, made where missing."""
    wanted = {"/".join(path.split("/")[:depth]) for path in paths for depth in range(1, path.count("/") + 2)}
    existing = {c.name: c for c in Category.objects.filter(name__in=wanted)}
    missing = [Category(name=name) for name in sorted(wanted - existing.keys())]
    Category.objects.bulk_create(missing, ignore_conflicts=True)
    return {c.name: c for c in Category.objects.filter(name__in=wanted)}


def _tags(names: set[str]) -> dict[str, Tag]:
    Tag.objects.bulk_create([Tag(name=name) for name in names], ignore_conflicts=True)
    return {t.name: t for t in Tag.objects.filter(name__in=names)}


def _store(data: QuestionData, owner, categories: dict, tags: dict, base_category: str) -> Question:
    question = Question.objects.create(
        topic=None,
        category=categories.get(full_category(base_category, data.category)),
        kind=data.kind,
        text=data.text,
        explanation=data.explanation,
        accepted_answers=data.accepted_answers,
        numeric_answer=data.numeric_answer,
        tolerance=data.tolerance,
        status=Question.Status.APPROVED,
        author=owner,
    )
    if data.tags:
        question.tags.set([tags[name] for name in data.tags])
    best = max((o.credit for o in data.options), default=Decimal(0))
    Option.objects.bulk_create(
        [
            Option(
                question=question,
                text=o.text,
                credit=o.credit,
                feedback=o.feedback,
                is_correct=o.credit > 0 and (data.kind == "multiple" or o.credit == best),
                position=position,
            )
            for position, o in enumerate(data.options)
        ]
    )
    return question


# --- out ----------------------------------------------------------------------------------------


def exportable(questions: QuerySet[Question]) -> QuerySet[Question]:
    """The current, undiscarded questions, with what `export_data` reads, in category order."""
    return (
        questions.current()
        .exclude(status=Question.Status.DISCARDED)
        .select_related("category")
        .prefetch_related("options", "tags")
        .order_by("category__name", "id")
    )


def in_category(questions: QuerySet[Question], category: Category) -> QuerySet[Question]:
    return questions.filter(category.subtree())


def of_quiz(questions: QuerySet[Question], quiz) -> QuerySet[Question]:
    """A quiz's fixed questions and every question its random slots may draw (their pools read at once)."""
    slots = list(quiz.slots_for_plan())
    pools = [s.pool() for s in slots if not s.question_id]
    candidates = Pool.candidates(pools, quiz.usable_topics())
    drawable = set().union(*(pool.members(candidates) for pool in pools))
    return questions.filter(Q(pk__in=[s.question_id for s in slots if s.question_id]) | Q(pk__in=drawable))


def export_data(questions: Iterable[Question]) -> list[QuestionData]:
    return [_data(q) for q in questions]


def _data(question: Question) -> QuestionData:
    options = []
    if question.kind in CHOICE_KINDS:
        credits = question.option_credits()
        options = [
            ChoiceData(o.text, _percent(credits[o.pk]) if o.credit is None else o.credit, o.feedback)
            for o in question.options.all()
        ]
    return QuestionData(
        kind=question.kind,
        text=question.text,
        explanation=question.explanation,
        category=question.category.name if question.category else "",
        tags=[t.name for t in question.tags.all()],
        options=options,
        accepted_answers=list(question.accepted_answers),
        numeric_answer=question.numeric_answer,
        tolerance=question.tolerance,
    )


def _percent(share: float) -> Decimal:
    """A share (-1..1) as Moodle's percent, to the five places Moodle keeps (1/3 → 33.33333)."""
    return Decimal(str(round(share * 100, 5))).normalize()


def write(data: list[QuestionData], file_format: str) -> str:
    return write_moodle_xml(data) if file_format == XML else write_gift(data)
