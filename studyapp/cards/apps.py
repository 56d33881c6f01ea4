from django.apps import AppConfig


class CardsConfig(AppConfig):
    name = "studyapp.cards"
    label = "cards"
    verbose_name = "Flashcards"
