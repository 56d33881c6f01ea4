"""The main navigation: only links to pages that exist for this user."""

from django.http import HttpRequest
from django.urls import reverse

from studyapp.accounts.roles import is_instructor


def navigation(request: HttpRequest) -> dict:
    links = [{"label": "Topics", "url": reverse("content:topics"), "section": "content"}]
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    current = match.app_name if match else ""
    for link in links:
        link["current"] = link["section"] == current
    return {"nav_links": links, "user_is_instructor": bool(user and is_instructor(user))}
