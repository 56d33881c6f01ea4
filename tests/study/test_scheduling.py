"""Tests for studyapp.study.scheduling: pure Python, no database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import fsrs
import pytest
from fsrs.scheduler import DEFAULT_PARAMETERS

from studyapp.study.scheduling import (
    SchedulerSettings,
    build_scheduler,
    day_bounds,
    format_interval,
    format_steps,
    learner_day,
    parse_steps,
    preview_cards,
    review,
)

NEW_YORK = ZoneInfo("America/New_York")
UTC = UTC


def preview(scheduler: fsrs.Scheduler, card: fsrs.Card, now: datetime) -> dict[fsrs.Rating, timedelta]:
    """The interval each rating would give, as the grade buttons show it."""
    return {rating: after.due - now for rating, after in preview_cards(scheduler, card, now).items()}


@pytest.fixture(autouse=True)
def _no_login_throttling():
    """Shadows tests/conftest.py's autouse fixture, which needs pytest-django's
    ``settings``: these tests must also run with ``-p no:django``."""


def ny(*args: int) -> datetime:
    """A New York wall-clock time as an aware datetime."""
    return datetime(*args, tzinfo=NEW_YORK)


# --------------------------------------------------------------------------
# Glue gives exactly what py-fsrs gives
# --------------------------------------------------------------------------

T0 = datetime(2024, 3, 1, 14, 0, tzinfo=UTC)
GRADES = [  # (rating, time after T0): learning steps, lapse, relearning, reviews
    (fsrs.Rating.Good, timedelta(0)),
    (fsrs.Rating.Good, timedelta(minutes=10)),
    (fsrs.Rating.Again, timedelta(days=3, hours=2)),
    (fsrs.Rating.Hard, timedelta(days=3, hours=2, minutes=12)),
    (fsrs.Rating.Easy, timedelta(days=5)),
    (fsrs.Rating.Good, timedelta(days=19, hours=7)),
    (fsrs.Rating.Good, timedelta(days=60)),
]
CARD_FIELDS = ("card_id", "state", "step", "stability", "difficulty", "due", "last_review")


def test_review_glue_gives_exactly_py_fsrs_states():
    ours = build_scheduler(SchedulerSettings(enable_fuzzing=False))
    theirs = fsrs.Scheduler(enable_fuzzing=False)
    our_card = their_card = fsrs.Card(card_id=1, due=T0)
    states = set()

    for rating, offset in GRADES:
        moment = T0 + offset
        # Our glue gets New York local times (and a plain int rating); py-fsrs
        # needs UTC, which the glue must convert to.
        our_card, our_log = review(ours, our_card, int(rating), moment.astimezone(NEW_YORK), 1500)
        their_card, their_log = theirs.review_card(their_card, rating, moment, 1500)
        for name in CARD_FIELDS:
            assert getattr(our_card, name) == getattr(their_card, name), (rating, name)
        assert our_log == their_log
        assert our_card.due.tzinfo is UTC and our_card.last_review.tzinfo is UTC
        states.add(their_card.state)

    # The sequence went through every state, so the comparison covered them.
    assert states == {fsrs.State.Learning, fsrs.State.Review, fsrs.State.Relearning}


def test_review_does_not_modify_the_card_passed_in():
    card = fsrs.Card(card_id=1, due=T0)
    before = card.to_dict()
    review(build_scheduler(), card, fsrs.Rating.Good, T0)
    assert card.to_dict() == before


def test_review_rejects_naive_datetimes():
    naive = datetime(2024, 3, 1, 14)
    with pytest.raises(ValueError, match="timezone-aware"):
        review(build_scheduler(), fsrs.Card(card_id=1, due=T0), fsrs.Rating.Good, naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        preview(build_scheduler(), fsrs.Card(card_id=1, due=T0), naive)


def test_review_rejects_unknown_ratings():
    with pytest.raises(ValueError):
        review(build_scheduler(), fsrs.Card(card_id=1, due=T0), 5, T0)


def test_build_scheduler_passes_settings_through():
    custom = list(DEFAULT_PARAMETERS)
    custom[0] = 0.5
    settings = SchedulerSettings(
        desired_retention=0.85,
        learning_steps=(timedelta(minutes=5),),
        relearning_steps=(),
        maximum_interval=365,
        parameters=tuple(custom),
        enable_fuzzing=False,
    )
    scheduler = build_scheduler(settings)
    assert scheduler.parameters == tuple(custom)
    assert scheduler.desired_retention == 0.85
    assert scheduler.learning_steps == (timedelta(minutes=5),)
    assert scheduler.relearning_steps == ()
    assert scheduler.maximum_interval == 365
    assert scheduler.enable_fuzzing is False
    assert build_scheduler().parameters == DEFAULT_PARAMETERS  # None -> defaults


def test_settings_reject_bad_values():
    with pytest.raises(ValueError, match="desired_retention"):
        SchedulerSettings(desired_retention=1.2)
    with pytest.raises(ValueError, match="out of bounds"):  # py-fsrs's own check
        build_scheduler(SchedulerSettings(parameters=(-1.0,) + DEFAULT_PARAMETERS[1:]))


# --------------------------------------------------------------------------
# Preview
# --------------------------------------------------------------------------


def test_preview_of_a_new_card_shows_the_learning_steps():
    labels = {
        rating: format_interval(delta)
        for rating, delta in preview(build_scheduler(), fsrs.Card(card_id=1, due=T0), T0).items()
    }
    # Hard on the first step is the mean of the first two steps (py-fsrs).
    assert labels == {
        fsrs.Rating.Again: "1m",
        fsrs.Rating.Hard: "6m",
        fsrs.Rating.Good: "10m",
        fsrs.Rating.Easy: "8d",
    }


def test_preview_is_unfuzzed_and_stable():
    fuzzed = build_scheduler(SchedulerSettings(enable_fuzzing=True))
    plain = build_scheduler(SchedulerSettings(enable_fuzzing=False))
    card = fsrs.Card(card_id=1, due=T0)
    for rating, offset in GRADES[:6]:
        card, _ = plain.review_card(card, rating, T0 + offset)
    now = card.due + timedelta(days=3)

    first = preview(fuzzed, card, now)
    assert all(preview(fuzzed, card, now) == first for _ in range(20))
    for rating, delta in first.items():
        assert delta == plain.review_card(card, rating, now)[0].due - now
    assert first[fsrs.Rating.Easy] > first[fsrs.Rating.Good] > first[fsrs.Rating.Hard]
    assert fuzzed.enable_fuzzing is True  # the caller's scheduler is untouched


# --------------------------------------------------------------------------
# Learner days
# --------------------------------------------------------------------------


def test_learner_day_turns_at_the_day_start_hour_local_time():
    assert learner_day(ny(2024, 3, 15, 3, 59), NEW_YORK, 4) == date(2024, 3, 14)
    assert learner_day(ny(2024, 3, 15, 4, 0), NEW_YORK, 4) == date(2024, 3, 15)
    assert learner_day(ny(2024, 3, 15, 23, 59), NEW_YORK, 4) == date(2024, 3, 15)
    # 02:00 local belongs to the previous day; in UTC it is already 06:00.
    assert learner_day(ny(2024, 7, 2, 2, 0), NEW_YORK, 4) == date(2024, 7, 1)
    assert learner_day(ny(2024, 7, 2, 2, 0), NEW_YORK, 0) == date(2024, 7, 2)
    # The same UTC moment is a different day in another zone.
    moment = datetime(2024, 3, 15, 3, 30, tzinfo=UTC)  # 23:30 on the 14th in New York
    assert learner_day(moment, ZoneInfo("UTC"), 0) == date(2024, 3, 15)
    assert learner_day(moment, NEW_YORK, 0) == date(2024, 3, 14)


def test_learner_day_rejects_naive_moments_and_bad_hours():
    with pytest.raises(ValueError, match="timezone-aware"):
        learner_day(datetime(2024, 3, 15, 12), NEW_YORK, 4)
    with pytest.raises(ValueError, match="day_start_hour"):
        learner_day(ny(2024, 3, 15, 12), NEW_YORK, 24)


@pytest.mark.parametrize(
    ("day", "hour", "start", "hours"),
    [
        # An ordinary day: 04:00 EST = 09:00 UTC.
        (date(2024, 1, 15), 4, datetime(2024, 1, 15, 9, tzinfo=UTC), 24),
        # Spring forward (02:00 EST -> 03:00 EDT on 10 March): 23 hours.
        (date(2024, 3, 9), 4, datetime(2024, 3, 9, 9, tzinfo=UTC), 23),
        # Fall back (02:00 EDT -> 01:00 EST on 3 November): 25 hours.
        (date(2024, 11, 2), 4, datetime(2024, 11, 2, 8, tzinfo=UTC), 25),
        # A start hour inside the spring-forward gap begins when the gap ends.
        (date(2024, 3, 10), 2, datetime(2024, 3, 10, 7, tzinfo=UTC), 23),
        # A start hour in the repeated hour: its first occurrence.
        (date(2024, 11, 3), 1, datetime(2024, 11, 3, 5, tzinfo=UTC), 25),
    ],
)
def test_day_bounds_across_dst_agree_with_learner_day(day, hour, start, hours):
    begin, end = day_bounds(day, NEW_YORK, hour)
    assert begin == start
    assert end - begin == timedelta(hours=hours)
    assert begin.tzinfo is UTC and end.tzinfo is UTC
    tick = timedelta(microseconds=1)
    assert learner_day(begin - tick, NEW_YORK, hour) == day - timedelta(days=1)
    assert learner_day(begin, NEW_YORK, hour) == day
    assert learner_day(end - tick, NEW_YORK, hour) == day
    assert learner_day(end, NEW_YORK, hour) == day + timedelta(days=1)


def test_every_hour_of_a_dst_year_lands_in_its_day_bounds():
    moment = datetime(2024, 1, 1, tzinfo=UTC)
    while moment < datetime(2025, 1, 1, tzinfo=UTC):
        day = learner_day(moment, NEW_YORK, 4)
        begin, end = day_bounds(day, NEW_YORK, 4)
        assert begin <= moment < end
        moment += timedelta(minutes=30)


# --------------------------------------------------------------------------
# Labels and steps
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("delta", "label"),
    [
        (timedelta(0), "<1m"),
        (timedelta(seconds=59), "<1m"),
        (timedelta(minutes=1), "1m"),
        (timedelta(minutes=5, seconds=30), "6m"),  # half rounds up
        (timedelta(minutes=10), "10m"),
        (timedelta(minutes=59, seconds=29), "59m"),
        (timedelta(minutes=59, seconds=30), "1h"),  # not "60m"
        (timedelta(minutes=90), "1.5h"),
        (timedelta(hours=23), "23h"),
        (timedelta(hours=23, minutes=58), "1d"),  # not "24h"
        (timedelta(days=1), "1d"),
        (timedelta(days=3), "3d"),
        (timedelta(days=29), "29d"),
        (timedelta(days=29, hours=13), "1mo"),  # not "30d"
        (timedelta(days=75), "2.5mo"),
        (timedelta(days=364), "12.1mo"),
        (timedelta(days=365), "1y"),
        (timedelta(days=438), "1.2y"),
        (timedelta(days=36500), "100y"),
    ],
)
def test_format_interval(delta, label):
    assert format_interval(delta) == label


def test_format_interval_rejects_negative():
    with pytest.raises(ValueError):
        format_interval(timedelta(seconds=-1))


def test_parse_and_format_steps():
    m = timedelta(minutes=1)
    assert parse_steps("1m 10m 1h") == (m, 10 * m, 60 * m)
    assert parse_steps("  30s,2d ") == (timedelta(seconds=30), timedelta(days=2))
    assert parse_steps("1.5h") == (90 * m,)
    assert parse_steps("10M") == (10 * m,)
    assert parse_steps("") == ()
    assert format_steps((m, 10 * m)) == "1m 10m"
    assert format_steps((90 * m, timedelta(days=1), timedelta(seconds=45))) == "90m 1d 45s"
    for text in ("1m 10m", "30s 1h 2d", ""):
        assert format_steps(parse_steps(text)) == text
    assert parse_steps("7d") == (timedelta(days=7),)  # the longest step
    assert len(parse_steps(" ".join(["1m"] * 10))) == 10  # the most steps


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("10", r"'10' needs a unit \(s, m, h or d\), e.g. '10m'"),
        ("10x", r"'10x' has an unknown unit 'x'"),
        ("1m ten", r"'ten' is not a step"),
        ("-5m", r"'-5m' is not a step"),
        ("0m", r"'0m' is too short"),
        ("0.2s", r"'0.2s' is too short"),
        ("1m 8d", r"'8d' is too long: a step can be at most 7d"),
        ("99999999999d", r"'99999999999d' is too long"),  # once an OverflowError (a 500 on the settings page)
        ("9" * 400 + "s", r"is too long"),
        (" ".join(["1m"] * 11), r"Give at most 10 steps \(there are 11\)"),
    ],
)
def test_parse_steps_errors_say_what_is_wrong(text, message):
    with pytest.raises(ValueError, match=message):
        parse_steps(text)
