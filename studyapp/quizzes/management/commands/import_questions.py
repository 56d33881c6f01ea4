"""`manage.py import_questions FILE`: bring a GIFT or Moodle XML question bank into the bank."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from studyapp.accounts.roles import INSTRUCTORS_GROUP
from studyapp.quizzes.question_transfer import guess_format, import_questions, read_file


class Command(BaseCommand):
    help = (
        "Import questions from a GIFT or Moodle XML file as approved questions of an instructor. A file with "
        "any problem imports nothing and exits non-zero; questions of types the bank lacks are listed as skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--category", default="", help="Put the file's categories inside this category.")
        parser.add_argument("--owner", help="The instructor who owns them (default: the only instructor).")
        parser.add_argument("--format", choices=["gift", "xml"], help="Default: from the file's name and content.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would be imported; save nothing.")

    def handle(self, *args, file: Path, category: str, owner: str | None, format: str | None, dry_run: bool, **kw):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
        result = read_file(data, format or guess_format(file.name, data))
        for question in result.questions:
            self.stdout.write(f"{file}:{question.line}: {question.kind}: {question.text[:70]}")
        for skipped in result.skipped:
            self.stdout.write(f"{file}:{skipped.line}: skipped {skipped.kind}: {skipped.reason}")
        for warning in result.warnings:
            self.stdout.write(f"{file}:{warning.line}: warning: {warning.message}")
        if result.problems:
            for problem in result.problems:
                self.stderr.write(f"{file}:{problem.line}: {problem.message}")
            raise CommandError(f"{len(result.problems)} problem(s) in {file}: nothing imported.")
        if dry_run:
            self.stdout.write(f"Dry run: {len(result.questions)} question(s) would be imported; nothing saved.")
            return
        summary = import_questions(result, self._owner(owner), base_category=category)
        self.stdout.write(
            f"Imported {len(summary.created)} question(s); skipped {summary.skipped}; {summary.warnings} warning(s)."
        )

    @staticmethod
    def _owner(username: str | None):
        instructors = get_user_model().objects.filter(groups__name=INSTRUCTORS_GROUP)
        if username:
            try:
                return instructors.get(username=username)
            except get_user_model().DoesNotExist:
                raise CommandError(f"No instructor named {username!r}.") from None
        found = list(instructors[:2])
        if len(found) != 1:
            raise CommandError("Name the instructor who will own the questions with --owner USERNAME.")
        return found[0]
