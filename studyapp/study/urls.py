from django.urls import path

from . import views

app_name = "study"
urlpatterns = [
    path("", views.study, name="study"),
    path("topic/<slug:slug>/", views.study, name="topic"),
    path("answer/", views.answer, name="answer"),
    path("grade/", views.grade, name="grade"),
    path("undo/", views.undo, name="undo"),
    path("bury/", views.set_aside, {"action": "bury"}, name="bury"),
    path("suspend/", views.set_aside, {"action": "suspend"}, name="suspend"),
    path("settings/", views.settings_page, name="settings"),
    path("settings/optimize/", views.optimize, name="optimize"),
    path("exams/add/", views.exam_add, name="exam-add"),
    path("exams/<int:pk>/remove/", views.exam_remove, name="exam-remove"),
    path("suspended/<int:pk>/unsuspend/", views.unsuspend, name="unsuspend"),
]
