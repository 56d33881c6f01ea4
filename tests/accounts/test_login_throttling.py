import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def log_in(client, username, password, address="10.0.0.1"):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_failed_log_ins_lock_the_account_from_that_address(client, axes_on):
    UserFactory(username="ana")
    for _ in range(2):
        assert log_in(client, "ana", "wrong").status_code == 200
    assert log_in(client, "ana", "wrong").status_code == 429  # the third failure locks
    locked = log_in(client, "ana", PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed log-ins" in locked.text
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_lock_is_per_account_and_address(client, axes_on):
    UserFactory(username="ana")
    UserFactory(username="ben")
    for _ in range(3):
        log_in(client, "ana", "wrong")
    assert log_in(client, "ben", PASSWORD).status_code == 302  # another account from the same address
    client.logout()
    assert log_in(client, "ana", PASSWORD, address="10.0.0.2").status_code == 302  # same account elsewhere


@pytest.mark.django_db
def test_a_failed_log_in_does_not_say_whether_the_account_exists(client, axes_on):
    UserFactory(username="ana")
    known = log_in(client, "ana", "wrong").text
    unknown = log_in(client, "nobody", "wrong").text
    assert "Please enter a correct username and password" in known
    assert "Please enter a correct username and password" in unknown
