import os
import subprocess
import sys
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from studyapp.accounts.roles import is_instructor


@pytest.mark.django_db
def test_home_says_what_the_app_is_and_where_to_start(client, imported_topics):
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert "Where to start" in response.text
    assert "Sign up" in response.text
    assert "AWS Lambda" in response.text


@pytest.mark.django_db
def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_the_htmx_csrf_header_and_local_htmx_are_on_every_page(client):
    text = client.get(reverse("core:home")).text
    assert 'hx-headers=\'{"X-CSRFToken": "' in text
    assert "/static/django_htmx/htmx-2.min.js" in text
    assert "https://" not in text.split("<body")[0]  # no CDN in the head


@pytest.mark.django_db
def test_seed_demo_creates_the_accounts_once_and_prints_them():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=StringIO())
    assert User.objects.count() == 5
    assert is_instructor(User.objects.get(username="instructor"))
    assert not is_instructor(User.objects.get(username="learner"))
    assert "learner     / study-serverless" in out.getvalue()


@pytest.mark.django_db
def test_seed_demo_takes_a_password():
    call_command("seed_demo", "--password", "other-pass-77", stdout=StringIO())
    assert User.objects.get(username="learner").check_password("other-pass-77")


def test_check_deploy_is_clean_in_production_settings():
    env = dict(
        os.environ,
        DEBUG="0",
        SECRET_KEY="x" * 20 + "-production-secret-key-for-the-check-only-0123456789",
        ALLOWED_HOSTS="study.example.com",
    )
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = dict(os.environ, DEBUG="0", SECRET_KEY="", ALLOWED_HOSTS="study.example.com")
    result = subprocess.run([sys.executable, "manage.py", "check"], capture_output=True, text=True, env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
