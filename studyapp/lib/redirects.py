"""Where a form may send the user next: one guard for every `next` the app honours."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def posted_next(request: HttpRequest, default: str) -> str:
    """The posted `next` when it stays on this site (Django's own check, as its log-in view uses), else `default`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
