from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("studyapp.core.urls")),
    path("", include("studyapp.cards.urls")),
    path("topics/", include("studyapp.content.urls")),
    path("study/", include("studyapp.study.urls")),
    path("classes/", include("studyapp.classes.urls")),
    path("quizzes/", include("studyapp.quizzes.urls")),
    path("progress/", include("studyapp.progress.urls")),
    path("accounts/", include("studyapp.accounts.urls")),
    path("admin/", admin.site.urls),
]
