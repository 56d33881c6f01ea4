"""Forms of the classes app: a class's name, and the code a learner types to join."""

import re

from django import forms

from .models import Class


class ClassForm(forms.ModelForm):
    class Meta:
        model = Class
        fields = ["name", "description"]
        labels = {"name": "Class name", "description": "Description (optional)"}
        widgets = {"description": forms.TextInput(attrs={"placeholder": "e.g. Evening cohort, spring term"})}


class JoinForm(forms.Form):
    code = forms.CharField(
        label="Join code", max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
        help_text="The eight-character code your instructor shared.",
    )

    def clean_code(self) -> Class:
        """Cleans into the class itself; spaces, dashes and case are forgiven."""
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"]).upper()
        klass = Class.objects.select_related("instructor").filter(join_code=code).first()
        if klass is None:
            raise forms.ValidationError("No class has that code. Check it with your instructor.")
        return klass
