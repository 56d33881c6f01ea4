"""The study settings form: each field bounded by the rule it must keep, its errors shown beside it."""

from django import forms

from studyapp.accounts.forms import TIME_ZONE_CHOICES, TimeZoneSelect
from studyapp.content.models import Topic
from studyapp.lib.exams import ExamForm
from studyapp.lib.form_bounds import bounds_of

from .models import ExamDate, StudySettings
from .scheduling import MAX_STEP, MAX_STEPS, format_steps, parse_steps

WEEKDAYS = [(0, "Mon"), (1, "Tue"), (2, "Wed"), (3, "Thu"), (4, "Fri"), (5, "Sat"), (6, "Sun")]


class StudySettingsForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        choices=TIME_ZONE_CHOICES,
        widget=TimeZoneSelect,
        help_text="Your study day, streaks and daily limits follow this time zone.",
    )
    lighter_days = forms.TypedMultipleChoiceField(
        label="Lighter days",
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Weekdays that get about half the reviews of the others (with “Spread reviews evenly” on).",
    )

    class Meta:
        model = StudySettings
        fields = [
            "desired_retention",
            "new_cards_per_day",
            "max_reviews_per_day",
            "day_start_hour",
            "learning_steps",
            "relearning_steps",
            "spread_reviews",
            "lighter_days",
        ]
        labels = {
            "spread_reviews": "Spread reviews evenly",
            "desired_retention": "Desired retention",
            "new_cards_per_day": "New cards per day",
            "max_reviews_per_day": "Maximum reviews per day",
            "day_start_hour": "Next day starts at (hour)",
            "learning_steps": "Learning steps",
            "relearning_steps": "Relearning steps",
        }
        # {min} and {max} come from the model's validators, {steps} and {step} from scheduling's bounds.
        help_texts = {
            "spread_reviews": (
                "Each review goes to the lightest day of the few its interval allows, instead of a random one, "
                "so no day piles up."
            ),
            "desired_retention": (
                "The chance of remembering a card when it comes due, from {min:.2f} to {max:.2f}. Higher means "
                "you forget less but review more: going from 0.90 to 0.95 roughly doubles your daily reviews; "
                "0.90 is a good balance for most learners."
            ),
            "new_cards_per_day": "How many cards you meet for the first time each day ({min}–{max}).",
            "max_reviews_per_day": "A cap on review cards per day ({min}–{max}), so a missed week does not bury you.",
            "day_start_hour": (
                "{min}–{max} in your time zone. Reviews after midnight but before this hour count for the day before."
            ),
            "learning_steps": (
                "Short intervals for new cards before FSRS takes over, e.g. '1m 10m': "
                "1 to {steps} steps of at most {step}."
            ),
            "relearning_steps": (
                "Short intervals after you forget a card, e.g. '10m': up to {steps} steps of at most {step}."
            ),
        }
        widgets = {"desired_retention": forms.NumberInput(attrs={"step": "0.01"})}

    def __init__(self, *args, profile, **kwargs):
        super().__init__(*args, **kwargs)
        self.profile = profile
        self.fields["time_zone"].initial = profile.time_zone
        for name in ("desired_retention", "new_cards_per_day", "max_reviews_per_day", "day_start_hour"):
            bounds = bounds_of(StudySettings._meta.get_field(name))
            self.fields[name].widget.attrs.update(bounds)
            self.fields[name].help_text = self.fields[name].help_text.format(**bounds)
        for name in ("learning_steps", "relearning_steps"):
            self.fields[name].help_text = self.fields[name].help_text.format(
                steps=MAX_STEPS, step=format_steps([MAX_STEP])
            )
        self.order_fields(
            [
                "desired_retention",
                "new_cards_per_day",
                "max_reviews_per_day",
                "time_zone",
                "day_start_hour",
                "learning_steps",
                "relearning_steps",
                "spread_reviews",
                "lighter_days",
            ]
        )

    def _clean_steps(self, name: str) -> str:
        text = self.cleaned_data[name]
        try:
            steps = parse_steps(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        if not steps and name == "learning_steps":
            raise forms.ValidationError("Give at least one learning step, e.g. '10m'.")
        return " ".join(text.split())

    def clean_learning_steps(self) -> str:
        return self._clean_steps("learning_steps")

    def clean_relearning_steps(self) -> str:
        return self._clean_steps("relearning_steps")

    def save(self, commit: bool = True) -> StudySettings:
        study = super().save(commit=commit)
        self.profile.time_zone = self.cleaned_data["time_zone"]
        self.profile.save(update_fields=["time_zone"])
        return study


class ExamDateForm(ExamForm):
    """A learner's exam: a day after today, the recall wanted on it, and its topics (none chosen: all of them)."""

    class Meta:
        model = ExamDate
        fields = ["day", "target", "topics"]
        labels = ExamForm.LABELS
        help_texts = {
            "target": "The chance of remembering each card on the exam day, from {min:.2f} to {max:.2f}.",
            "topics": "Leave all unticked for every topic you study.",
        }
        widgets = ExamForm.WIDGETS

    def __init__(self, *args, user, today, desired_retention: float, **kwargs):
        super().__init__(*args, today=today, **kwargs)
        self.fields["topics"].queryset = Topic.objects.visible_to(user)
        bounds = self.target_bounds
        self.fields["target"].initial = round(min(max(desired_retention, bounds["min"]), bounds["max"]), 2)
