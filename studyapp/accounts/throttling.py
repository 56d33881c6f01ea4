"""Log-in throttling with its own limit for each way of counting failures.

django-axes counts failures once for each of AXES_LOCKOUT_PARAMETERS (one
account from one address; one address whatever the account) but compares only
the largest count with a single AXES_FAILURE_LIMIT. settings.LOGIN_FAILURE_LIMITS
gives each count its limit; AXES_FAILURE_LIMIT points at `failure_limit` below.
"""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address, get_lockout_parameters
from axes.utils import reset
from django.conf import settings
from django.db.models import Sum


def failure_limit(request, credentials: dict | None) -> int:
    """The limit of the first count that has reached its own limit; else one that
    no count has reached, since axes locks when its largest count reaches this."""
    parameters = get_lockout_parameters(request, credentials)
    attempts = AxesProxyHandler.get_implementation().get_user_attempts(request, credentials)
    counts = [found.aggregate(total=Sum("failures_since_start"))["total"] or 0 for found in attempts]
    for parameter, count in zip(parameters, counts, strict=True):
        limit = settings.LOGIN_FAILURE_LIMITS[(parameter,) if isinstance(parameter, str) else tuple(parameter)]
        if count >= limit:
            return limit
    return max(counts, default=0) + 1


def forgive_typos(request, user) -> None:
    """A log-in clears that account's failures from that address, and only those:
    axes' own AXES_RESET_ON_SUCCESS clears the whole address's, so a sprayer could
    log in to an account of their own to start counting afresh."""
    if settings.AXES_ENABLED and request is not None:
        reset(ip=get_client_ip_address(request), username=user.get_username())
