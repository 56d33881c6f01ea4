"""The two roles: every user is a learner; instructors are in the Instructors group."""

from collections.abc import Iterable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied

from studyapp.lib.forgetting import forget_now_and_on_commit

INSTRUCTORS_GROUP = "Instructors"
# How long the header may show a role without asking the database again. Every change to the group's
# members forgets it at once (accounts.signals) in the cache it was made in: Redis, shared by every
# server, with REDIS_URL; without it each process keeps its own, so another process may show the old
# header links until this runs out. What a user may do is always checked with `is_instructor`.
ROLE_SECONDS = 300


def role_key(user_id: int) -> str:
    return f"accounts:is-instructor:{user_id}"


def is_instructor(user) -> bool:
    """Whether `user` is an instructor, read from the database once per request: permissions use this."""
    if not user.is_authenticated:
        return False
    known = getattr(user, "_is_instructor", None)
    if known is None:
        known = user.groups.filter(name=INSTRUCTORS_GROUP).exists()
        user._is_instructor = known
        cache.set(role_key(user.pk), known, ROLE_SECONDS)
    return known


def shown_as_instructor(user) -> bool:
    """The role the header's links follow (Progress leads an instructor to their classes): kept between
    requests, since every page asks; see ROLE_SECONDS."""
    if not user.is_authenticated:
        return False
    known = getattr(user, "_is_instructor", None)
    if known is None:
        known = cache.get(role_key(user.pk))
    return is_instructor(user) if known is None else known


def forget_roles(user_ids: Iterable[int]) -> None:
    """Forget the kept roles of these users (accounts.signals calls this when a group's members change)."""
    forget_now_and_on_commit(role_key(user_id) for user_id in user_ids)


def instructor_required(view):
    """Log-in first, then 403 for anyone who is not an instructor."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_instructor(request.user):
            raise PermissionDenied("Only instructors can open this page.")
        return view(request, *args, **kwargs)

    return wrapper
