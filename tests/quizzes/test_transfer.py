"""Questions in and out: GIFT and Moodle XML through the bank's pages and the management commands."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from studyapp.quizzes.models import Category, Question, Slot
from studyapp.quizzes.question_transfer import export_data, exportable, import_questions, read_file, write
from tests.quizzes.factories import QuestionFactory, QuizFactory

pytestmark = pytest.mark.django_db

GIFT = """\
// A small bank written as Moodle's documentation shows.
$CATEGORY: $course$/top/Lambda/Limits

::timeout::What is the longest a Lambda function may run? {
  =15 minutes#Right: 900 seconds.
  ~5 minutes#That was the limit long ago.
  ~1 hour
}

::memory:: Which settings scale CPU with them? {
  ~%100%Memory
  ~%-100%Timeout
  ~%-100%Reserved concurrency
}

Lambda is billed per millisecond. {T}

Name the event source that polls a queue. {=SQS =Amazon SQS}

How many seconds in 15 minutes? {#900:0}

::essay:: Explain cold starts. {}
"""


def parsed(text: str = GIFT):
    return read_file(text.encode(), "gift")


def test_a_gift_file_is_stored_as_approved_questions_in_its_categories(instructor):
    result = parsed()
    assert [s.kind for s in result.skipped] and not result.problems
    summary = import_questions(result, instructor, base_category="From Moodle")
    assert len(summary.created) == 5 and summary.skipped == 1
    assert set(Category.objects.values_list("name", flat=True)) == {
        "From Moodle",
        "From Moodle/Lambda",
        "From Moodle/Lambda/Limits",
    }
    single = Question.objects.get(kind="single")
    assert (single.topic, single.status, single.author, single.category.name) == (
        None,
        "approved",
        instructor,
        "From Moodle/Lambda/Limits",
    )
    right = single.options.get(text="15 minutes")
    assert right.is_correct and right.credit == 100 and right.feedback == "Right: 900 seconds."
    multiple = Question.objects.get(kind="multiple")
    assert [(o.text, o.is_correct, o.credit) for o in multiple.options.all()] == [
        ("Memory", True, Decimal(100)),
        ("Timeout", False, Decimal(-100)),
        ("Reserved concurrency", False, Decimal(-100)),
    ]


def test_export_then_import_gives_the_same_questions(instructor, other_instructor):
    import_questions(parsed(), instructor)
    mine = list(Question.objects.all())
    for file_format in ("gift", "xml"):
        text = write(export_data(exportable(Question.objects.filter(pk__in=[q.pk for q in mine]))), file_format)
        again = import_questions(read_file(text.encode(), file_format), other_instructor).created
        assert _shape(again) == _shape(mine)


def test_our_own_questions_export_with_moodles_fractions_for_our_rule(instructor):
    question = QuestionFactory(
        author=instructor, kind="multiple", options=[("A", True), ("B", True), ("C", False), ("D", False)]
    )
    text = write(export_data(exportable(Question.objects.filter(pk=question.pk))), "gift")
    assert "~%50%A" in text and "~%-50%C" in text
    again = import_questions(read_file(text.encode(), "gift"), instructor).created[0]
    for picks, expected in [(["A", "B"], 1.0), (["A"], 0.5), (["A", "C"], 0.0)]:
        response = type("R", (), {"selected": [o.pk for o in again.options.all() if o.text in picks]})
        original = type("R", (), {"selected": [o.pk for o in question.options.all() if o.text in picks]})
        assert again.fraction(response) == question.fraction(original) == expected


def _shape(questions):
    return sorted(
        (
            q.kind,
            q.text,
            q.explanation,
            q.category.name if q.category else "",
            tuple((o.text, o.credit, o.feedback, o.is_correct) for o in q.options.all()),
            tuple(q.accepted_answers),
            q.numeric_answer,
            q.tolerance,
        )
        for q in questions
    )


def test_a_malformed_file_names_each_problem_by_line_and_saves_nothing(instructor_client):
    bad = "Good one? {=yes ~no}\n\nBroken? {=yes ~no\n\nNo right answer? {~a ~b}\n"
    upload = SimpleUploadedFile("bank.gift", bad.encode())
    response = instructor_client.post(reverse("quizzes:import"), {"file": upload})
    assert response.status_code == 200 and "Nothing can be imported" in response.text
    assert "line 3" in response.text and "line 5" in response.text
    assert 'name="confirm"' not in response.text
    assert not Question.objects.exists()


def test_the_preview_saves_nothing_and_confirming_imports_the_same_text(instructor_client, instructor):
    upload = SimpleUploadedFile("bank.txt", GIFT.encode())
    preview = instructor_client.post(reverse("quizzes:import"), {"file": upload, "category": " From Moodle / "})
    assert preview.status_code == 200 and not Question.objects.exists()
    assert "5 questions ready to import" in preview.text and "line 22" in preview.text  # the skipped essay
    confirm = {"content": GIFT.replace("\n", "\r\n"), "file_format": "gift", "category": "From Moodle", "confirm": "1"}
    done = instructor_client.post(reverse("quizzes:import"), confirm, follow=True)
    assert "Imported 5 questions" in done.text
    assert Question.objects.filter(author=instructor, category__name__startswith="From Moodle/").count() == 5


def test_the_preview_address_opened_again_is_the_import_page(instructor_client):
    response = instructor_client.get(reverse("quizzes:import"))
    assert response.status_code == 302 and response.url == reverse("quizzes:transfer")


def test_an_upload_is_required_and_bounded(instructor_client):
    response = instructor_client.post(reverse("quizzes:import"), {})
    assert "Choose a file to import." in response.text
    big = SimpleUploadedFile("big.gift", b"x" * (2 * 1024 * 1024 + 1))
    assert "larger than 2 MB" in instructor_client.post(reverse("quizzes:import"), {"file": big}).text


def test_learners_cannot_import_or_export(learner_client):
    assert learner_client.get(reverse("quizzes:transfer")).status_code == 403
    assert learner_client.post(reverse("quizzes:import"), {"content": GIFT}).status_code == 403
    assert learner_client.get(reverse("quizzes:export"), {"file_format": "gift"}).status_code == 403


def test_export_of_a_category_and_of_a_quiz(instructor_client, instructor):
    import_questions(parsed(), instructor)
    lonely = QuestionFactory(author=instructor, text="In no category?")
    response = instructor_client.get(reverse("quizzes:export"), {"file_format": "xml", "category": "Lambda"})
    assert response["Content-Disposition"] == 'attachment; filename="lambda.xml"'
    assert response.content.count(b'<question type="multichoice">') == 2 and b"In no category" not in response.content
    quiz = QuizFactory(instructor=instructor, questions=[lonely])
    response = instructor_client.get(reverse("quizzes:export"), {"file_format": "gift", "quiz": quiz.pk})
    assert b"In no category" in response.content and b"Lambda function" not in response.content


def test_another_instructors_quiz_cannot_be_exported(instructor_client, other_instructor):
    quiz = QuizFactory(instructor=other_instructor)
    response = instructor_client.get(reverse("quizzes:export"), {"file_format": "gift", "quiz": quiz.pk})
    assert response.status_code == 200 and "Select a valid choice" in response.text


def test_the_import_command_imports_reports_by_line_and_refuses_a_malformed_file(tmp_path, instructor):
    good = tmp_path / "bank.gift"
    good.write_text(GIFT)
    out = StringIO()
    call_command("import_questions", str(good), "--dry-run", stdout=out)
    assert "bank.gift:22: skipped" in out.getvalue() and not Question.objects.exists()
    call_command("import_questions", str(good), "--owner", instructor.username, "--category", "CLI", stdout=out)
    assert "Imported 5 question(s); skipped 1" in out.getvalue()
    bad = tmp_path / "bad.gift"
    bad.write_text("Broken? {=yes ~no\n")
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_questions", str(bad), stdout=StringIO(), stderr=StringIO())
    assert Question.objects.count() == 5


def test_the_export_command_writes_a_file_the_import_command_reads_back(tmp_path, instructor):
    import_questions(parsed(), instructor)
    target = tmp_path / "out.xml"
    call_command("export_questions", "--format", "xml", "--category", "Lambda/Limits", "--output", str(target))
    assert target.read_text().count("<question type=") >= 5
    with pytest.raises(CommandError, match="No category"):
        call_command("export_questions", "--format", "gift", "--category", "Nope")


def test_a_random_slot_of_an_imported_category_draws_them(instructor, learner):
    import_questions(parsed(), instructor)
    quiz = QuizFactory(instructor=instructor, learners=[learner])
    Slot.objects.create(quiz=quiz, random_count=5, random_category=Category.objects.get(name="Lambda"), position=1)
    assert quiz.plan().problems() == []
