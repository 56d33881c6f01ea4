"""The instructor's class view: figures per learner, sorting, CSV, and who may see it."""

import csv
import io
from datetime import timedelta
from functools import partial

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from studyapp.progress import figures
from studyapp.study.models import StudySettings
from tests.factories import (
    NOW,
    CardFactory,
    CardStateFactory,
    InstructorFactory,
    ReviewLogFactory,
    StudySettingsFactory,
    TopicFactory,
    UserFactory,
)
from tests.progress.helpers import bulk_history, make_class
from tests.quizzes.test_grades_for_progress import finish, five_question_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def learners():
    return [
        UserFactory(username="ana", first_name="Ana", last_name="Alves"),
        UserFactory(username="ben", time_zone="Asia/Tokyo"),
        UserFactory(username="cy"),
    ]


@pytest.fixture
def klass(instructor, learners):
    """Ana, Ben and Cy in a class of the instructor's."""
    return make_class(instructor, learners)


def history(learners, now, card=None):
    """Ana: 3 reviews in the last 7 days, true retention 2 of 3 over 30 days; Ben: 1 review, 1 of 1; Cy: none."""
    ana, ben, _cy = learners
    answered = partial(ReviewLogFactory, card=card or CardFactory())
    answered(user=ana, reviewed_at=now - timedelta(days=1))  # week; review passed
    answered(user=ana, reviewed_at=now - timedelta(days=6, hours=23), rating=1)  # week; review failed
    answered(user=ana, reviewed_at=now - timedelta(days=2), kind_before=0)  # week; new card: not in retention
    answered(user=ana, reviewed_at=now - timedelta(days=8))  # 30 days only; passed
    answered(user=ana, reviewed_at=now - timedelta(days=31))  # older than 30 days: nowhere
    answered(user=ben, reviewed_at=now - timedelta(hours=3))  # week; passed


def test_class_figures_per_learner_and_topic(klass, learners):
    ana, ben, cy = learners
    StudySettingsFactory(user=ben, desired_retention=0.95)
    history(learners, NOW)
    topic, topic2 = TopicFactory(), TopicFactory()
    c1, c2, c3, _c4 = (CardFactory(topic=topic) for _ in range(4))
    c5, _c6 = CardFactory(topic=topic2), CardFactory(topic=topic2)
    # Predicted recall (FSRS defaults): t = 0 -> 1; t = S -> 0.9; t = 3S -> 0.809393 (see test_figures.py)
    studied = partial(CardStateFactory, review=True)
    studied(user=ana, card=c1, stability=10, last_review=NOW)  # 1      >= 0.90 (Ana's goal)
    studied(user=ana, card=c2, stability=2, last_review=NOW - timedelta(days=6))  # 0.809  <  0.90
    studied(user=ben, card=c1, stability=5, last_review=NOW - timedelta(days=5))  # 0.9    <  0.95 (Ben's goal)
    studied(user=ben, card=c3, stability=10, last_review=NOW)  # 1      >= 0.95
    studied(user=ben, card=c5, stability=10, last_review=NOW, lapses=1)  # 1      >= 0.95

    progress = figures.class_progress(klass, NOW)
    rows = {row.learner: row for row in progress.rows}

    assert rows[ana].last_active == NOW - timedelta(days=1)
    assert rows[ana].reviews_week == 3
    assert (rows[ana].retention_passed, rows[ana].retention_total) == (2, 3)
    assert rows[ben].last_active == NOW - timedelta(hours=3)
    assert (rows[ben].reviews_week, rows[ben].retention) == (1, 1.0)
    assert (rows[cy].last_active, rows[cy].reviews_week, rows[cy].retention) == (None, 0, None)
    # Mastery = cards above the learner's goal / cards in the topic: Ana 1/4 in topic; Ben 1/4 and 1/2.
    assert rows[ana].mastery == {topic.pk: 0.25}
    assert rows[ben].mastery == {topic.pk: 0.25, topic2.pk: 0.5}
    assert rows[cy].mastery == {}
    # Topic 1: 4 studied cards, recall (1 + 0.809393 + 0.9 + 1) / 4 = 0.927348; topic 2: 1 card at 1.
    by_topic = {t.topic: t for t in progress.topics}
    assert (by_topic[topic].learners_studying, by_topic[topic].studied) == (2, 4)
    assert by_topic[topic].avg_recall == pytest.approx(0.927348, abs=1e-5)
    assert [t.topic for t in progress.weakest_topics()] == [topic, topic2]
    # Cards: c2 0.809 (Ana); c1 (1 + 0.9) / 2 = 0.95; then c5 and c3 at 1, c5 first for its lapse.
    weakest = figures.class_weakest_cards(progress)
    assert [row["card_id"] for row in weakest] == [c2.pk, c1.pk, c5.pk, c3.pk]
    assert weakest[1]["avg_recall"] == pytest.approx(0.95, abs=1e-5)
    assert weakest[1]["learners"] == 2


# --------------------------------------------------------------------------
# Access
# --------------------------------------------------------------------------


def test_the_owner_sees_the_class(instructor_client, klass):
    response = instructor_client.get(f"/progress/classes/{klass.pk}/")
    assert response.status_code == 200
    assert "Serverless 101: progress" in response.content.decode()


def test_it_requires_log_in(client, klass):
    for url in (f"/progress/classes/{klass.pk}/", f"/progress/classes/{klass.pk}/progress.csv"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_another_instructor_gets_404(other_instructor_client, klass, learners):
    for url in (
        f"/progress/classes/{klass.pk}/",
        f"/progress/classes/{klass.pk}/progress.csv",
        f"/progress/classes/{klass.pk}/learners/{learners[0].pk}/",
    ):
        assert other_instructor_client.get(url).status_code == 404


def test_a_learner_of_the_class_gets_404(client, klass, learners):
    client.force_login(learners[0])
    for url in (
        f"/progress/classes/{klass.pk}/",
        f"/progress/classes/{klass.pk}/progress.csv",
        f"/progress/classes/{klass.pk}/learners/{learners[0].pk}/",
    ):
        assert client.get(url).status_code == 404


def test_it_refuses_post(instructor_client, klass):
    assert instructor_client.post(f"/progress/classes/{klass.pk}/").status_code == 405


# --------------------------------------------------------------------------
# A learner's dashboard, read-only
# --------------------------------------------------------------------------


def test_the_owner_reads_a_learners_dashboard(instructor_client, klass, learners):
    history(learners, timezone.now())
    response = instructor_client.get(f"/progress/classes/{klass.pk}/learners/{learners[0].pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ana Alves’s progress" in html and "read-only view" in html
    assert "Study these" not in html and "Delete my account" not in html and "Download my data" not in html


def test_the_owner_cannot_read_someone_outside_the_class(instructor_client, klass):
    outsider = UserFactory()
    assert instructor_client.get(f"/progress/classes/{klass.pk}/learners/{outsider.pk}/").status_code == 404


# --------------------------------------------------------------------------
# Sorting, HTMX, CSV
# --------------------------------------------------------------------------


def names(html: str) -> list[str]:
    import re

    return re.findall(r'<tr data-learner="([^"]+)">', html)


def test_rows_sort_by_a_column_and_back(instructor_client, klass, learners):
    history(learners, timezone.now())
    url = f"/progress/classes/{klass.pk}/"
    assert names(instructor_client.get(url).content.decode()) == ["ana", "ben", "cy"]
    html = instructor_client.get(url + "?sort=-week").content.decode()
    assert names(html) == ["ana", "ben", "cy"]  # 3, 1, 0 reviews this week
    assert names(instructor_client.get(url + "?sort=week").content.decode()) == ["cy", "ben", "ana"]
    # 3 h, 1 day, never
    assert names(instructor_client.get(url + "?sort=-active").content.decode()) == ["ben", "ana", "cy"]
    # 100 %, 67 %, none
    assert names(instructor_client.get(url + "?sort=-retention").content.decode()) == ["ben", "ana", "cy"]
    assert names(instructor_client.get(url + "?sort=nonsense").content.decode()) == ["ana", "ben", "cy"]
    assert 'aria-sort="descending"' in html
    assert 'href="?sort=week" hx-get="?sort=week"' in html  # the sorted column's link reverses it


def test_sorting_by_a_topic_column(instructor_client, klass, learners):
    topic = TopicFactory()
    c1, c2 = CardFactory(topic=topic), CardFactory(topic=topic)
    now = timezone.now()
    CardStateFactory(review=True, user=learners[2], card=c1, stability=10, last_review=now)  # Cy: 1 of 2 above -> 50 %
    CardStateFactory(review=True, user=learners[2], card=c2, stability=10, last_review=now)  # ... 2 of 2 -> 100 %
    CardStateFactory(review=True, user=learners[1], card=c1, stability=10, last_review=now)  # Ben: 50 %
    html = instructor_client.get(f"/progress/classes/{klass.pk}/?sort=-topic-{topic.pk}").content.decode()
    assert names(html) == ["cy", "ben", "ana"]


def test_the_htmx_variant_returns_only_the_table(instructor_client, klass, learners):
    history(learners, timezone.now())
    response = instructor_client.get(f"/progress/classes/{klass.pk}/?sort=-week", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="learner-table"')
    assert "<html" not in html and "Weakest topics" not in html
    assert names(html) == ["ana", "ben", "cy"]


def test_the_csv_has_one_row_per_learner(instructor_client, klass, learners):
    topic = TopicFactory()
    card, _other = CardFactory(topic=topic), CardFactory(topic=topic)
    now = timezone.now()
    history(learners, now, card)
    CardStateFactory(review=True, user=learners[0], card=card, stability=10, last_review=now)  # Ana: 1 of 2 above 0.9
    response = instructor_client.get(f"/progress/classes/{klass.pk}/progress.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="class-{klass.pk}-progress.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    last_ana = (now - timedelta(days=1)).isoformat(timespec="seconds")
    last_ben = (now - timedelta(hours=3)).isoformat(timespec="seconds")
    assert rows == [
        [
            "username",
            "name",
            "last_active_utc",
            "reviews_last_7_days",
            "retention_last_30_days",
            f"mastery_{topic.slug}",
        ],
        ["ana", "Ana Alves", last_ana, "3", "0.667", "0.500"],
        ["ben", "", last_ben, "1", "1.000", ""],
        ["cy", "", "", "0", "", ""],
    ]


# --------------------------------------------------------------------------
# Cost
# --------------------------------------------------------------------------


def main(response) -> str:
    """The page's main content (the header around it carries a new CSRF token on each view)."""
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


CLASS_VIEW_QUERIES = 27  # a first view: the page's key (6), then the figures
REPEATED_CLASS_VIEW_QUERIES = 10  # the page kept: the key alone


def test_the_number_of_queries_grows_with_neither_class_size_nor_history(client, django_assert_num_queries):
    topics = [TopicFactory() for _ in range(3)]
    cards = [CardFactory(topic=topics[i % 3]) for i in range(12)]
    now = timezone.now()
    small_class, big_class = InstructorFactory(), InstructorFactory()
    few = [UserFactory() for _ in range(2)]
    many = [UserFactory() for _ in range(30)]
    for learner in few:
        bulk_history(learner, cards, 50, now)
    for i, learner in enumerate(many):
        bulk_history(learner, cards, 3000 if i == 0 else 100, now)
        StudySettings.objects.filter(user=learner).update(desired_retention=0.8 + (i % 3) / 100)
    for learner in few + many:
        for card in cards[:6]:
            CardStateFactory(review=True, user=learner, card=card, stability=3, last_review=now - timedelta(days=2))
    small, big = make_class(small_class, few), make_class(big_class, many)
    for instructor, klass in ((small_class, small), (big_class, big)):
        client.force_login(instructor)
        # The same for 2 learners with 50 reviews each and 30 with up to 3,000: the session, the user
        # and the navigation's group check, the class, the instructor's time zone, the page's key (its
        # members, their names and settings, exams, quizzes, topics, and the counts of cards and attempts),
        # then the figures: the
        # members, settings, reviews, topics, cards, mastery, exams, quizzes and grades, weakest cards
        # and hardest questions.
        with django_assert_num_queries(CLASS_VIEW_QUERIES):
            response = client.get(f"/progress/classes/{klass.pk}/")
        assert response.status_code == 200
        with django_assert_num_queries(REPEATED_CLASS_VIEW_QUERIES):
            again = client.get(f"/progress/classes/{klass.pk}/")
        assert main(again) == main(response)
    assert len(names(response.content.decode())) == 30


# --------------------------------------------------------------------------
# Quiz grades
# --------------------------------------------------------------------------


@pytest.fixture
def graded(instructor, klass, learners):
    """Two quizzes of the class. "Highest": Ana 40 % then 80 % -> 80; Ben 60. "Average": Ana 40 % and 80 % -> 60;
    Cy has nothing submitted. An unpublished quiz and another instructor's class are left out."""
    ana, ben, _cy = learners
    now = timezone.now()
    highest = five_question_quiz(instructor, title="Lambda limits", grading_method="highest")
    average = five_question_quiz(
        instructor, title="A rather long quiz title about DynamoDB capacity", grading_method="average"
    )
    draft = five_question_quiz(instructor, title="Draft", published_at=None)
    for quiz in (highest, average, draft):
        quiz.classes.add(klass)
    for quiz in (highest, average):
        finish(quiz, ana, 2, now - timedelta(days=2))
        finish(quiz, ana, 4, now - timedelta(days=1))
    finish(highest, ben, 3, now - timedelta(days=1))
    return highest, average


def test_each_published_quiz_of_the_class_gets_a_grade_column(instructor_client, klass, learners, graded):
    highest, average = graded
    ana, ben, cy = learners
    progress = figures.class_progress(klass, timezone.now())
    assert progress.quizzes == [highest, average]
    rows = {row.learner: row for row in progress.rows}
    assert rows[ana].quiz_grade_list == [pytest.approx(80), pytest.approx(60)]
    assert rows[ben].quiz_grade_list == [pytest.approx(60), None]
    assert rows[cy].quiz_grade_list == [None, None]

    html = instructor_client.get(f"/progress/classes/{klass.pk}/").content.decode()
    assert '<th scope="colgroup" colspan="2" class="quiz-group">Quiz grade</th>' in html
    assert f'href="?sort=quiz-{highest.pk}"' in html and "Draft" not in html
    # A long title is cut in the heading and whole for screen readers.
    assert '<span class="visually-hidden">A rather long quiz title about DynamoDB capacity</span>' in html
    ana_row = html[html.index('<tr data-learner="ana">') :]
    assert '<td class="num">80%</td><td class="num">60%</td>' in ana_row[: ana_row.index("</tr>")]
    cy_row = html[html.index('<tr data-learner="cy">') :]
    assert cy_row[: cy_row.index("</tr>")].count('<td class="num">—</td>') >= 2
    assert "Hardest quiz questions" in html


def test_rows_sort_by_a_quiz_column(instructor_client, klass, graded):
    highest, average = graded
    url = f"/progress/classes/{klass.pk}/"
    # 80, 60, —
    assert names(instructor_client.get(f"{url}?sort=-quiz-{highest.pk}").content.decode()) == ["ana", "ben", "cy"]
    assert names(instructor_client.get(f"{url}?sort=quiz-{highest.pk}").content.decode()) == ["cy", "ben", "ana"]
    html = instructor_client.get(f"{url}?sort=-quiz-{average.pk}", headers={"HX-Request": "true"}).content.decode()
    assert html.lstrip().startswith('<section id="learner-table"')
    assert names(html) == ["ana", "ben", "cy"]  # 60, then no grade alphabetically
    assert 'aria-sort="descending"' in html


def test_the_csv_has_the_quiz_grades_too(instructor_client, klass, graded):
    highest, average = graded
    rows = list(
        csv.reader(io.StringIO(instructor_client.get(f"/progress/classes/{klass.pk}/progress.csv").content.decode()))
    )
    assert rows[0][-2:] == [
        f"quiz_{highest.pk}_lambda-limits_percent",
        f"quiz_{average.pk}_a-rather-long-quiz-title-about-dynamodb_percent",
    ]
    assert [row[-2:] for row in rows[1:]] == [["80.0", "60.0"], ["60.0", ""], ["", ""]]


def test_the_csv_does_not_let_a_name_run_as_a_formula(instructor_client, klass):
    klass.add_learner(UserFactory(username="@evil", first_name='=HYPERLINK("http://x")'))
    rows = list(
        csv.reader(io.StringIO(instructor_client.get(f"/progress/classes/{klass.pk}/progress.csv").content.decode()))
    )
    assert rows[1][:2] == ["'@evil", '\'=HYPERLINK("http://x")']


def test_quiz_grades_do_not_add_queries_per_learner_or_attempt(client, django_assert_max_num_queries):
    now = timezone.now()
    counts = []
    for size, attempts in ((2, 1), (25, 3)):
        instructor = InstructorFactory()
        learners = [UserFactory() for _ in range(size)]
        klass = make_class(instructor, learners)
        for method in ("highest", "last"):
            quiz = five_question_quiz(instructor, grading_method=method)
            quiz.classes.add(klass)
            for learner in learners:
                for n in range(attempts):
                    finish(quiz, learner, n % 5, now - timedelta(days=attempts - n))
        client.force_login(instructor)
        # A first view of the page without quizzes (see above); with them, 3 more for the grades (expired
        # attempts, the earliest deadline still open, the grades) and 1 for the hardest questions.
        with django_assert_max_num_queries(CLASS_VIEW_QUERIES + 4), CaptureQueriesContext(connection) as queries:
            response = client.get(f"/progress/classes/{klass.pk}/")
        assert response.status_code == 200
        assert len(names(response.content.decode())) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --------------------------------------------------------------------------
# Predicted recall with each learner's own weights
# --------------------------------------------------------------------------


def test_each_learner_s_recall_uses_their_own_weights(instructor):
    """Ana keeps the default weights, Ben has fitted ones; both studied one card 6 days ago at stability 2 (t = 3S).

    Default: R = 0.809393 (R_3S in test_figures). Ben's w[20] = 0.5: DECAY = -0.5, FACTOR = 0.9 ** -2 - 1 = 0.234568,
    R = (1 + 3 * 0.234568) ** -0.5 = 0.766131. Ana's desired retention is 0.8 (0.809 is above it), Ben's 0.9.
    """
    from fsrs.scheduler import DEFAULT_PARAMETERS

    ana, ben = UserFactory(username="ana"), UserFactory(username="ben")
    weights = list(DEFAULT_PARAMETERS)
    weights[20] = 0.5
    StudySettingsFactory(user=ana, desired_retention=0.8)
    StudySettingsFactory(user=ben, parameters=weights)
    topic = TopicFactory()
    card = CardFactory(topic=topic)
    for learner in (ana, ben):
        CardStateFactory(review=True, user=learner, card=card, stability=2, last_review=NOW - timedelta(days=6))
    klass = make_class(instructor, [ana, ben])

    progress = figures.class_progress(klass, NOW)

    mastery = {row.learner.username: row.mastery[topic.pk] for row in progress.rows}
    assert mastery == {"ana": 1.0, "ben": 0.0}  # the topic's one card: above Ana's 0.8, under Ben's 0.9
    [class_topic] = [t for t in progress.topics if t.topic == topic]
    assert class_topic.avg_recall == pytest.approx((0.809393 + 0.766131) / 2, abs=1e-5)
    [weakest] = figures.class_weakest_cards(progress)
    assert weakest["avg_recall"] == pytest.approx((0.809393 + 0.766131) / 2, abs=1e-5)
