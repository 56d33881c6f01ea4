"""Forms of the classes app: a class's name, and the code a learner types to join."""

import re
from datetime import date

from django import forms

from studyapp.content.models import Topic
from studyapp.lib.exams import ExamForm

from .models import CODE_LENGTH, Class, ClassExam


class ClassForm(forms.ModelForm):
    class Meta:
        model = Class
        fields = ["name", "description"]
        labels = {"name": "Class name", "description": "Description (optional)"}
        widgets = {"description": forms.TextInput(attrs={"placeholder": "e.g. Evening cohort, spring term"})}


class JoinForm(forms.Form):
    code = forms.CharField(
        # Room for the spaces and dashes that clean_code forgives; a pasted join link is longer.
        label="Join code",
        max_length=20,
        error_messages={
            "max_length": f"A join code has {CODE_LENGTH} characters. "
            "Was it a join link? Open that in the address bar instead."
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
        help_text=f"The {CODE_LENGTH}-character code your instructor shared.",
    )

    def clean_code(self) -> Class:
        """Cleans into the class itself; spaces, dashes and case are forgiven."""
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"]).upper()
        klass = Class.objects.select_related("instructor").filter(join_code=code).first()
        if klass is None:
            raise forms.ValidationError("No class has that code. Check it with your instructor.")
        return klass


class ClassExamForm(ExamForm):
    """A class's exam: a day after today (typed, or a quiz's closing day), the recall wanted, its topics."""

    quiz = forms.TypedChoiceField(
        label="Or the day a quiz closes",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="Takes the quiz's closing day as the exam date.",
    )

    class Meta:
        model = ClassExam
        fields = ["day", "quiz", "target", "topics"]
        labels = ExamForm.LABELS
        help_texts = {
            "target": "The chance each learner remembers each card on the day, {min:.2f} to {max:.2f}.",
            "topics": "Leave all unticked for every topic of the class.",
        }
        widgets = ExamForm.WIDGETS

    def __init__(self, *args, klass: Class, today: date, zone, **kwargs):
        super().__init__(*args, today=today, **kwargs)
        self.zone = zone
        self.fields["day"].required = False
        self.fields["topics"].queryset = Topic.objects.seen_by_class(klass)
        # The class's quizzes, through their relation to classes (the quizzes app sits above this one).
        self.closing = {quiz.pk: quiz for quiz in klass.quizzes.filter(closes_at__isnull=False).order_by("closes_at")}
        self.fields["quiz"].choices = [(None, "—")] + [
            (pk, f"{quiz.title} (closes {quiz.closes_at.astimezone(zone):%a %d %b})")
            for pk, quiz in self.closing.items()
        ]

    def clean(self):
        """A chosen quiz's closing day stands for the typed day; one of the two is needed."""
        quiz = self.closing.get(self.cleaned_data.get("quiz"))
        if quiz is not None:
            self.cleaned_data["day"] = quiz.closes_at.astimezone(self.zone).date()
        cleaned = super().clean()
        if cleaned.get("day") is None and "day" not in self.errors:
            self.add_error("day", "Give the exam date, or choose a quiz whose closing day it is.")
        return cleaned
