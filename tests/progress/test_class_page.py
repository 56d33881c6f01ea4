"""The class view kept: a repeated view shows the kept page, and every change shows at once.

Each test views the class's page (which keeps it), changes something the way the app does, and checks
that the next view shows the change, the same as a page built afresh with nothing cached. Without the
part of the key that sees that change, its test fails.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.utils.timesince import timesince

from studyapp.classes.models import Membership
from studyapp.content.models import Topic
from studyapp.progress import class_page
from studyapp.progress.class_page import PAGE, TABLE
from studyapp.progress.templatetags.progress import ago_changes_at
from studyapp.study import reviewing
from studyapp.study.models import CardState, StudySettings
from tests.classes.factories import ClassExamFactory
from tests.factories import NOW, CardFactory, CardStateFactory, ReviewLogFactory, TopicFactory, UserFactory
from tests.progress.helpers import make_class
from tests.quizzes.test_grades_for_progress import finish, five_question_quiz
from tests.study.helpers import answer

pytestmark = pytest.mark.django_db


def shown(klass, now=NOW, sort="name", part=PAGE) -> str:
    """The class's page at `now` (from the cache when it is kept)."""
    return class_page.class_page_html(klass, sort, part, now.date(), now)


def built_afresh(klass, now=NOW, sort="name", part=PAGE) -> str:
    cache.clear()
    return shown(klass, now, sort, part)


def row(html: str, username: str) -> str:
    start = html.index(f'<tr data-learner="{username}">')
    return html[start : html.index("</tr>", start)]


@pytest.fixture
def ana():
    return UserFactory(username="ana", first_name="Ana")


@pytest.fixture
def klass(instructor, ana):
    """Ana, in a class of the instructor's, studied one card of three ten days ago (stability 30 days)
    and answered it then, her only review."""
    topic = TopicFactory(short_title="Lambda basics")
    studied, *_ = (CardFactory(topic=topic, front=f"Card {n}") for n in range(3))
    CardStateFactory(review=True, user=ana, card=studied, stability=30.0, last_review=NOW - timedelta(days=10))
    ReviewLogFactory(user=ana, card=studied, reviewed_at=NOW - timedelta(days=10))
    return make_class(instructor, [ana])


def test_a_repeated_view_shows_the_kept_page(klass, ana):
    first = shown(klass)
    CardState.objects.filter(user=ana).update(lapses=5)  # behind the app's back: no key sees it
    assert shown(klass) == first


def test_an_answer_shows_at_once(klass, ana):
    assert "1\xa0week ago" in row(shown(klass), "ana")  # Django's timesince joins with no-break spaces
    card = CardFactory(topic=Topic.objects.get(short_title="Lambda basics"), front="Card new")
    assert answer(ana, card, 3, NOW - timedelta(hours=2)) == reviewing.RECORDED
    after = shown(klass)
    assert "2\xa0hours ago" in row(after, "ana")
    assert after == built_afresh(klass)


def test_an_undone_answer_shows_the_page_from_before_it(klass, ana):
    before = shown(klass)
    card = Topic.objects.get(short_title="Lambda basics").cards.get(front="Card 1")
    answer(ana, card, 3, NOW - timedelta(hours=5))
    assert shown(klass) != before
    assert reviewing.undo_last(ana, StudySettings.for_user(ana), NOW) is not None
    assert shown(klass) == before == built_afresh(klass)


def test_an_answer_stamped_before_the_latest_shows_at_once(klass, ana):
    # A slow request, or another server's clock: it lands after a later-stamped answer was seen.
    card = Topic.objects.get(short_title="Lambda basics").cards.get(front="Card 1")
    answer(ana, card, 3, NOW - timedelta(minutes=10))
    before = shown(klass)
    assert '<td class="num">1</td>' in row(before, "ana")  # reviews in the last 7 days
    ReviewLogFactory(user=ana, card=card, reviewed_at=NOW - timedelta(minutes=30), version_before=1)
    after = shown(klass)
    assert '<td class="num">2</td>' in row(after, "ana")
    assert after == built_afresh(klass)


def test_suspending_a_card_shows_at_once_in_the_exam_readiness(klass, ana):
    # A suspended card is left out of what a learner will recall on the exam day (set aside, not studied).
    ClassExamFactory(klass=klass, day=NOW.date() + timedelta(days=20), target=0.8)
    assert "studied by 1 learner" in shown(klass)
    state = CardState.objects.get(user=ana)
    shown_card = reviewing.Shown(ana.pk, state.card_id, state.version, NOW)
    assert reviewing.set_aside(ana, StudySettings.for_user(ana), shown_card, NOW, suspend=True)
    after = shown(klass)
    assert "3 cards of the exam no learner has studied yet" in after
    assert after == built_afresh(klass)


def test_a_settings_change_shows_at_once(klass, ana):
    # Stability 30 days, 10 days since: recall about 96 %, above 0.9 and under 0.97.
    assert '<td class="num">33%</td>' in row(shown(klass), "ana")
    study = StudySettings.for_user(ana)
    study.desired_retention = 0.97
    study.save()
    after = shown(klass)
    assert '<td class="num">0%</td>' in row(after, "ana")
    assert after == built_afresh(klass)


def test_a_learner_renamed_joining_or_leaving_shows_at_once(klass, ana):
    shown(klass)
    ana.first_name = "Anabel"
    ana.save()
    assert "Anabel" in shown(klass)
    klass.add_learner(UserFactory(username="ben"))
    assert 'data-learner="ben"' in shown(klass)
    Membership.objects.filter(learner=ana).delete()
    after = shown(klass)
    assert 'data-learner="ana"' not in after
    assert after == built_afresh(klass)


def test_a_learners_time_zone_shows_at_once_in_the_exam_readiness(klass, ana):
    # An exam in 20 days: Ana's last review falls on her local day, which her time zone moves.
    ClassExamFactory(klass=klass, day=NOW.date() + timedelta(days=20), target=0.8)
    late = NOW.replace(hour=23, minute=30) - timedelta(days=2)
    CardState.objects.filter(user=ana).update(last_review=late, stability=2.0)
    before = shown(klass)
    ana.profile.time_zone = "Asia/Tokyo"  # 08:30 the next day there
    ana.profile.save()
    after = shown(klass)
    assert after != before
    assert after == built_afresh(klass)


def test_topics_shared_unshared_archived_or_renamed_show_at_once(klass, instructor):
    own = TopicFactory(owner=instructor, short_title="Our own topic")
    CardFactory(topic=own)
    shown(klass)
    klass.share(own)
    assert "Our own topic" in shown(klass)
    klass.unshare(own)
    assert "Our own topic" not in shown(klass)
    lambda_basics = Topic.objects.get(short_title="Lambda basics")
    lambda_basics.short_title = "Lambda"
    lambda_basics.save()
    assert "Lambda basics" not in shown(klass)
    lambda_basics.archived = True
    lambda_basics.save()
    after = shown(klass)
    assert "Lambda" not in after
    assert after == built_afresh(klass)


def test_cards_added_edited_or_retired_show_at_once(klass, ana):
    assert '<td class="num">33%</td>' in row(shown(klass), "ana")
    topic = Topic.objects.get(short_title="Lambda basics")
    CardFactory(topic=topic)
    assert '<td class="num">25%</td>' in row(shown(klass), "ana")
    card = topic.cards.get(front="Card 0")
    card.front = "Card 0, reworded"
    card.save()
    assert "Card 0, reworded" in shown(klass)  # the weakest cards
    card.retired_at = NOW
    card.save()
    after = shown(klass)
    assert '<td class="num">—</td>' in row(after, "ana")  # nothing studied left in the topic
    assert after == built_afresh(klass)


def test_an_exam_set_or_changed_shows_at_once(klass):
    assert "Ready for the exam" not in shown(klass)
    exam = ClassExamFactory(klass=klass, day=NOW.date() + timedelta(days=20), target=0.8)
    assert "Target: 80%" in shown(klass)
    exam.target = 0.85
    exam.save()
    after = shown(klass)
    assert "Target: 85%" in after
    other = TopicFactory(short_title="Step Functions")
    exam.all_topics = False
    exam.save()
    exam.topics.set([other])
    assert "Lambda basics · average predicted recall" not in shown(klass)  # the exam's weakest cards
    exam.topics.set([Topic.objects.get(short_title="Lambda basics")])
    after = shown(klass)
    assert "Lambda basics · average predicted recall" in after
    assert after == built_afresh(klass)


def test_the_instructors_next_day_passes_an_exam(klass):
    # Midnight where the instructor lives may come in the middle of a UTC hour (Asia/Kolkata: 18:30 UTC).
    ClassExamFactory(klass=klass, day=NOW.date() + timedelta(days=1), target=0.8)
    assert "Ready for the exam" in class_page.class_page_html(klass, "name", PAGE, NOW.date(), NOW)
    next_day = NOW.date() + timedelta(days=1)
    after = class_page.class_page_html(klass, "name", PAGE, next_day, NOW)
    assert "Ready for the exam" not in after
    cache.clear()
    assert after == class_page.class_page_html(klass, "name", PAGE, next_day, NOW)


def test_quizzes_published_renamed_or_submitted_show_at_once(klass, instructor, ana):
    quiz = five_question_quiz(instructor, title="Lambda limits", published_at=None)
    quiz.classes.add(klass)
    assert "Lambda limits" not in shown(klass)
    quiz.published_at = NOW - timedelta(days=3)
    quiz.save()
    assert "Lambda limits" in shown(klass)
    quiz.title = "Lambda quotas"
    quiz.save()
    assert "Lambda quotas" in shown(klass)
    finish(quiz, ana, 4, NOW - timedelta(days=1))
    assert '<td class="num">80%</td>' in row(shown(klass), "ana")
    quiz.classes.remove(klass)
    after = shown(klass)
    assert "Lambda quotas" not in after
    assert after == built_afresh(klass)


def test_an_attempt_submitted_shows_at_once(klass, instructor, ana):
    quiz = five_question_quiz(instructor, title="Lambda limits")
    quiz.classes.add(klass)
    finish(quiz, ana, 5, NOW - timedelta(days=2))
    assert '<td class="num">100%</td>' in row(shown(klass), "ana")
    # All right: no missed card comes back to her queue, so nothing but the attempt changes.
    finish(quiz, ana, 1, NOW - timedelta(days=1))
    assert StudySettings.for_user(ana).states_changed == 0
    after = shown(klass)
    assert "Item 1?" in after  # the hardest question now
    assert after == built_afresh(klass)


def test_an_open_attempt_counts_once_its_deadline_passes(klass, instructor, ana):
    quiz = five_question_quiz(instructor, title="Timed", time_limit=timedelta(minutes=20))
    quiz.classes.add(klass)
    finish(quiz, ana, 3, NOW - timedelta(minutes=10), submit=False)  # its deadline: in ten minutes
    before = shown(klass)
    assert '<td class="num">—</td>' in row(before, "ana")
    assert shown(klass, NOW + timedelta(minutes=9, seconds=59)) == before
    later = NOW + timedelta(minutes=10)
    after = shown(klass, later)
    assert '<td class="num">60%</td>' in row(after, "ana")
    assert after == built_afresh(klass, later)


def test_the_class_renamed_shows_at_once(klass):
    shown(klass)
    klass.name = "Serverless 102"
    klass.save()
    after = shown(klass)
    assert "Serverless 102" in after
    assert after == built_afresh(klass)


def test_each_sort_and_the_table_alone_are_kept_apart(klass, ana):
    klass.add_learner(UserFactory(username="ben"))
    by_name = shown(klass)
    by_name_descending = shown(klass, sort="-name")
    table = shown(klass, sort="-name", part=TABLE)
    assert by_name.index('data-learner="ana"') < by_name.index('data-learner="ben"')
    assert by_name_descending.index('data-learner="ben"') < by_name_descending.index('data-learner="ana"')
    assert table.lstrip().startswith('<section id="learner-table"') and "Weakest topics" not in table
    # An unknown column sorts by name, and is kept as that.
    assert shown(klass, sort="-nonsense") == by_name


# --------------------------------------------------------------------------
# Time alone
# --------------------------------------------------------------------------


def test_the_figures_move_at_the_start_of_the_next_hour(klass, ana):
    # The figures are taken at the start of the hour: the last 7 days are counted from 12:00 7 days ago
    # until 13:00, when the answer of 12:30 that day leaves them. (Her latest answer, two days ago, keeps
    # the "ago" text the same meanwhile.)
    ReviewLogFactory(user=ana, card=CardFactory(), reviewed_at=NOW - timedelta(days=7, minutes=-30))
    ReviewLogFactory(user=ana, card=CardFactory(), reviewed_at=NOW - timedelta(days=2))
    before = shown(klass)
    assert '<td class="num">2</td>' in row(before, "ana")
    almost = NOW + timedelta(minutes=59, seconds=59)
    assert shown(klass, almost) == before
    next_hour = NOW + timedelta(hours=1)
    after = shown(klass, next_hour)
    assert '<td class="num">1</td>' in row(after, "ana")
    assert after == built_afresh(klass, next_hour)


def test_an_ago_text_moves_when_its_minute_comes(klass, ana):
    ReviewLogFactory(user=ana, card=CardFactory(), reviewed_at=NOW - timedelta(minutes=3, seconds=30))
    before = shown(klass)
    assert "3\xa0minutes ago" in row(before, "ana")
    assert shown(klass, NOW + timedelta(seconds=29)) == before
    later = NOW + timedelta(seconds=30)
    after = shown(klass, later)
    assert "4\xa0minutes ago" in row(after, "ana")
    assert after == built_afresh(klass, later)


MOMENTS = [
    timedelta(seconds=5),
    timedelta(minutes=59, seconds=59),
    timedelta(hours=1, seconds=1),
    timedelta(hours=23, minutes=59, seconds=30),
    timedelta(days=1, hours=3),
    timedelta(days=13, hours=23, minutes=1),
    timedelta(days=29, hours=6),
    timedelta(days=45, hours=20),
    timedelta(days=400, hours=1),
]


@pytest.mark.parametrize("age", MOMENTS)
@pytest.mark.parametrize("hour", [0, 11, 23])
def test_an_ago_text_reads_the_same_until_it_may_change(age, hour):
    now = datetime(2026, 1, 31, hour, 17, 42, tzinfo=UTC)
    moment = now - age
    changes = ago_changes_at(moment, now)
    assert changes > now
    text = timesince(moment, now, depth=1)
    step = (changes - now) / 50
    for n in range(50):
        assert timesince(moment, now + step * n, depth=1) == text
    assert timesince(moment, changes - timedelta(microseconds=1), depth=1) == text


def test_an_ago_text_is_kept_for_the_whole_unit_it_counts():
    moment = datetime(2026, 1, 31, 9, 0, 10, tzinfo=UTC)
    assert ago_changes_at(moment, moment + timedelta(minutes=3, seconds=5)) == moment + timedelta(minutes=4)
    assert ago_changes_at(moment, moment + timedelta(hours=5, minutes=1)) == moment + timedelta(hours=6)
    # Days: the next whole day of the age, or midnight UTC when it comes first.
    assert ago_changes_at(moment, moment + timedelta(days=3, hours=23)) == moment + timedelta(days=4)
    late = datetime(2026, 1, 31, 23, 0, tzinfo=UTC)
    assert ago_changes_at(late, late + timedelta(days=3, minutes=30)) == datetime(2026, 2, 4, tzinfo=UTC)
