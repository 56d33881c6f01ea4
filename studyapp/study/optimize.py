"""Per-learner FSRS parameter fitting with fsrs-rs-python, judged on later reviews.

Pipeline:

1. :func:`build_items` turns a learner's review log into fsrs-rs training
   items with Anki's rule (see ``_card_items``), using the learner's own time
   zone and day-start hour to count days.
2. :func:`prepare` fixes a time-series split *before* fitting: the last
   20 % of the learner's study days are held out. Items whose last review
   falls in those days are the test set (their earlier history included);
   every other item is for training.
3. :func:`fit` fits parameters on the training items and evaluates the FSRS
   default parameters and the fitted ones on the held-out items (log loss and
   RMSE over bins, as fsrs-rs computes them). The figures are reported
   whichever way they fall; callers decide whether to adopt the parameters.

:func:`check_history` / :func:`enough_history` say whether a learner has
enough history for a fit worth running.

Pure Python: no Django imports, so it can be tested without a database.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from fsrs_rs_python import (
    DEFAULT_PARAMETERS,
    FSRS,
    FSRSItem,
    FSRSReview,
    evaluate_with_time_series_splits,
)

from studyapp.study.scheduling import DEFAULT_DAY_START_HOUR, learner_day, to_utc

__all__ = [
    "DatedItem",
    "FitResult",
    "HistoryCheck",
    "MIN_DAYS",
    "MIN_REVIEWS",
    "MIN_TEST_ITEMS",
    "MIN_TRAIN_ITEMS",
    "NotEnoughHistory",
    "PreparedLog",
    "ReviewRecord",
    "TEST_DAYS_SHARE",
    "build_items",
    "check_history",
    "dated_items",
    "enough_history",
    "fit",
    "prepare",
    "split_items",
]

# Share of the learner's study days (the latest ones) held out for evaluation.
TEST_DAYS_SHARE = 0.2

# The history rule (see check_history). 400 reviews on 7 days is a few weeks
# of regular study; fewer and the fit mostly reproduces its pretraining noise.
MIN_REVIEWS = 400
MIN_DAYS = 7
MIN_TRAIN_ITEMS = 100
MIN_TEST_ITEMS = 20


@dataclass(frozen=True)
class ReviewRecord:
    """One answer of the learner: what the optimizer needs from a review-log row."""

    card_id: int | str
    rating: int  # 1 Again, 2 Hard, 3 Good, 4 Easy
    reviewed_at: datetime  # timezone-aware; compared in UTC
    duration_ms: int | None = None

    def __post_init__(self) -> None:
        if self.rating not in (1, 2, 3, 4):
            raise ValueError(f"rating must be 1..4 (got {self.rating!r})")
        object.__setattr__(self, "reviewed_at", to_utc(self.reviewed_at, what="reviewed_at"))


@dataclass(frozen=True)
class DatedItem:
    """A training item with its reviews as plain data and the time of its last review.

    ``reviews`` holds the same ``(rating, delta_t)`` pairs as ``item``:
    although the stub declares nothing else, ``FSRSReview`` objects expose
    neither ``rating`` nor ``delta_t`` at run time (and items have no
    ``__eq__``), so the pairs are kept for inspection and tests.
    """

    item: FSRSItem
    reviews: tuple[tuple[int, int], ...]
    last_reviewed_at: datetime
    last_day: date


# --------------------------------------------------------------------------
# Items
# --------------------------------------------------------------------------


def _by_card(records: Iterable[ReviewRecord]) -> dict[int | str, list[ReviewRecord]]:
    cards: dict[int | str, list[ReviewRecord]] = defaultdict(list)
    for record in records:
        cards[record.card_id].append(record)
    for reviews in cards.values():
        reviews.sort(key=lambda r: r.reviewed_at)  # stable: ties keep log order
    return cards


def _card_items(reviews: Sequence[ReviewRecord], zone: ZoneInfo, day_start_hour: int) -> list[DatedItem]:
    """Anki's rule for one card's reviews, already in time order.

    ``delta_t`` is the number of whole learner days between this review's
    day and the previous review's (0 for the first review and for same-day
    steps). Each review with ``delta_t > 0`` closes one item holding all the
    reviews so far; items without a long-term review are dropped.
    """
    items: list[DatedItem] = []
    history: list[tuple[int, int]] = []
    previous_day: date | None = None
    for review in reviews:
        day = learner_day(review.reviewed_at, zone, day_start_hour)
        delta_t = 0 if previous_day is None else (day - previous_day).days
        history.append((review.rating, delta_t))
        if delta_t > 0:
            item = FSRSItem([FSRSReview(rating, dt) for rating, dt in history])
            # The library's own count, so "long-term" means what fsrs-rs means.
            if item.long_term_review_cnt() > 0:
                items.append(DatedItem(item, tuple(history), review.reviewed_at, day))
        previous_day = day
    return items


def dated_items(
    records: Iterable[ReviewRecord],
    zone: ZoneInfo,
    day_start_hour: int = DEFAULT_DAY_START_HOUR,
) -> list[DatedItem]:
    """All items of the log, in the time order of their last review.

    Time order matters for ``evaluate_with_time_series_splits``, which splits
    the sequence as given (shuffled items give other figures).
    """
    items = [dated for reviews in _by_card(records).values() for dated in _card_items(reviews, zone, day_start_hour)]
    items.sort(key=lambda d: d.last_reviewed_at)
    return items


def build_items(
    records: Iterable[ReviewRecord],
    zone: ZoneInfo,
    day_start_hour: int = DEFAULT_DAY_START_HOUR,
) -> list[FSRSItem]:
    """fsrs-rs training items for a learner's log (Anki's rule; see ``_card_items``)."""
    return [d.item for d in dated_items(records, zone, day_start_hour)]


# --------------------------------------------------------------------------
# Split
# --------------------------------------------------------------------------


def _study_days(records: Iterable[ReviewRecord], zone: ZoneInfo, day_start_hour: int) -> list[date]:
    return sorted({learner_day(r.reviewed_at, zone, day_start_hour) for r in records})


def _first_test_day(days: Sequence[date]) -> date | None:
    """First held-out day: the last ceil(20 %) of the study days are held out."""
    if not days:
        return None
    n_test = max(1, math.ceil(len(days) * TEST_DAYS_SHARE))
    return days[-n_test]


def split_items(items: Sequence[DatedItem], first_test_day: date | None) -> tuple[list[FSRSItem], list[FSRSItem]]:
    """(train, test): test items end on or after ``first_test_day``."""
    train = [d.item for d in items if first_test_day is None or d.last_day < first_test_day]
    test = [d.item for d in items if first_test_day is not None and d.last_day >= first_test_day]
    return train, test


@dataclass(frozen=True)
class PreparedLog:
    """Items, study days and the fixed held-out split of one learner's log."""

    items: list[DatedItem]
    days: list[date]
    first_test_day: date | None
    train: list[FSRSItem]
    test: list[FSRSItem]


def prepare(
    records: Sequence[ReviewRecord],
    zone: ZoneInfo,
    day_start_hour: int = DEFAULT_DAY_START_HOUR,
) -> PreparedLog:
    """Build the items and fix the split (before any fitting looks at them)."""
    items = dated_items(records, zone, day_start_hour)
    days = _study_days(records, zone, day_start_hour)
    first_test_day = _first_test_day(days)
    train, test = split_items(items, first_test_day)
    return PreparedLog(items, days, first_test_day, train, test)


# --------------------------------------------------------------------------
# Enough history?
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryCheck:
    """Whether a learner's log is enough to fit, and if not, why (for the UI)."""

    ok: bool
    reason: str
    n_reviews: int
    n_days: int
    n_train_items: int
    n_test_items: int


def _shortfalls(n_reviews: int, n_days: int, n_train: int, n_test: int) -> list[str]:
    wants = [
        (n_reviews, MIN_REVIEWS, "reviews"),
        (n_days, MIN_DAYS, "different study days"),
        (n_train, MIN_TRAIN_ITEMS, "reviews after a gap of a day or more before the last 20% of study days"),
        (n_test, MIN_TEST_ITEMS, "such reviews in the last 20% of study days, to check the fit against"),
    ]
    return [f"at least {need} {what} (has {have})" for have, need, what in wants if have < need]


def _check(n_reviews: int, prepared: PreparedLog) -> HistoryCheck:
    n_days, n_train, n_test = len(prepared.days), len(prepared.train), len(prepared.test)
    missing = _shortfalls(n_reviews, n_days, n_train, n_test)
    reason = (
        "Enough history to personalise the schedule."
        if not missing
        else "Personalising the schedule needs " + "; ".join(missing) + ". Keep studying."
    )
    return HistoryCheck(not missing, reason, n_reviews, n_days, n_train, n_test)


def check_history(
    records: Sequence[ReviewRecord],
    zone: ZoneInfo,
    day_start_hour: int = DEFAULT_DAY_START_HOUR,
) -> HistoryCheck:
    """The rule: >= 400 reviews on >= 7 study days, with >= 100 training items
    and >= 20 held-out items (items as in :func:`build_items`, split as in
    :func:`split_items`). Without held-out items the fit could not be judged.
    """
    return _check(len(records), prepare(records, zone, day_start_hour))


def enough_history(
    records: Sequence[ReviewRecord],
    zone: ZoneInfo,
    day_start_hour: int = DEFAULT_DAY_START_HOUR,
) -> bool:
    """True when :func:`check_history` passes (its ``reason`` says why not)."""
    return check_history(records, zone, day_start_hour).ok


class NotEnoughHistory(ValueError):
    """Raised by :func:`fit` with the reason from :func:`check_history`."""


# --------------------------------------------------------------------------
# Fit
# --------------------------------------------------------------------------


@dataclass
class FitResult:
    """Fitted parameters and how default vs fitted parameters predict held-out reviews.

    Lower is better for both log loss and RMSE(bins). ``tss_*`` are the
    optional extra figures from fsrs-rs's own ``evaluate_with_time_series_splits``
    (it refits on expanding windows of all items; not comparable one-to-one).
    """

    parameters: list[float]
    default_log_loss: float
    default_rmse_bins: float
    fitted_log_loss: float
    fitted_rmse_bins: float
    n_reviews: int
    n_items: int
    n_train_items: int
    n_test_items: int
    n_days: int
    n_test_days: int
    first_test_day: date
    seconds: float
    tss_log_loss: float | None = None
    tss_rmse_bins: float | None = None
    default_parameters: list[float] = field(default_factory=lambda: list(DEFAULT_PARAMETERS))

    @property
    def fitted_is_better(self) -> bool:
        """Fitted parameters predict the held-out reviews better (log loss)."""
        return self.fitted_log_loss < self.default_log_loss

    def to_dict(self) -> dict:
        """JSON-ready (dates as ISO strings)."""
        data = asdict(self)
        data["first_test_day"] = self.first_test_day.isoformat()
        data["fitted_is_better"] = self.fitted_is_better
        return data


def fit(
    records: Sequence[ReviewRecord],
    zone: ZoneInfo,
    day_start_hour: int = DEFAULT_DAY_START_HOUR,
    *,
    require_enough: bool = True,
    with_time_series_splits: bool = False,
) -> FitResult:
    """Fit FSRS parameters on the learner's earlier days; evaluate on the rest.

    Raises :class:`NotEnoughHistory` unless :func:`check_history` passes
    (``require_enough=False`` skips the rule but still needs some train and
    test items).
    """
    prepared = prepare(records, zone, day_start_hour)
    check = _check(len(records), prepared)
    if (require_enough and not check.ok) or not prepared.train or not prepared.test:
        raise NotEnoughHistory(check.reason)
    train, test, first_test_day = prepared.train, prepared.test, prepared.first_test_day
    assert first_test_day is not None  # there are test items, so there are days

    started = time.perf_counter()
    parameters = FSRS([]).compute_parameters(train)
    seconds = time.perf_counter() - started

    default_eval = FSRS(DEFAULT_PARAMETERS).evaluate(test)
    fitted_eval = FSRS(parameters).evaluate(test)
    tss = evaluate_with_time_series_splits([d.item for d in prepared.items]) if with_time_series_splits else None
    return FitResult(
        parameters=list(parameters),
        default_log_loss=default_eval.log_loss,
        default_rmse_bins=default_eval.rmse_bins,
        fitted_log_loss=fitted_eval.log_loss,
        fitted_rmse_bins=fitted_eval.rmse_bins,
        n_reviews=len(records),
        n_items=len(prepared.items),
        n_train_items=len(train),
        n_test_items=len(test),
        n_days=len(prepared.days),
        n_test_days=sum(1 for d in prepared.days if d >= first_test_day),
        first_test_day=first_test_day,
        seconds=seconds,
        tss_log_loss=tss.log_loss if tss else None,
        tss_rmse_bins=tss.rmse_bins if tss else None,
    )
