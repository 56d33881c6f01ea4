from django.apps import AppConfig
from django.core import checks


class StudyConfig(AppConfig):
    name = "studyapp.study"
    label = "study"
    verbose_name = "Spaced repetition"

    def ready(self) -> None:
        from .checks import check_sqlite_version

        checks.register(check_sqlite_version, checks.Tags.compatibility)
