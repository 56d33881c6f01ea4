"""Every text field of the account forms has a bound, told beside the field."""

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from studyapp.accounts.forms import PASSWORD_MAX_LENGTH
from tests.factories import PASSWORD, UserFactory

EMAIL_MAX_LENGTH = User._meta.get_field("email").max_length
TOO_LONG_PASSWORD = "Long-passphrase-42 " * (PASSWORD_MAX_LENGTH // 19 + 1)


def long_email(length: int) -> str:
    """A well-formed address of exactly `length` characters (Django's validator takes up to 320)."""
    domain = ".".join(["d" * 60] * 3) + ".com"
    local = "a" * (length - len(domain) - 1)
    return f"{local}@{domain}"


def signup_data(**overrides) -> dict:
    data = {
        "username": "newlearner",
        "email": "new@example.com",
        "time_zone": "UTC",
        "password1": "a-long-fine-password-42",
        "password2": "a-long-fine-password-42",
    }
    return data | overrides


def assert_field_error(response, field: str, text: str) -> None:
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.text
    assert text in response.text


@pytest.mark.django_db
def test_sign_up_refuses_an_email_longer_than_the_account_holds(client):
    response = client.post(reverse("accounts:signup"), signup_data(email=long_email(EMAIL_MAX_LENGTH + 1)))
    assert_field_error(response, "email", f"at most {EMAIL_MAX_LENGTH} characters")
    assert f'maxlength="{EMAIL_MAX_LENGTH}"' in response.text
    assert not User.objects.filter(username="newlearner").exists()


@pytest.mark.django_db
def test_sign_up_takes_an_email_of_the_longest_length(client):
    email = long_email(EMAIL_MAX_LENGTH)
    assert client.post(reverse("accounts:signup"), signup_data(email=email)).status_code == 302
    assert User.objects.get(username="newlearner").email == email


@pytest.mark.django_db
def test_sign_up_refuses_an_over_long_username_and_password(client):
    username_max = User._meta.get_field("username").max_length
    data = signup_data(username="u" * (username_max + 1), password1=TOO_LONG_PASSWORD, password2=TOO_LONG_PASSWORD)
    response = client.post(reverse("accounts:signup"), data)
    assert_field_error(response, "username", f"at most {username_max} characters")
    assert_field_error(response, "password1", f"at most {PASSWORD_MAX_LENGTH} characters")
    assert f'maxlength="{PASSWORD_MAX_LENGTH}"' in response.text
    assert not User.objects.exists()


@pytest.mark.django_db
def test_log_in_refuses_an_over_long_password_beside_the_field(client):
    UserFactory(username="ana")
    response = client.post(reverse("accounts:login"), {"username": "ana", "password": TOO_LONG_PASSWORD})
    assert_field_error(response, "password", f"at most {PASSWORD_MAX_LENGTH} characters")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_password_change_refuses_an_over_long_new_password(client):
    user = UserFactory()
    client.force_login(user)
    data = {"old_password": PASSWORD, "new_password1": TOO_LONG_PASSWORD, "new_password2": TOO_LONG_PASSWORD}
    response = client.post(reverse("accounts:password_change"), data)
    assert_field_error(response, "new_password1", f"at most {PASSWORD_MAX_LENGTH} characters")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_a_password_reset_refuses_an_over_long_new_password(client):
    user = UserFactory()
    uid, token = urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)
    form_url = client.get(reverse("accounts:password_reset_confirm", args=[uid, token])).url
    response = client.post(form_url, {"new_password1": TOO_LONG_PASSWORD, "new_password2": TOO_LONG_PASSWORD})
    assert_field_error(response, "new_password1", f"at most {PASSWORD_MAX_LENGTH} characters")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
