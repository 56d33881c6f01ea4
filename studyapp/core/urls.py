from django.conf import settings
from django.urls import path

from . import bench, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
]

if settings.BENCH:
    urlpatterns += [
        path("bench/floor/static", bench.static_floor, name="static-floor"),
        path("bench/floor/page", bench.page_floor, name="page-floor"),
    ]
