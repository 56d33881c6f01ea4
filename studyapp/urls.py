from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("studyapp.core.urls")),
    path("topics/", include("studyapp.content.urls")),
    path("accounts/", include("studyapp.accounts.urls")),
    path("admin/", admin.site.urls),
]
