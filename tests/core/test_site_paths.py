"""The header's links come from URLs reversed once per process (`site_paths`): the same as reversing them
on every page, for every role."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse, set_script_prefix

from studyapp.accounts.roles import INSTRUCTORS_GROUP
from studyapp.core.context_processors import site_paths

pytestmark = pytest.mark.django_db


def header_links(client) -> list[str]:
    header = client.get("/topics/").content.decode().split("</header>")[0]
    return re.findall(r'(?:href|action)="([^"]+)"', header.split("<body")[1])


def test_a_visitor_is_offered_log_in_and_sign_up(client):
    assert header_links(client) == ["#main", "/", "/topics/", reverse("accounts:login"), reverse("accounts:signup")]


def test_an_instructor_on_the_staff_sees_every_account_link(staff_client, staff):
    Group.objects.get_or_create(name=INSTRUCTORS_GROUP)[0].user_set.add(staff)
    expected = ["study:study", "quizzes:list", "classes:list", "progress:classes", "notes:list", "study:settings"]
    expected += ["quizzes:bank", "cards:flags", "accounts:password_change", "admin:index", "accounts:logout"]
    assert header_links(staff_client) == ["#main", "/", "/topics/", *(reverse(name) for name in expected)]


def test_the_paths_are_reversed_once():
    assert site_paths() is site_paths()
    assert site_paths()["logout"] == reverse("accounts:logout")


def test_a_site_served_under_a_prefix_links_under_it():
    try:
        set_script_prefix("/school/")
        assert site_paths()["home"] == "/school/" and site_paths()["logout"] == "/school/accounts/logout/"
    finally:
        set_script_prefix("/")
    assert site_paths()["home"] == "/"


def test_the_study_screen_links_under_a_prefix_too():
    from studyapp.study.views import study_paths

    try:
        set_script_prefix("/school/")
        assert study_paths()["grade"] == "/school/study/grade/"
    finally:
        set_script_prefix("/")
    assert study_paths()["grade"] == reverse("study:grade") == "/study/grade/"
