"""What a learner's own exam and a class's exam share: the day, the recall wanted on it, and the form rules for both.

`study.ExamDate` and `classes.ClassExam` sit side by side and neither imports the other, so their
common part lives here. Each keeps its own owner and its own `topics` (their reverse names differ).
"""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from .form_bounds import bounds_of

NOT_AHEAD = "Choose a day after today: an exam today or before changes no schedule."


class ExamQuerySet(models.QuerySet):
    def upcoming(self, after: date) -> ExamQuerySet:
        """Exams after the day `after`, nearest first."""
        return self.filter(day__gt=after).order_by("day", "pk")


class ExamFields(models.Model):
    """An exam's day and the recall wanted on it; `all_topics` set: every topic its learners study."""

    day = models.DateField()
    target = models.FloatField(default=0.9, validators=[MinValueValidator(0.70), MaxValueValidator(0.99)])
    all_topics = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["day", "id"]


class ExamForm(forms.ModelForm):
    """An exam's day after `today`, its recall bounded by the model's rule, and its topics (none ticked: all).

    The target's help text may name the bounds as `{min:.2f}` and `{max:.2f}`; each form gives its
    `topics` the topics its learners may choose from.
    """

    LABELS = {"day": "Exam date", "target": "Recall wanted on the day"}
    WIDGETS = {
        "day": forms.DateInput(attrs={"type": "date"}),
        "target": forms.NumberInput(attrs={"step": "0.01"}),
        "topics": forms.CheckboxSelectMultiple,  # optional, as the models' `blank=True` makes it
    }

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["day"].widget.attrs["min"] = (today + timedelta(days=1)).isoformat()
        self.target_bounds = bounds_of(self._meta.model._meta.get_field("target"))
        self.fields["target"].widget.attrs.update(self.target_bounds)
        self.fields["target"].help_text = self.fields["target"].help_text.format(**self.target_bounds)

    def clean(self):
        """The one rule for every exam's day: after today, since an exam today or before changes no schedule."""
        cleaned = super().clean()
        day = cleaned.get("day")
        if day is not None and day <= self.today:
            self.add_error("day", NOT_AHEAD)
        return cleaned

    def save(self, commit: bool = True):
        self.instance.all_topics = not self.cleaned_data["topics"]
        return super().save(commit=commit)
