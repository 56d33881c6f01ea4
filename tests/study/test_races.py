"""Races between requests, with real connections in threads (file SQLite or PostgreSQL)."""

import shutil
import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from studyapp.cards.models import Card
from studyapp.study import reviewing
from studyapp.study.models import CardState, ReviewLog
from tests.factories import NOW, CardFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(*jobs):
    """Start the jobs at the same moment on their own connections; return their results."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def grade(user, card, shown_at, rating=3, version=0):
    shown = reviewing.Shown(user.pk, card.pk, version, shown_at)
    return lambda: reviewing.record_answer(user, shown, rating, NOW + timedelta(seconds=30))[0]


@pytest.mark.parametrize("started", [False, True], ids=["new card", "card under review"])
def test_two_tabs_grading_the_same_card_at_once_record_one_review(started):
    user, card = UserFactory(), CardFactory()
    version = 0
    if started:
        reviewing.record_answer(user, reviewing.Shown(user.pk, card.pk, 0, NOW), 3, NOW)
        version = 1
    results = run_together(
        grade(user, card, NOW + timedelta(seconds=1), rating=3, version=version),
        grade(user, card, NOW + timedelta(seconds=2), rating=1, version=version),
    )
    assert sorted(results) == ["recorded", "stale"], results
    assert ReviewLog.objects.filter(user=user, version_before=version).count() == 1
    assert CardState.objects.get(user=user, card=card).reps == version + 1


def test_a_double_submit_racing_itself_records_one_review():
    user, card = UserFactory(), CardFactory()
    same = NOW + timedelta(seconds=1)
    results = run_together(grade(user, card, same), grade(user, card, same))
    assert sorted(results) == ["duplicate", "recorded"], results
    assert ReviewLog.objects.count() == 1


def test_import_content_while_learners_study_loses_no_progress(tmp_path, settings):
    call_command("import_content", stdout=StringIO())
    learners = [UserFactory() for _ in range(3)]
    cards = list(Card.objects.active().order_by("pk")[:6])
    keys = set(Card.objects.values_list("key", flat=True))
    changed = tmp_path / "content"
    shutil.copytree(settings.CONTENT_DIR, changed)
    lambda_file = changed / "02-lambda.md"
    lambda_file.write_text(lambda_file.read_text().replace("900 seconds (15 minutes)", "900 seconds (a quarter hour)"))

    def study(user):
        def job():
            return [grade(user, card, NOW + timedelta(seconds=i))() for i, card in enumerate(cards)]

        return job

    def reimport():
        call_command("import_content", str(changed), stdout=StringIO())
        return "imported"

    results = run_together(reimport, *(study(user) for user in learners))
    assert results[0] == "imported", results
    for outcome in results[1:]:
        assert outcome == ["recorded"] * len(cards), results
    assert ReviewLog.objects.count() == len(learners) * len(cards)
    assert set(Card.objects.values_list("key", flat=True)) == keys
    assert Card.objects.filter(back="900 seconds (a quarter hour)").exists()
