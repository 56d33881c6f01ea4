"""The main navigation: only links to pages that exist for this user."""

from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from studyapp.accounts.roles import shown_as_instructor
from studyapp.lib.paths import reversed_once
from studyapp.study.queue import cached_due_count

# The URLs every page's header links to.
SITE_LINKS = (
    ("home", "core:home"),
    ("topics", "content:topics"),
    ("study", "study:study"),
    ("quizzes", "quizzes:list"),
    ("classes", "classes:list"),
    ("progress", "progress:dashboard"),
    ("class_progress", "progress:classes"),
    ("notes", "notes:list"),
    ("study_settings", "study:settings"),
    ("bank", "quizzes:bank"),
    ("flags", "cards:flags"),
    ("password_change", "accounts:password_change"),
    ("admin", "admin:index"),
    ("logout", "accounts:logout"),
    ("login", "accounts:login"),
    ("signup", "accounts:signup"),
)


def site_paths() -> dict[str, str]:
    return reversed_once(SITE_LINKS)


def _links(request: HttpRequest) -> list[dict]:
    user = request.user
    paths = site_paths()
    match = getattr(request, "resolver_match", None)
    current = match.app_name if match else ""
    links = [{"label": "Topics", "url": paths["topics"], "section": "content"}]
    if user.is_authenticated:
        due = cached_due_count(user, timezone.now())
        links.append({"label": "Study", "url": paths["study"], "section": "study", "badge": due})
        links.append({"label": "Quizzes", "url": paths["quizzes"], "section": "quizzes"})
        links.append({"label": "Classes", "url": paths["classes"], "section": "classes"})
        # An instructor's progress to read is their classes'; their own dashboard is a link away from there.
        progress = "class_progress" if shown_as_instructor(user) else "progress"
        links.append({"label": "Progress", "url": paths[progress], "section": "progress"})
    for link in links:
        link["current"] = link["section"] == current or (current == "cards" and link["section"] == "content")
    return links


def navigation(request: HttpRequest) -> dict:
    # Lazy: HTMX fragments never show the navigation, so they never pay for its queries.
    return {
        "site_paths": site_paths(),
        "nav_links": SimpleLazyObject(lambda: _links(request)),
        "user_is_instructor": SimpleLazyObject(lambda: shown_as_instructor(request.user)),
    }
