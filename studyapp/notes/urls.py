from django.urls import path

from . import views

app_name = "notes"
urlpatterns = [
    path("", views.my_notes, name="list"),
    path("new/", views.new, name="new"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/preview/", views.edit_preview, name="edit-preview"),
    path("<slug:slug>/download.md", views.download, name="download"),
]
