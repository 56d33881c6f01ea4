"""Forms of the quizzes app; each cleans into domain values (a timedelta, a topic, option rows)."""

from __future__ import annotations

import math
import zoneinfo
from datetime import datetime, timedelta
from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import dateformat, timezone

from studyapp.classes.models import Class
from studyapp.content.models import Topic

from .formats import MAX_CATEGORY, MAX_FILE_BYTES
from .grading import parse_number
from .models import (
    MAX_ATTEMPTS,
    MAX_DRAW,
    MAX_POINTS,
    MAX_TIME_MULTIPLIER,
    Category,
    Feedback,
    GradingMethod,
    Kind,
    Option,
    Override,
    Pool,
    Question,
    Quiz,
    Response,
    Tag,
    parse_id,
)
from .question_transfer import FORMATS, GIFT, guess_format

OPTION_ROWS = 6
MAX_ACCEPTED_ANSWERS = 20
MAX_TAGS = 20  # tags on one question
MAX_TAG_LENGTH = Tag._meta.get_field("name").max_length
MAX_CATEGORY_LENGTH = Category._meta.get_field("name").max_length
MAX_BULK = 500  # questions one bulk action may name
NO_NOTE = ("", "No note (a general question)")
# Answers and tolerances beyond this are typing slips (or "1e999", which is infinity).
MAX_NUMBER = 1e12


def note_choices(user) -> list[tuple[str, str]]:
    """Every topic the user sees, and its sections, as "slug#anchor": the note a question tests."""
    choices = []
    for topic in Topic.objects.visible_to(user).only("slug", "short_title", "outline"):
        choices.append((f"{topic.slug}#", f"{topic.short_title} (whole note)"))
        choices += [
            (f"{topic.slug}#{s['anchor']}", f"{topic.short_title} › {s['title']}") for s in topic.table_of_contents()
        ]
    return choices


def clean_category_path(text: str) -> str:
    """A category path as typed ("Lambda / Cold  starts/") as stored ("Lambda/Cold starts"): each
    level's spaces collapsed, empty levels dropped."""
    levels = (" ".join(level.split()) for level in text.split("/"))
    return "/".join(level for level in levels if level)


def clean_tag_name(text: str) -> str:
    return " ".join(text.split())


def split_tags(text: str) -> list[str]:
    """Comma-separated tags, each once (the first spelling of names that differ only in case)."""
    names: dict[str, str] = {}
    for part in text.split(","):
        name = clean_tag_name(part)
        if name:
            names.setdefault(name.casefold(), name)
    return list(names.values())


class CategoryInput(forms.TextInput):
    """A text box offering the existing categories (the page holds the `category-names` datalist)."""

    def __init__(self, attrs=None):
        super().__init__({"list": "category-names", "autocomplete": "off", **(attrs or {})})


class QuestionForm(forms.Form):
    """A hand-written (or reviewed) question; the fields shown depend on its kind."""

    note = forms.ChoiceField(
        label="Note it tests",
        required=False,
        help_text="The section learners are sent to from the feedback, or no note.",
    )
    category = forms.CharField(
        label="Category",
        required=False,
        max_length=MAX_CATEGORY_LENGTH,
        widget=CategoryInput,
        help_text="Choose one, or type a new one; a slash puts it inside another: Lambda/Cold starts.",
    )
    tags = forms.CharField(
        label="Tags",
        required=False,
        max_length=MAX_TAGS * (MAX_TAG_LENGTH + 2),
        help_text=f"Separated by commas, e.g. hard, limits (at most {MAX_TAGS}, each up to {MAX_TAG_LENGTH} "
        "characters).",
    )
    text = forms.CharField(
        label="Question",
        max_length=Question._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Markdown.",
    )
    explanation = forms.CharField(
        label="Explanation",
        required=False,
        max_length=Question._meta.get_field("explanation").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Markdown, shown with the feedback.",
    )
    true_statement = forms.TypedChoiceField(
        label="The statement is",
        choices=[("true", "True"), ("false", "False")],
        coerce=lambda v: v == "true",
        widget=forms.RadioSelect,
        required=False,
    )
    accepted_answers = forms.CharField(
        label="Accepted answers",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_ACCEPTED_ANSWERS * (Response.MAX_ANSWER_LENGTH + 1),
        help_text=f"One per line, at most {MAX_ACCEPTED_ANSWERS}. Case, spacing and punctuation are ignored when "
        "matching.",
    )
    numeric_answer = forms.CharField(label="Answer", required=False, max_length=40)
    tolerance = forms.CharField(label="Tolerance (±)", required=False, max_length=40, initial="0")

    def __init__(self, *args, kind: str, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind, self.user = kind, user
        self.fields["note"].choices = [NO_NOTE, *note_choices(user)]
        keep = {"note", "category", "tags", "text", "explanation"}
        if kind in (Kind.SINGLE, Kind.MULTIPLE):
            for i in range(OPTION_ROWS):
                self.fields[f"option_{i}"] = forms.CharField(
                    label=f"Option {i + 1}", required=False, max_length=Option._meta.get_field("text").max_length
                )
                self.fields[f"correct_{i}"] = forms.BooleanField(label="Correct", required=False)
                keep |= {f"option_{i}", f"correct_{i}"}
        keep |= {
            Kind.TRUE_FALSE: {"true_statement"},
            Kind.SHORT: {"accepted_answers"},
            Kind.NUMERIC: {"numeric_answer", "tolerance"},
        }.get(kind, set())
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if kind == Kind.TRUE_FALSE:
            self.fields["true_statement"].required = True

    def option_rows(self) -> list[tuple]:
        return [(self[f"option_{i}"], self[f"correct_{i}"]) for i in range(OPTION_ROWS) if f"option_{i}" in self.fields]

    def category_names(self) -> list[str]:
        """The existing categories, for the category box's suggestions."""
        return list(Category.objects.values_list("name", flat=True))

    def clean_note(self) -> tuple[Topic | None, str]:
        if not self.cleaned_data["note"]:
            return None, ""
        slug, _, anchor = self.cleaned_data["note"].partition("#")
        topic = Topic.objects.visible_to(self.user).filter(slug=slug).first()
        if topic is None:  # gone since the form was shown
            raise forms.ValidationError("That note is no longer available: choose another.")
        return topic, anchor

    def clean_category(self) -> str:
        return clean_category_path(self.cleaned_data["category"])

    def clean_tags(self) -> list[str]:
        names = split_tags(self.cleaned_data["tags"])
        if len(names) > MAX_TAGS:
            raise forms.ValidationError(f"Give at most {MAX_TAGS} tags (these are {len(names)}).")
        for name in names:
            if len(name) > MAX_TAG_LENGTH:
                raise forms.ValidationError(
                    f"A tag can be at most {MAX_TAG_LENGTH} characters (“{name[:20]}…” has {len(name)})."
                )
        return names

    def clean_accepted_answers(self) -> list[str]:
        answers = [line.strip() for line in self.cleaned_data.get("accepted_answers", "").splitlines() if line.strip()]
        if self.kind == Kind.SHORT and not answers:
            raise forms.ValidationError("Give at least one accepted answer.")
        if len(answers) > MAX_ACCEPTED_ANSWERS:
            raise forms.ValidationError(f"Give at most {MAX_ACCEPTED_ANSWERS} accepted answers.")
        # Learners' answers are at most this long, so a longer accepted answer could never match.
        if any(len(answer) > Response.MAX_ANSWER_LENGTH for answer in answers):
            raise forms.ValidationError(f"An accepted answer can be at most {Response.MAX_ANSWER_LENGTH} characters.")
        return answers

    def clean_numeric_answer(self) -> float | None:
        if self.kind != Kind.NUMERIC:
            return None
        value = parse_number(self.cleaned_data.get("numeric_answer", ""))
        if value is None:
            raise forms.ValidationError("Enter a number, e.g. 900 or 0.5.")
        if not math.isfinite(value) or abs(value) > MAX_NUMBER:
            raise forms.ValidationError(f"Enter a number between -{MAX_NUMBER:,.0f} and {MAX_NUMBER:,.0f}.")
        return value

    def clean_tolerance(self) -> float:
        text = self.cleaned_data.get("tolerance", "") or "0"
        value = parse_number(text)
        if value is None or value < 0:
            raise forms.ValidationError("Enter zero or a positive number.")
        if not math.isfinite(value) or value > MAX_NUMBER:
            raise forms.ValidationError(f"Enter zero or a positive number up to {MAX_NUMBER:,.0f}.")
        return value

    def clean(self):
        data = super().clean()
        if self.kind in (Kind.SINGLE, Kind.MULTIPLE):
            rows = [(data.get(f"option_{i}", "").strip(), data.get(f"correct_{i}", False)) for i in range(OPTION_ROWS)]
            rows = [(text, correct) for text, correct in rows if text]
            right = sum(1 for _, correct in rows if correct)
            if len(rows) < 2:
                raise forms.ValidationError("Give at least two options.")
            if len({t.casefold() for t, _ in rows}) != len(rows):
                raise forms.ValidationError("Two options have the same text.")
            if self.kind == Kind.SINGLE and right != 1:
                raise forms.ValidationError("Mark exactly one option as correct.")
            if self.kind == Kind.MULTIPLE and right < 1:
                raise forms.ValidationError("Mark at least one option as correct.")
            data["options"] = rows
        elif self.kind == Kind.TRUE_FALSE and data.get("true_statement") is not None:
            data["options"] = [("True", data["true_statement"]), ("False", not data["true_statement"])]
        return data

    @classmethod
    def initial_for(cls, question: Question) -> dict:
        initial = {
            "note": f"{question.topic.slug}#{question.anchor}" if question.topic_id else "",
            "category": question.category.name if question.category_id else "",
            "tags": ", ".join(tag.name for tag in question.tags.all()),
            "text": question.text,
            "explanation": question.explanation,
            "accepted_answers": "\n".join(question.accepted_answers),
            "numeric_answer": "" if question.numeric_answer is None else f"{question.numeric_answer:g}",
            "tolerance": f"{question.tolerance:g}",
        }
        options = list(question.options.all())
        for i, option in enumerate(options[:OPTION_ROWS]):
            initial[f"option_{i}"], initial[f"correct_{i}"] = option.text, option.is_correct
        if question.kind == Kind.TRUE_FALSE:
            initial["true_statement"] = "true" if any(o.is_correct and o.text == "True" for o in options) else "false"
        return initial


class BankFilterForm(forms.Form):
    """The bank's filters (and the builder's picker's): `topics` are those it may show."""

    q = forms.CharField(
        required=False,
        label="Search",
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Search questions"}),
    )
    topic = forms.ModelChoiceField(Topic.objects.none(), required=False, empty_label="All topics", to_field_name="slug")
    kind = forms.ChoiceField(required=False, choices=[("", "All types"), *Kind.choices], label="Type")
    # By name, so a link to a shelf reads: ?category=Lambda/Cold starts, ?tag=hard.
    category = forms.ModelChoiceField(
        Category.objects.all(),
        required=False,
        empty_label="All categories",
        to_field_name="name",
        help_text="And the categories inside it.",
    )
    tag = forms.ModelChoiceField(Tag.objects.all(), required=False, empty_label="All tags", to_field_name="name")
    status = forms.ChoiceField(
        required=False, label="Status", choices=[("", "Approved and awaiting review"), *Question.Status.choices]
    )
    mine = forms.BooleanField(required=False, label="Only my questions")

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics


class GenerateForm(forms.Form):
    topic = forms.ModelChoiceField(Topic.objects.none(), to_field_name="slug", label="Topic", empty_label=None)

    def __init__(self, *args, user, **kwargs):
        # The bank's filter form has a `topic` too: its own ids keep every id on the page unique.
        kwargs.setdefault("auto_id", "generate_%s")
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Topic.objects.visible_to(user)


class LocalDateTimeField(forms.DateTimeField):
    """A <input type=datetime-local>, read in the instructor's own time zone."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class LocalDatesMixin:
    """A form's `opens_at` and `closes_at`, typed as local date-times in the instructor's zone (`self.zone`).

    Shown from the stored aware datetimes (`local_dates`) and cleaned back into aware ones, so the
    quiz's settings and its overrides read and store their dates alike.
    """

    zone: zoneinfo.ZoneInfo

    def local_dates(self, source) -> dict:
        """`source`'s opens_at and closes_at as the naive local date-times the inputs show."""
        return {name: self._local(getattr(source, name)) for name in ("opens_at", "closes_at")}

    def _local(self, moment: datetime | None) -> datetime | None:
        return timezone.localtime(moment, self.zone).replace(tzinfo=None) if moment else None

    def _aware(self, value: datetime | None) -> datetime | None:
        return timezone.make_aware(value.replace(tzinfo=None), self.zone) if value else None

    def clean_opens_at(self) -> datetime | None:
        return self._aware(self.cleaned_data.get("opens_at"))

    def clean_closes_at(self) -> datetime | None:
        return self._aware(self.cleaned_data.get("closes_at"))

    @staticmethod
    def closes_too_soon(opens: datetime | None, closes: datetime | None) -> bool:
        """Whether both are set and the closing leaves no time after the opening."""
        return bool(opens and closes and closes <= opens)


def as_minutes(span: timedelta | None) -> int | None:
    """A time limit as the whole minutes a form shows (None: no limit)."""
    return int(span.total_seconds() // 60) if span else None


def as_timedelta(minutes: int | None) -> timedelta | None:
    """Minutes typed in a form as the timedelta stored (empty or 0: none)."""
    return timedelta(minutes=minutes) if minutes else None


class QuizSettingsForm(LocalDatesMixin, forms.ModelForm):
    time_limit_minutes = forms.IntegerField(
        label="Time limit (minutes)",
        required=False,
        min_value=1,
        max_value=24 * 60,
        help_text="Empty for no time limit.",
    )
    opens_at = LocalDateTimeField(label="Opens", required=False)
    closes_at = LocalDateTimeField(label="Closes", required=False)

    class Meta:
        model = Quiz
        fields = [
            "title",
            "instructions",
            "time_limit_minutes",
            "attempts_allowed",
            "grading_method",
            "opens_at",
            "closes_at",
            "pass_mark",
            "feedback",
            "shuffle_questions",
            "shuffle_options",
        ]
        labels = {
            "attempts_allowed": "Attempts allowed",
            "grading_method": "Which attempt counts",
            "pass_mark": "Pass mark (%)",
            "feedback": "Feedback shows",
            "shuffle_questions": "Shuffle questions",
            "shuffle_options": "Shuffle options",
        }
        help_texts = {"attempts_allowed": "0 for unlimited.", "instructions": "Markdown, shown before starting."}
        widgets = {"instructions": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, zone: zoneinfo.ZoneInfo, **kwargs):
        self.zone = zone
        instance = kwargs.get("instance")
        initial = kwargs.setdefault("initial", {})
        if instance is not None:
            if instance.time_limit:
                initial["time_limit_minutes"] = as_minutes(instance.time_limit)
            initial.update(self.local_dates(instance))
        super().__init__(*args, **kwargs)
        self.fields["grading_method"].choices = GradingMethod.choices
        self.fields["feedback"].choices = Feedback.choices

    def clean_time_limit_minutes(self) -> timedelta | None:
        return as_timedelta(self.cleaned_data.get("time_limit_minutes"))

    def clean(self):
        data = super().clean()
        closes = data.get("closes_at")
        if self.closes_too_soon(data.get("opens_at"), closes):
            self.add_error("closes_at", "The quiz must close after it opens.")
        if data.get("feedback") == Feedback.CLOSE and not closes:
            self.add_error("feedback", "Feedback after closing needs a closing time.")
        return data

    def save(self, commit: bool = True) -> Quiz:
        self.instance.time_limit = self.cleaned_data.get("time_limit_minutes")
        return super().save(commit)


def points_field(**kwargs) -> forms.DecimalField:
    return forms.DecimalField(min_value=Decimal("0.01"), max_value=MAX_POINTS, max_digits=6, decimal_places=2, **kwargs)


class RandomSlotForm(forms.Form):
    """A random slot: N questions drawn from topics, a category (with the ones inside it) or a tag;
    given together, each narrows the pool."""

    count = forms.IntegerField(label="How many", min_value=1, max_value=MAX_DRAW, initial=3)
    topics = forms.ModelMultipleChoiceField(
        Topic.objects.none(), required=False, label="From these topics", widget=forms.CheckboxSelectMultiple
    )
    category = forms.ModelChoiceField(
        Category.objects.all(),
        required=False,
        label="From the category",
        empty_label="Any category",
        help_text="And the categories inside it.",
    )
    tag = forms.ModelChoiceField(Tag.objects.all(), required=False, label="Tagged", empty_label="Any tag")
    points = points_field(label="Points each", initial=1)

    def __init__(self, *args, quiz: Quiz, **kwargs):
        super().__init__(*args, **kwargs)
        self.quiz = quiz
        self.fields["topics"].queryset = quiz.usable_topics()

    @property
    def narrows(self) -> bool:
        """Whether the category or tag was chosen or is in error (the form shows them open then)."""
        return bool(
            self["category"].value() or self["tag"].value() or self.has_error("category") or self.has_error("tag")
        )

    def clean(self):
        data = super().clean()
        count, topics, category, tag = data.get("count"), data.get("topics"), data.get("category"), data.get("tag")
        if not (topics or category or tag):
            if not any(self.has_error(name) for name in ("topics", "category", "tag")):
                self.add_error("topics", "Choose at least one topic, a category or a tag to draw from.")
            return data
        if not count:
            return data
        pool = Pool(frozenset(topic.pk for topic in topics or ()), category.name if category else "", tag and tag.pk)
        approved, room = self.quiz.room_for_draw(pool)
        if count > room:
            self.add_error("count", self._too_many(self._source(topics, category, tag), approved, room))
        return data

    @staticmethod
    def _source(topics, category: Category | None, tag: Tag | None) -> str:
        """What the draw is from, with its verb: "Lambda has", "Category “Lambda” tagged “hard” has"."""
        names = [topic.title for topic in topics or ()]  # as the checkboxes name them
        subject = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}" if names else ""
        if category:
            subject = f"{subject} in category “{category}”" if subject else f"Category “{category}”"
        if tag:
            subject = f"{subject} tagged “{tag}”" if subject else f"Tag “{tag}”"
        return f"{subject} {'have' if len(names) > 1 else 'has'}"

    @staticmethod
    def _too_many(source: str, approved: int, room: int) -> str:
        if not approved:
            return f"{source} no approved questions yet: approve some in the question bank first."
        plural = "s" if approved != 1 else ""
        if room == approved:
            return f"{source} {approved} approved question{plural}: draw at most {room}."
        if not room:
            return f"{source} {approved} approved question{plural}, and the quiz's other questions use all of them."
        return (
            f"{source} {approved} approved question{plural}, and the quiz's other questions use "
            f"{approved - room} of them: draw at most {room}."
        )


class BulkAction(models.TextChoices):
    APPROVE = "approve", "Approve"
    DISCARD = "discard", "Discard"
    TAG = "tag", "Add a tag"
    MOVE = "move", "Move to a category"


class IdListField(forms.Field):
    """Ids of ticked checkboxes: at most `MAX_BULK`; anything that is not an id is ignored."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[int]:
        values = value if isinstance(value, list | tuple) else []
        if len(values) > MAX_BULK:
            raise forms.ValidationError(f"Change at most {MAX_BULK} questions at a time (these are {len(values)}).")
        return list(dict.fromkeys(pk for pk in (parse_id(str(v)) for v in values) if pk is not None))


class BulkActionForm(forms.Form):
    """The bank's bar for the ticked questions: approve, discard, add a tag, move to a category."""

    ids = IdListField(required=False)
    action = forms.ChoiceField(
        label="With the ticked questions",
        choices=[("", "Choose an action"), *BulkAction.choices],
        error_messages={"required": "Choose what to do with the ticked questions."},
    )
    tag = forms.CharField(label="Tag", required=False, max_length=MAX_TAG_LENGTH)
    category = forms.CharField(label="Category", required=False, max_length=MAX_CATEGORY_LENGTH, widget=CategoryInput)

    def __init__(self, *args, **kwargs):
        # Beside the filter form on the bank page: its own ids keep every id on the page unique.
        kwargs.setdefault("auto_id", "bulk_%s")
        super().__init__(*args, **kwargs)

    def clean_tag(self) -> str:
        name = clean_tag_name(self.cleaned_data["tag"])
        if "," in name:
            raise forms.ValidationError("One tag at a time: a tag has no commas.")
        return name

    def clean_category(self) -> str:
        return clean_category_path(self.cleaned_data["category"])

    def clean(self):
        data = super().clean()
        if data.get("action") == BulkAction.TAG and not data.get("tag") and not self.has_error("tag"):
            self.add_error("tag", "Type the tag to add.")
        if data.get("action") == BulkAction.MOVE and not data.get("category") and not self.has_error("category"):
            self.add_error("category", "Type the category to move them to.")
        return data


class PointsForm(forms.Form):
    points = points_field(label="Points")


class AssignForm(forms.Form):
    classes = forms.ModelMultipleChoiceField(
        Class.objects.none(), required=False, label="Assigned to classes", widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, instructor, quiz: Quiz, **kwargs):
        super().__init__(*args, **kwargs)
        self.quiz = quiz
        self.fields["classes"].queryset = Class.objects.owned_by(instructor)

    def clean_classes(self):
        """Every learner of every class must see the quiz's topics (a topic shared with one class only
        cannot be asked of another)."""
        classes = self.cleaned_data["classes"]
        problem = self.quiz.topic_problem([klass.pk for klass in classes])
        if problem:
            raise forms.ValidationError(f"Not assigned. {problem}")
        return classes


class ImportForm(forms.Form):
    """A GIFT or Moodle XML file to import; the preview sends its text back in `content` to confirm."""

    file = forms.FileField(
        label="File", required=False, help_text="GIFT (.gift, .txt) or Moodle XML (.xml), at most 2 MB."
    )
    content = forms.CharField(required=False, widget=forms.HiddenInput, max_length=MAX_FILE_BYTES, strip=False)
    file_format = forms.ChoiceField(label="Format", choices=[("", "From the file"), *FORMATS.items()], required=False)
    category = forms.CharField(
        label="Inside category",
        required=False,
        max_length=MAX_CATEGORY // 2,
        help_text="Optional: the file's categories go inside this one (e.g. “From Moodle”).",
    )

    def clean_category(self) -> str:
        return "/".join(part.strip() for part in self.cleaned_data["category"].split("/") if part.strip())

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            if upload.size > MAX_FILE_BYTES:
                raise forms.ValidationError("The file is larger than 2 MB: split it and import each part.")
            data["data"], data["name"] = upload.read(), upload.name
        elif data.get("content"):
            # Browsers send a form's line breaks as CRLF: back to the file's own lines.
            data["data"], data["name"] = data["content"].replace("\r\n", "\n").encode("utf-8"), ""
        else:
            self.add_error("file", "Choose a file to import.")
            return data
        data["file_format"] = data.get("file_format") or guess_format(data["name"], data["data"])
        return data


class ExportForm(forms.Form):
    file_format = forms.ChoiceField(label="Format", choices=list(FORMATS.items()), initial=GIFT)
    category = forms.ModelChoiceField(
        Category.objects.all(),
        required=False,
        to_field_name="name",
        empty_label="The whole bank",
        label="Category",
        help_text="With the categories inside it.",
    )
    quiz = forms.ModelChoiceField(
        Quiz.objects.none(),
        required=False,
        empty_label="—",
        label="Or a quiz's questions",
        help_text="Its fixed questions and all its random slots may draw.",
    )

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("auto_id", "export_%s")
        super().__init__(*args, **kwargs)
        self.fields["quiz"].queryset = Quiz.objects.owned_by(user)

    def clean(self):
        data = super().clean()
        if data.get("category") and data.get("quiz"):
            raise forms.ValidationError("Export a category or a quiz's questions, not both.")
        return data


# An override's new limit or extra minutes: as long as a quiz's own time limit may be.
MAX_OVERRIDE_MINUTES = QuizSettingsForm.base_fields["time_limit_minutes"].max_value


class OverrideForm(LocalDatesMixin, forms.Form):
    """One learner's or one class's own dates, time and attempts at a quiz, and why.

    Cleans into what `Override` stores: `learner` or `klass`, aware datetimes (typed in the instructor's
    time zone, as the quiz's settings are), at most one of `time_limit` and `extra_time` (timedeltas) and
    `time_multiplier`, and `attempts_allowed`.
    """

    TIME_FIELDS = ("time_limit_minutes", "extra_minutes", "time_multiplier")

    who = forms.ChoiceField(
        label="For",
        error_messages={"invalid_choice": "Choose a learner in one of this quiz’s classes, or one of its classes."},
    )
    opens_at = LocalDateTimeField(label="Opens", required=False, help_text="Empty: when the quiz opens.")
    closes_at = LocalDateTimeField(label="Closes", required=False, help_text="Empty: when the quiz closes.")
    time_limit_minutes = forms.IntegerField(
        label="New time limit (minutes)", required=False, min_value=1, max_value=MAX_OVERRIDE_MINUTES
    )
    extra_minutes = forms.IntegerField(
        label="Extra minutes", required=False, min_value=1, max_value=MAX_OVERRIDE_MINUTES
    )
    time_multiplier = forms.DecimalField(
        label="Multiply the time by",
        required=False,
        min_value=1,
        max_value=MAX_TIME_MULTIPLIER,
        max_digits=4,
        decimal_places=2,
        help_text="1.5 gives time and a half.",
    )
    attempts_allowed = forms.IntegerField(
        label="Attempts allowed",
        required=False,
        min_value=0,
        max_value=MAX_ATTEMPTS,
        help_text="0 for unlimited; empty: as the quiz.",
    )
    reason = forms.CharField(
        label="Reason",
        max_length=Override._meta.get_field("reason").max_length,
        help_text="For you and other instructors; learners do not see it.",
    )

    def __init__(self, *args, quiz: Quiz, zone: zoneinfo.ZoneInfo, override: Override | None = None, **kwargs):
        self.quiz, self.zone = quiz, zone
        self.override = override or Override(quiz=quiz)
        self.existing: Override | None = None  # the override the same learner or class already has
        if override is not None:
            kwargs["initial"] = self._initial_for(override)
        super().__init__(*args, **kwargs)
        self.targets = self._targets()
        self.fields["who"].choices = [
            ("", "Choose a learner or a class"),
            ("Classes", [(key, str(t)) for key, t in self.targets.items() if key.startswith("class-")]),
            ("Learners", [(key, _learner_label(t)) for key, t in self.targets.items() if key.startswith("learner-")]),
        ]
        # An override stays with its learner or class: another learner gets their own.
        self.fields["who"].disabled = override is not None

    def _targets(self) -> dict:
        """Who may get an override: the quiz's classes and their members (and whoever this one is for)."""
        classes = list(self.quiz.classes.all())
        members = get_user_model().objects.filter(class_memberships__klass__in=classes).distinct()
        targets = {f"class-{klass.pk}": klass for klass in classes}
        targets |= {f"learner-{user.pk}": user for user in members.order_by("username")}
        if self.override.pk:
            targets.setdefault(self._key(self.override), self.override.learner or self.override.klass)
        return targets

    @staticmethod
    def _key(override: Override) -> str:
        return f"learner-{override.learner_id}" if override.learner_id else f"class-{override.klass_id}"

    def _initial_for(self, override: Override) -> dict:
        return {
            "who": self._key(override),
            **self.local_dates(override),
            "time_limit_minutes": as_minutes(override.time_limit),
            "extra_minutes": as_minutes(override.extra_time),
            "time_multiplier": override.time_multiplier,
            "attempts_allowed": override.attempts_allowed,
            "reason": override.reason,
        }

    def _shown(self, moment: datetime) -> str:
        return dateformat.format(timezone.localtime(moment, self.zone), "D j M Y, H:i")

    def clean_who(self):
        return self.targets[self.cleaned_data["who"]]

    def clean_time_limit_minutes(self) -> timedelta | None:
        return as_timedelta(self.cleaned_data.get("time_limit_minutes"))

    def clean_extra_minutes(self) -> timedelta | None:
        return as_timedelta(self.cleaned_data.get("extra_minutes"))

    def clean(self):
        data = super().clean()
        if data.get("who") is not None:
            self._check_no_other_override(data["who"])
        self._check_dates(data.get("opens_at"), data.get("closes_at"))
        self._check_time_change(data)
        changes = ("opens_at", "closes_at", *self.TIME_FIELDS, "attempts_allowed")
        # A field refused for its own reason is not "no change": its error says enough.
        if all(data.get(name) is None and name not in self.errors for name in changes):
            raise forms.ValidationError("Change at least one thing: a date, the time or the attempts.")
        return data

    def _check_no_other_override(self, who) -> None:
        is_class = isinstance(who, Class)
        existing = self.quiz.overrides.filter(**{"klass" if is_class else "learner": who}).exclude(pk=self.override.pk)
        self.existing = existing.first()
        if self.existing is not None:
            self.add_error("who", f"{who} already has an override of this quiz: edit that one instead.")

    def _check_dates(self, opens: datetime | None, closes: datetime | None) -> None:
        """The override's dates, with the quiz's for those it leaves alone, must leave time to take the quiz."""
        opening = opens or self.quiz.opens_at
        if self.closes_too_soon(opening, closes):
            whose = "" if opens else " (when the quiz opens)"
            self.add_error("closes_at", f"It must close after it opens: {self._shown(opening)}{whose}.")
        elif not closes and self.closes_too_soon(opens, self.quiz.closes_at):
            self.add_error(
                "opens_at",
                f"The quiz closes {self._shown(self.quiz.closes_at)}, before this: give a later closing date too.",
            )

    def _check_time_change(self, data: dict) -> None:
        given = [name for name in self.TIME_FIELDS if data.get(name) is not None]
        for name in given[1:]:
            first = self.fields[given[0]].label
            self.add_error(name, f"Change the time one way only: clear this or “{first}”.")
        lengthens = [name for name in given[:1] if name != "time_limit_minutes"]
        if lengthens and not self._has_a_time_limit(data.get("who")):
            self.add_error(lengthens[0], "The quiz has no time limit to lengthen: give a new time limit instead.")

    def _has_a_time_limit(self, who) -> bool:
        """Whether extra minutes or a multiple have a limit to apply to: the quiz's, or a learner's class's."""
        if self.quiz.time_limit:
            return True
        if who is None or isinstance(who, Class):
            return False
        return self.quiz.overrides.filter(klass__memberships__learner=who, time_limit__isnull=False).exists()

    def override_to_save(self) -> Override:
        """The override with the cleaned values, ready for `save_override`."""
        data, override = self.cleaned_data, self.override
        who = data["who"]
        override.klass, override.learner = (who, None) if isinstance(who, Class) else (None, who)
        override.opens_at, override.closes_at = data["opens_at"], data["closes_at"]
        override.time_limit, override.extra_time = data["time_limit_minutes"], data["extra_minutes"]
        override.time_multiplier = data["time_multiplier"]
        override.attempts_allowed, override.reason = data["attempts_allowed"], data["reason"]
        return override


def _learner_label(user) -> str:
    name = user.get_full_name()
    return f"{user.username} ({name})" if name else user.username
