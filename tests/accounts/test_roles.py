"""The instructor role: kept between requests, and forgotten as soon as the group's members change."""

import pytest
from django.contrib.auth.models import Group, User

from studyapp.accounts.roles import INSTRUCTORS_GROUP, is_instructor

pytestmark = pytest.mark.django_db


def role_of(user) -> bool:
    """The role as the next request sees it: a fresh user object, so only the kept role is reused."""
    return is_instructor(User.objects.get(pk=user.pk))


def test_the_role_is_read_once_then_kept(instructor, django_assert_num_queries):
    assert role_of(instructor)
    fresh = User.objects.get(pk=instructor.pk)
    with django_assert_num_queries(0):
        assert is_instructor(fresh)


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
