from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page's <link rel="icon"> says."""
    return redirect(static("img/favicon.svg"), permanent=True)


urlpatterns = [
    path("favicon.ico", favicon),
    path("", include("studyapp.core.urls")),
    path("", include("studyapp.cards.urls")),
    path("topics/", include("studyapp.content.urls")),
    path("study/", include("studyapp.study.urls")),
    path("classes/", include("studyapp.classes.urls")),
    path("quizzes/", include("studyapp.quizzes.urls")),
    path("progress/", include("studyapp.progress.urls")),
    path("notes/", include("studyapp.notes.urls")),
    path("accounts/", include("studyapp.accounts.urls")),
    path("admin/", admin.site.urls),
]
