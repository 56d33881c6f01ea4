from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "studyapp.progress"
    label = "progress"
    verbose_name = "Progress"
