"""The benchmark's URL root: the two floor pages, then the whole site as production serves it."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("bench/floor/static", views.static_floor, name="static-floor"),
    path("bench/floor/page", views.page_floor, name="page-floor"),
    path("", include("studyapp.urls")),
]
