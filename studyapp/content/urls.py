from django.urls import path

from . import views

app_name = "content"
urlpatterns = [
    path("", views.topic_list, name="topics"),
    path("<slug:slug>/", views.topic_detail, name="topic"),
]
