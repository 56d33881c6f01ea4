from django.apps import AppConfig


class StudyConfig(AppConfig):
    name = "studyapp.study"
    label = "study"
    verbose_name = "Spaced repetition"
