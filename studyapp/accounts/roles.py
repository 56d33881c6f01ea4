"""The two roles: every user is a learner; instructors are in the Instructors group."""

from collections.abc import Iterable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction

INSTRUCTORS_GROUP = "Instructors"
# Every page's header asks for the role. It is kept in Django's cache (shared by every server with
# REDIS_URL) and forgotten whenever the group's members change (accounts.signals); the timeout is only
# a safety net for a change made around Django's signals, such as raw SQL.
ROLE_SECONDS = 300


def _role_key(user_id: int) -> str:
    return f"accounts:is-instructor:{user_id}"


def is_instructor(user) -> bool:
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_is_instructor", None)
    if cached is None:
        cached = cache.get(_role_key(user.pk))
        if cached is None:
            cached = user.groups.filter(name=INSTRUCTORS_GROUP).exists()
            cache.set(_role_key(user.pk), cached, ROLE_SECONDS)
        user._is_instructor = cached
    return cached


def forget_roles(user_ids: Iterable[int]) -> None:
    """Forget the kept roles of these users, now and again when the transaction commits (a request
    that read the old membership before then may have kept it)."""
    keys = [_role_key(user_id) for user_id in user_ids]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


def instructor_required(view):
    """Log-in first, then 403 for anyone who is not an instructor."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_instructor(request.user):
            raise PermissionDenied("Only instructors can open this page.")
        return view(request, *args, **kwargs)

    return wrapper
