from django.urls import path

from . import views

app_name = "progress"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("study-weak-cards/", views.study_these, name="study-these"),
    path("workload/", views.workload, name="workload"),
    path("workload/retention/", views.retention, name="retention"),
    path("my-data/export.json", views.export, name="export"),
    path("my-data/delete/", views.delete, name="delete-account"),
    path("classes/", views.classes, name="classes"),
    path("classes/<int:pk>/", views.class_view, name="class"),
    path("classes/<int:pk>/progress.csv", views.class_csv, name="class-csv"),
    path("classes/<int:pk>/learners/<int:user_id>/", views.learner, name="learner"),
]
