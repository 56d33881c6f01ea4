from django.urls import path

from . import views

app_name = "cards"
urlpatterns = [
    path("topics/<slug:slug>/cards/", views.browser, name="browser"),
    path("topics/<slug:slug>/cards/new/", views.create, name="create"),
    path("topics/<slug:slug>/cards/export.<str:fmt>", views.download, name="download"),
    path("cards/<int:pk>/", views.card, name="card"),
    path("cards/<int:pk>/edit/", views.edit, name="edit"),
    path("cards/<int:pk>/retire/", views.retire, name="retire"),
    path("cards/<int:pk>/restore/", views.restore, name="restore"),
    path("cards/<int:pk>/flag/", views.flag, name="flag"),
    path("cards/flags/", views.flags, name="flags"),
    path("cards/flags/<int:pk>/resolve/", views.resolve_flag, name="resolve-flag"),
]
