"""`manage.py export_questions --format gift|xml`: the bank (or one category of it) as a file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from studyapp.quizzes.models import Category, Question
from studyapp.quizzes.question_transfer import export_data, exportable, in_category, write


class Command(BaseCommand):
    help = "Export the current, undiscarded questions of the bank (or of one category and those inside it)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["gift", "xml"], required=True)
        parser.add_argument("--category", help="Only this category and the categories inside it.")
        parser.add_argument("--output", type=Path, help="Write to this file (default: standard output).")

    def handle(self, *args, format: str, category: str | None, output: Path | None, **kwargs):
        questions = Question.objects.all()
        if category:
            try:
                questions = in_category(questions, Category.objects.get(name=category))
            except Category.DoesNotExist:
                raise CommandError(f"No category named {category!r}.") from None
        data = export_data(exportable(questions))
        text = write(data, format)
        if output:
            output.write_text(text, encoding="utf-8")
            self.stderr.write(f"Exported {len(data)} question(s) to {output}.")
        else:
            self.stdout.write(text, ending="")
