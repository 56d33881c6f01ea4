from django import forms

from .models import CardFlag, Kind

MAX_QUESTION = 200


class CardFilterForm(forms.Form):
    q = forms.CharField(
        required=False,
        label="Search",
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Search questions and answers"}),
    )
    kind = forms.ChoiceField(required=False, label="Kind", choices=[("", "All kinds"), *Kind.choices])
    show_retired = forms.BooleanField(required=False, label="Show retired cards")


class CardForm(forms.Form):
    front = forms.CharField(
        label="Question",
        max_length=MAX_QUESTION,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=f"Plain text, up to {MAX_QUESTION} characters. Write [...] for a cloze gap.",
    )
    back = forms.CharField(
        label="Answer",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Markdown: use '- ' lines for a list.",
    )

    def clean(self):
        data = super().clean()
        front, back = data.get("front", "").strip(), data.get("back", "").strip()
        if front and back and back.lower() in front.lower() and "[...]" not in front:
            self.add_error("front", "The question gives the answer away: it contains the answer word for word.")
        return data


class FlagForm(forms.ModelForm):
    # Declared, not taken from the model: the model field's blank "---------"
    # choice would show as a radio of its own, chosen, that then fails as required.
    reason = forms.ChoiceField(
        label="This card is",
        choices=CardFlag.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": f"Choose one: {' or '.join(CardFlag.Reason.labels).lower()}."},
    )

    class Meta:
        model = CardFlag
        fields = ["reason", "comment"]
        widgets = {"comment": forms.TextInput(attrs={"placeholder": "What is wrong?"})}
        labels = {"comment": "Comment (optional)"}
