"""Who is falling behind: one rule for the class page, the instructor's list of classes and the home page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from studyapp.progress import figures
from tests.factories import NOW, CardFactory, InstructorFactory, ReviewLogFactory, UserFactory
from tests.progress.helpers import make_class


def test_it_says_a_learner_who_never_reviewed_is_behind():
    assert figures.behind_reason(None, 0, 0, NOW) == "no review yet"


def test_it_says_a_learner_with_no_review_in_a_week_is_behind():
    assert figures.behind_reason(NOW - timedelta(days=7, minutes=1), 20, 20, NOW) == "no review in 7 days"


def test_it_keeps_a_learner_who_reviewed_within_the_week():
    assert figures.behind_reason(NOW - timedelta(days=6, hours=23), 20, 20, NOW) == ""


def test_it_says_a_learner_with_low_retention_is_behind():
    assert figures.behind_reason(NOW - timedelta(hours=1), 7, 10, NOW) == "retention 70% over 30 days"


def test_it_keeps_a_learner_at_the_retention_line():
    assert figures.behind_reason(NOW - timedelta(hours=1), 8, 10, NOW) == ""


def test_too_few_review_answers_say_nothing_about_retention():
    assert figures.behind_reason(NOW - timedelta(hours=1), 0, figures.LOW_RETENTION_MIN_REVIEWS - 1, NOW) == ""


@pytest.mark.django_db
def test_the_class_rows_carry_the_reason():
    active, idle, failing = (UserFactory(username=name) for name in ("active", "idle", "failing"))
    klass = make_class(InstructorFactory(), [active, idle, failing])
    card = CardFactory()
    ReviewLogFactory(user=active, card=card, reviewed_at=NOW - timedelta(days=1))
    ReviewLogFactory(user=idle, card=card, reviewed_at=NOW - timedelta(days=9))
    for i in range(10):
        ReviewLogFactory(user=failing, card=card, reviewed_at=NOW - timedelta(hours=i + 1), rating=1 if i < 5 else 3)
    rows = {row.learner.username: row.behind for row in figures.class_progress(klass, NOW).rows}
    assert rows == {"active": "", "idle": "no review in 7 days", "failing": "retention 50% over 30 days"}


@pytest.mark.django_db
def test_the_class_page_names_who_is_falling_behind(client):
    owner, active, idle = InstructorFactory(), UserFactory(username="active"), UserFactory(username="idle")
    klass = make_class(owner, [active, idle])
    ReviewLogFactory(user=active, reviewed_at=timezone.now() - timedelta(hours=2))
    client.force_login(owner)
    html = client.get(f"/progress/classes/{klass.pk}/").content.decode()
    section = html.split('id="behind-heading"')[1].split("</section>")[0]
    assert f'href="/progress/classes/{klass.pk}/learners/{idle.pk}/"' in section and "no review yet" in section
    assert "active" not in section
