"""The main navigation: only links to pages that exist for this user."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from studyapp.accounts.roles import is_instructor
from studyapp.study.queue import cached_due_count


def _links(request: HttpRequest) -> list[dict]:
    user = request.user
    match = getattr(request, "resolver_match", None)
    current = match.app_name if match else ""
    links = [{"label": "Topics", "url": reverse("content:topics"), "section": "content"}]
    if user.is_authenticated:
        due = cached_due_count(user, timezone.now())
        links.append({"label": "Study", "url": reverse("study:study"), "section": "study", "badge": due})
        links.append({"label": "Quizzes", "url": reverse("quizzes:list"), "section": "quizzes"})
        links.append({"label": "Classes", "url": reverse("classes:list"), "section": "classes"})
        # An instructor's progress to read is their classes'; their own dashboard is a link away from there.
        progress = "progress:classes" if is_instructor(user) else "progress:dashboard"
        links.append({"label": "Progress", "url": reverse(progress), "section": "progress"})
    for link in links:
        link["current"] = link["section"] == current or (current == "cards" and link["section"] == "content")
    return links


def navigation(request: HttpRequest) -> dict:
    # Lazy: HTMX fragments never show the navigation, so they never pay for its queries.
    return {
        "nav_links": SimpleLazyObject(lambda: _links(request)),
        "user_is_instructor": SimpleLazyObject(lambda: is_instructor(request.user)),
    }
