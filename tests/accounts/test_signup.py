import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory


def signup_data(**overrides) -> dict:
    data = {
        "username": "newlearner",
        "email": "new@example.com",
        "time_zone": "Europe/Berlin",
        "password1": "a-long-fine-password-42",
        "password2": "a-long-fine-password-42",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_it_creates_the_account_with_its_time_zone_and_logs_in(client):
    response = client.post(reverse("accounts:signup"), signup_data())
    assert response.status_code == 302
    user = User.objects.get(username="newlearner")
    assert user.profile.time_zone == "Europe/Berlin"
    assert int(client.session["_auth_user_id"]) == user.pk


@pytest.mark.django_db
def test_a_taken_username_is_shown_next_to_the_field(client):
    UserFactory(username="newlearner")
    response = client.post(reverse("accounts:signup"), signup_data())
    assert response.status_code == 200
    assert "A user with that username already exists." in response.text
    assert 'aria-invalid="true"' in response.text


@pytest.mark.django_db
def test_weak_passwords_are_refused(client):
    response = client.post(reverse("accounts:signup"), signup_data(password1="password", password2="password"))
    assert response.status_code == 200
    assert "This password is too common." in response.text
    assert not User.objects.filter(username="newlearner").exists()


@pytest.mark.django_db
def test_an_unknown_time_zone_is_refused(client):
    response = client.post(reverse("accounts:signup"), signup_data(time_zone="Mars/Olympus"))
    assert response.status_code == 200
    assert "Select a valid choice" in response.text


@pytest.mark.django_db
def test_the_signup_page_has_the_time_zone_select(client):
    response = client.get(reverse("accounts:signup"))
    assert response.status_code == 200
    assert 'name="time_zone"' in response.text


@pytest.mark.django_db
def test_log_in_and_log_out(client):
    UserFactory(username="ana")
    response = client.post(reverse("accounts:login"), {"username": "ana", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("core:home")).context["user"].username == "ana"
    assert client.get(reverse("accounts:logout")).status_code == 405  # log-out is POST only
    client.post(reverse("accounts:logout"))
    assert not client.get(reverse("core:home")).context["user"].is_authenticated


@pytest.mark.django_db
def test_password_reset_says_the_same_for_known_and_unknown_addresses(client):
    UserFactory(username="ana", email="ana@example.com")
    known = client.post(reverse("accounts:password_reset"), {"email": "ana@example.com"}, follow=True)
    unknown = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    token = re.compile(r"[A-Za-z0-9]{64}")
    assert token.sub("", known.text) == token.sub("", unknown.text)
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/" in mail.outbox[0].body


@pytest.mark.django_db
def test_password_change_needs_a_login(client):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_every_user_gets_a_profile():
    assert UserFactory().profile.time_zone == "UTC"
