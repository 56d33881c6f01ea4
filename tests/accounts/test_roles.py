"""The instructor role: read from the database for what a user may do; kept between requests for the
header's links, and forgotten as soon as the group's members change."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.urls import reverse

from studyapp.accounts.roles import INSTRUCTORS_GROUP, is_instructor, role_key, shown_as_instructor

pytestmark = pytest.mark.django_db


def role_of(user) -> bool:
    """The role the next request's header shows: a fresh user object, so only the kept role is reused."""
    return shown_as_instructor(User.objects.get(pk=user.pk))


def test_the_header_reads_the_role_once_then_keeps_it(instructor, django_assert_num_queries):
    assert role_of(instructor)
    next_request = User.objects.get(pk=instructor.pk)
    with django_assert_num_queries(0):
        assert shown_as_instructor(next_request)


def test_what_a_user_may_do_is_read_from_the_database_whatever_is_kept(learner, learner_client):
    cache.set(role_key(learner.pk), True)  # kept wrongly, as by a change made around the signals
    assert not is_instructor(User.objects.get(pk=learner.pk))
    assert learner_client.get(reverse("quizzes:bank")).status_code == 403


def test_joining_or_leaving_the_group_from_either_side_changes_the_role_at_once(learner, instructor):
    group = Group.objects.get(name=INSTRUCTORS_GROUP)
    assert not role_of(learner) and role_of(instructor)
    learner.groups.add(group)
    assert role_of(learner)
    learner.groups.remove(group)
    assert not role_of(learner)
    group.user_set.add(learner)
    assert role_of(learner)
    group.user_set.remove(learner)
    assert not role_of(learner)
    instructor.groups.clear()
    assert not role_of(instructor)
    group.user_set.add(instructor, learner)
    assert role_of(instructor) and role_of(learner)
    group.user_set.clear()
    assert not role_of(instructor) and not role_of(learner)
    group.user_set.set([learner])
    assert role_of(learner) and not role_of(instructor)


def test_renaming_or_deleting_the_group_changes_its_members_role(instructor, other_instructor):
    group = Group.objects.get(name=INSTRUCTORS_GROUP)
    assert role_of(instructor) and role_of(other_instructor)
    group.name = "Former instructors"
    group.save()
    assert not role_of(instructor)
    group.name = INSTRUCTORS_GROUP
    group.save()
    assert role_of(instructor)
    group.delete()
    assert not role_of(instructor) and not role_of(other_instructor)
