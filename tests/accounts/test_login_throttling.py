"""Log-in throttling through the real log-in view, with the limits the settings ship."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

ACCOUNT = ("username", "ip_address")
ADDRESS = ("ip_address",)


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True


@pytest.fixture
def account_limit() -> int:
    return settings.LOGIN_FAILURE_LIMITS[ACCOUNT]


@pytest.fixture
def address_limit() -> int:
    return settings.LOGIN_FAILURE_LIMITS[ADDRESS]


def log_in(client, username, password, address="10.0.0.1"):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_the_shipped_limits_lock_one_account_soon_and_one_address_later(account_limit, address_limit):
    assert 3 <= account_limit < address_limit <= 50
    assert [tuple(parameters) for parameters in settings.AXES_LOCKOUT_PARAMETERS] == list(settings.LOGIN_FAILURE_LIMITS)


@pytest.mark.django_db
def test_failed_log_ins_lock_the_account_from_that_address(client, axes_on, account_limit):
    UserFactory(username="ana")
    for _ in range(account_limit - 1):
        assert log_in(client, "ana", "wrong").status_code == 200
    assert log_in(client, "ana", "wrong").status_code == 429  # the last failure allowed locks
    locked = log_in(client, "ana", PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed log-ins" in locked.text
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_lock_is_per_account_and_address(client, axes_on, account_limit):
    UserFactory(username="ana")
    UserFactory(username="ben")
    for _ in range(account_limit):
        log_in(client, "ana", "wrong")
    assert log_in(client, "ben", PASSWORD).status_code == 302  # another account from the same address
    client.logout()
    assert log_in(client, "ana", PASSWORD, address="10.0.0.2").status_code == 302  # same account elsewhere


@pytest.mark.django_db
def test_an_address_trying_one_password_on_many_accounts_is_locked(client, axes_on, address_limit):
    UserFactory(username="ben")
    statuses = [log_in(client, f"user{n}", "Summer2024!", address="10.0.0.9").status_code for n in range(50)]
    assert statuses == [200] * (address_limit - 1) + [429] * (50 - address_limit + 1)
    assert log_in(client, "ben", PASSWORD, address="10.0.0.9").status_code == 429  # even a right password
    assert "_auth_user_id" not in client.session
    assert log_in(client, "ben", PASSWORD, address="10.0.0.10").status_code == 302  # other addresses are not


@pytest.mark.django_db
def test_a_classroom_behind_one_address_survives_a_few_typos_each(client, axes_on, account_limit, address_limit):
    learners = [UserFactory(username=f"pupil{n}") for n in range(address_limit // (account_limit - 1))]
    for learner in learners:
        for _ in range(account_limit - 1):
            assert log_in(client, learner.username, "typo").status_code == 200
    assert log_in(client, "pupil0", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_a_log_in_on_the_sprayers_own_account_does_not_wipe_the_addresss_failures(client, axes_on, address_limit):
    UserFactory(username="mallory")
    for n in range(address_limit - 1):
        log_in(client, f"user{n}", "Summer2024!", address="10.0.0.9")
    assert log_in(client, "mallory", PASSWORD, address="10.0.0.9").status_code == 302
    client.logout()
    assert log_in(client, "user99", "Summer2024!", address="10.0.0.9").status_code == 429


@pytest.mark.django_db
def test_a_log_in_forgives_that_accounts_earlier_typos(client, axes_on, account_limit):
    UserFactory(username="ana")
    for _ in range(account_limit - 1):
        log_in(client, "ana", "typo")
    assert log_in(client, "ana", PASSWORD).status_code == 302
    client.logout()
    for _ in range(account_limit - 1):
        assert log_in(client, "ana", "typo").status_code == 200


@pytest.mark.django_db
def test_a_failed_log_in_does_not_say_whether_the_account_exists(client, axes_on):
    UserFactory(username="ana")
    known = log_in(client, "ana", "wrong").text
    unknown = log_in(client, "nobody", "wrong").text
    assert "Please enter a correct username and password" in known
    assert "Please enter a correct username and password" in unknown
