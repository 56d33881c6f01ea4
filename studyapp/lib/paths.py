"""URLs that pages link to on every view, reversed once per process and script prefix rather than per view."""

from functools import cache

from django.urls import get_script_prefix, reverse


def reversed_once(names: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """`{key: reverse(url_name)}` for these (key, url name) pairs, worked out once for each script prefix the
    site is served under."""
    return _reversed(names, get_script_prefix())


@cache
def _reversed(names: tuple[tuple[str, str], ...], prefix: str) -> dict[str, str]:
    return {key: reverse(name) for key, name in names}
