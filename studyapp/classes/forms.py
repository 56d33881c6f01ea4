"""Forms of the classes app: a class's name, and the code a learner types to join."""

import re
from datetime import date, timedelta

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from studyapp.content.models import Topic

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


class ClassExamForm(forms.ModelForm):
    """A class's exam: a day after today (typed, or a quiz's closing day), the recall wanted, its topics."""

    quiz = forms.TypedChoiceField(
        label="Or the day a quiz closes",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="Takes the quiz's closing day as the exam date.",
    )
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked for every topic of the class.",
    )

    class Meta:
        model = ClassExam
        fields = ["day", "quiz", "target", "topics"]
        labels = {"day": "Exam date", "target": "Recall wanted on the day"}
        widgets = {"day": forms.DateInput(attrs={"type": "date"}), "target": forms.NumberInput(attrs={"step": "0.01"})}

    def __init__(self, *args, klass: Class, today: date, zone, **kwargs):
        super().__init__(*args, **kwargs)
        self.today, self.zone = today, zone
        self.fields["day"].required = False
        self.fields["day"].widget.attrs["min"] = (today + timedelta(days=1)).isoformat()
        self.fields["topics"].queryset = Topic.objects.seen_by_class(klass)
        # The class's quizzes, through their relation to classes (the quizzes app sits above this one).
        self.closing = {quiz.pk: quiz for quiz in klass.quizzes.filter(closes_at__isnull=False).order_by("closes_at")}
        self.fields["quiz"].choices = [(None, "—")] + [
            (pk, f"{quiz.title} (closes {quiz.closes_at.astimezone(zone):%a %d %b})")
            for pk, quiz in self.closing.items()
        ]
        target = ClassExam._meta.get_field("target")
        for validator in target.validators:
            if isinstance(validator, MinValueValidator):
                self.fields["target"].widget.attrs["min"] = validator.limit_value
            if isinstance(validator, MaxValueValidator):
                self.fields["target"].widget.attrs["max"] = validator.limit_value
        self.fields["target"].help_text = "The chance each learner remembers each card on the day, 0.70 to 0.99."

    def clean(self):
        cleaned = super().clean()
        quiz = self.closing.get(cleaned.get("quiz"))
        if quiz is not None:
            cleaned["day"] = quiz.closes_at.astimezone(self.zone).date()
        day = cleaned.get("day")
        if day is None and "day" not in self.errors:
            self.add_error("day", "Give the exam date, or choose a quiz whose closing day it is.")
        elif day is not None and day <= self.today:
            self.add_error("day", "Choose a day after today: an exam today or before changes no schedule.")
        return cleaned

    def save(self, commit: bool = True) -> ClassExam:
        self.instance.all_topics = not self.cleaned_data["topics"]
        return super().save(commit=commit)
