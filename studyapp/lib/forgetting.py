"""Forgetting what the cache keeps about rows a transaction changes."""

from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction


def forget_now_and_on_commit(keys: Iterable[str]) -> None:
    """Drop these cache keys now, and again once the transaction commits: a request that read the old rows
    meanwhile may have kept what they said."""
    keys = list(keys)
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))
