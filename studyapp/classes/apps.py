from django.apps import AppConfig


class ClassesConfig(AppConfig):
    name = "studyapp.classes"
    label = "classes"
    verbose_name = "Classes"
