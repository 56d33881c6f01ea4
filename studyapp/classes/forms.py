"""Forms of the classes app: a class's name, and the code a learner types to join."""

import re

from django import forms

from .models import CODE_LENGTH, Class


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
