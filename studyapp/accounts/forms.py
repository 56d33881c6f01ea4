"""Account forms: Django's own, each text field bounded with the error beside it."""

import functools

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm, UserCreationForm
from django.contrib.auth.models import User
from django.core.validators import MaxLengthValidator
from django.utils.html import escape, format_html_join
from django.utils.safestring import mark_safe

from .models import time_zones

TIME_ZONE_CHOICES = [(zone, zone.replace("_", " ")) for zone in time_zones()]


class TimeZoneSelect(forms.Select):
    """Django's select for the zone list, with its options written once per process and the chosen one marked,
    rather than by a template each: about 600 of them made the study settings page twice as slow to render."""

    template_name = "accounts/widgets/time_zone_select.html"

    def get_context(self, name, value, attrs):
        context = forms.Widget.get_context(self, name, value, attrs)  # what Select adds is its option list
        options = _zone_options()
        for chosen in context["widget"]["value"]:
            options = options.replace(f'value="{escape(chosen)}">', f'value="{escape(chosen)}" selected>', 1)
        context["widget"]["options"] = mark_safe(options)
        return context


@functools.cache
def _zone_options() -> str:
    return format_html_join("\n", '<option value="{}">{}</option>', TIME_ZONE_CHOICES)


# Generous for passphrases and password managers; Django's forms set no bound.
PASSWORD_MAX_LENGTH = 128


def bound_passwords(form: forms.Form, *names: str) -> None:
    for name in names:
        field = form.fields[name]
        field.max_length = PASSWORD_MAX_LENGTH
        field.validators.append(MaxLengthValidator(PASSWORD_MAX_LENGTH))
        field.widget.attrs["maxlength"] = str(PASSWORD_MAX_LENGTH)


class SignUpForm(UserCreationForm):
    email = forms.EmailField(
        required=False,
        max_length=User._meta.get_field("email").max_length,
        help_text="Optional: only used to reset your password.",
    )
    time_zone = forms.ChoiceField(
        choices=TIME_ZONE_CHOICES,
        initial="UTC",
        widget=TimeZoneSelect(attrs={"data-detect": "browser"}),
        help_text="Your study day and streaks follow this time zone.",
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_passwords(self, "password1", "password2")

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=commit)
        if commit:
            user.profile.time_zone = self.cleaned_data["time_zone"]
            user.profile.save(update_fields=["time_zone"])
        return user


class LogInForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_passwords(self, "password")


class NewPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_passwords(self, "new_password1", "new_password2")


class ChangePasswordForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_passwords(self, "old_password", "new_password1", "new_password2")
