"""Shared helpers for the study tests: answering a card as the study screen does."""

from datetime import datetime

from studyapp.study import reviewing


def answer(user, card, rating: int, at: datetime, version: int = 0) -> str:
    shown = reviewing.Shown(user.pk, card.pk, version, at)
    outcome, _study = reviewing.record_answer(user, shown, rating, at)
    return outcome
