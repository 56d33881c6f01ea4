"""The notes forms: they clean into a `Plan` (what saving would do), or field errors."""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.conf import settings

from studyapp.content.house_format import ContentError, decode

from .authoring import PASTED, NotesRefused, NotesText, pasted_name, plan_edit, plan_new, unique_source_file

EXTENSIONS = (".md", ".txt")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


def _too_large(size: int) -> str:
    return f"is {size:,} bytes long; the most is {settings.NOTES_MAX_BYTES:,} bytes. Split it into smaller notes."


def _checked_text(text: str) -> str:
    size = len(text.encode("utf-8"))
    if size > settings.NOTES_MAX_BYTES:
        raise forms.ValidationError("These notes " + _too_large(size))
    return text


class NewNotesForm(forms.Form):
    text = forms.CharField(
        label="Paste your notes",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "true", "class": "notes-text"}),
        help_text="Markdown (headings, lists) or a plain indented outline: "
        "one subject per line, its facts indented below.",
    )
    files = MultipleFileField(
        label="Or upload notes files",
        required=False,
        widget=MultipleFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
        help_text="<code>.md</code> or <code>.txt</code>, UTF-8; several at once.",
    )

    def __init__(self, owner, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner

    def clean_text(self) -> str:
        return _checked_text(self.cleaned_data["text"])

    def clean_files(self) -> list[NotesText]:
        texts, taken = [], set()
        for file in self.cleaned_data["files"]:
            name = PurePath(file.name).name
            if not name.lower().endswith(EXTENSIONS):
                raise forms.ValidationError(f"{name}: only .md and .txt files can be read.")
            if file.size > settings.NOTES_MAX_BYTES:
                raise forms.ValidationError(f"{name} " + _too_large(file.size))
            try:
                text = decode(file.read(), name)
            except ContentError as error:
                raise forms.ValidationError(str(error)) from None
            source = unique_source_file(self.owner, name, taken)
            taken.add(source)
            texts.append(NotesText(source, text))
        return texts

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        texts = list(data.get("files", []))
        if data.get("text", "").strip():
            texts.insert(0, NotesText(pasted_name(self.owner), data["text"]))
        if not texts:
            raise forms.ValidationError("Paste some notes or choose a file.")
        try:
            data["plan"] = plan = plan_new(self.owner, texts)
            if not plan.topics:
                raise NotesRefused("These notes make no topic: give them a title or a heading.")
        except ContentError as error:
            self.add_error("text" if error.filename == PASTED else "files", str(error))
        except NotesRefused as error:
            raise forms.ValidationError(str(error)) from None
        return data


class EditNotesForm(forms.Form):
    text = forms.CharField(
        label="Notes",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 20, "spellcheck": "true", "class": "notes-text"}),
    )

    def __init__(self, topic, *args, **kwargs):
        kwargs.setdefault("initial", {"text": topic.source_text})
        super().__init__(*args, **kwargs)
        self.topic = topic

    def clean_text(self) -> str:
        return _checked_text(self.cleaned_data["text"])

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            data["plan"] = plan = plan_edit(self.topic, data["text"])
            if not plan.topics:
                raise NotesRefused("These notes make no topic: give them a title or a heading.")
        except ContentError as error:
            self.add_error("text", str(error))
        except NotesRefused as error:
            raise forms.ValidationError(str(error)) from None
        return data
