"""Moodle's quiz statistics (pure, no Django): each question's figures and the quiz's.

Every figure follows Moodle's quiz statistics report (its question and quiz calculators); each
function says which formula. They are worked out over the attempts that count for the grade, and
a question's over the attempts that drew it. A figure that cannot be worked out (too few attempts,
no spread) is None, never 0, and `why` says why, so the page can say it too.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from statistics import fmean

TOO_FEW = "Needs at least two attempts at this question."
NO_ITEM_SPREAD = "Everyone scored the same on this question, so it cannot separate anyone."
NO_REST_SPREAD = "Everyone scored the same on the rest of the quiz, so there is nothing to compare with."
NEGATIVE_COVARIANCE = "Its score goes down as the total goes up (negative covariance): Moodle gives it no weight."
NO_TOTAL_SPREAD = "No question's score moves with the total, so there is no spread to share out."
NO_GUESS = "No estimate: Moodle gives none for “select all that apply”, nor for a question without options."
NO_QUIZ_POINTS = "The quiz has no points."
QUIZ_NONE = "No graded attempts yet."
QUIZ_TOO_FEW = "Needs at least {} graded attempts."
SAME_GRADE = "Every graded attempt has the same grade, so there is no spread to describe."
ONE_QUESTION = "Needs at least two questions."
DIFFERENT_QUESTIONS = "The attempts drew different questions at random: they share no one set of questions."

# Moodle's random guess scores (percent) for the kinds that need no options to work out.
TRUE_FALSE_GUESS = 50.0  # one of two
TYPED_GUESS = 0.0  # short and numeric answers: a guess is never right


@dataclass(frozen=True)
class ItemScore:
    question_id: int
    score: float  # points earned
    points: float  # points possible


@dataclass(frozen=True)
class AttemptScores:
    total: float
    items: tuple[ItemScore, ...]
    maximum: float = 0.0  # the attempt's possible score, for its percentage

    @property
    def percent(self) -> float:
        return 100 * self.total / self.maximum if self.maximum else 0.0


@dataclass(frozen=True)
class ItemStats:
    """One question's figures, in percent (discrimination −100..100). None: undefined, see `why`."""

    question_id: int
    attempts: int
    facility: float | None
    discrimination: float | None
    sd: float | None = None
    random_guess: float | None = None
    intended_weight: float | None = None
    effective_weight: float | None = None
    discriminative_efficiency: float | None = None
    why: dict[str, str] = field(default_factory=dict)  # figure name → why it is None


@dataclass(frozen=True)
class QuizStats:
    """The quiz's figures over the counted attempts; grades in percent of each attempt's maximum."""

    attempts: int
    average: float | None
    median: float | None
    sd: float | None
    skewness: float | None
    kurtosis: float | None
    cic: float | None  # coefficient of internal consistency (Cronbach's alpha, KR-20), percent
    error_ratio: float | None  # percent
    standard_error: float | None  # percent of the maximum grade
    why: dict[str, str] = field(default_factory=dict)


# A spread (variance, covariance, range of scores) below this is rounding noise: no spread at all.
NO_SPREAD = 1e-12


def sample_covariance(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Σ(x − x̄)(y − ȳ) / (n − 1), as Moodle divides; None below two values."""
    return statistics.covariance(xs, ys) if len(xs) >= 2 else None


def sample_variance(xs: Sequence[float]) -> float | None:
    """Σ(x − x̄)² / (n − 1), as Moodle divides; None below two values."""
    return float(statistics.variance(xs)) if len(xs) >= 2 else None


def sample_sd(xs: Sequence[float]) -> float | None:
    """The square root of `sample_variance`; None below two values."""
    variance = sample_variance(xs)
    return None if variance is None else math.sqrt(variance)


def correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r, cov(x, y) / (sd(x) · sd(y)); None below two values or where either has no spread."""
    covariance = sample_covariance(xs, ys)
    if covariance is None:
        return None
    x_variance, y_variance = sample_variance(xs), sample_variance(ys)
    if x_variance <= NO_SPREAD or y_variance <= NO_SPREAD:
        return None
    return covariance / math.sqrt(x_variance * y_variance)


def _explain_missing(why: dict[str, str], figures: Iterable[tuple[str, float | None, str]]) -> None:
    """Notes, for each figure that came out None, why: `figures` holds (name, value, reason)."""
    for name, value, reason in figures:
        if value is None:
            why[name] = reason


def single_choice_guess(credits: Sequence[float]) -> float | None:
    """The expected score (percent) of picking one option at random: the mean of the options' credits.

    Moodle's `get_random_guess_score` for single-answer multichoice averages the answers' fractions;
    here each credit is clipped at 0 first, since a score never goes below zero. None without options.
    (Moodle returns null for multi-answer multichoice, "pretty much impossible to compute", and so do we.)
    """
    if not credits:
        return None
    return fmean(max(0.0, credit) for credit in credits)


@dataclass
class _Item:
    """One question's marks over the attempts that drew it, with those attempts' totals."""

    marks: list[float] = field(default_factory=list)
    points: list[float] = field(default_factory=list)
    totals: list[float] = field(default_factory=list)

    @property
    def fractions(self) -> list[float]:
        return [m / p if p else 0.0 for m, p in zip(self.marks, self.points)]

    @property
    def rests(self) -> list[float]:
        """The score on the rest of the quiz: the attempt's total less this question."""
        return [t - m for t, m in zip(self.totals, self.marks)]

    def covariance_with_total(self) -> float | None:
        covariance = sample_covariance(self.marks, self.totals)
        return None if covariance is None else (0.0 if abs(covariance) < NO_SPREAD else covariance)


def _items(attempts: Sequence[AttemptScores]) -> dict[int, _Item]:
    items: dict[int, _Item] = {}
    for attempt in attempts:
        for score in attempt.items:
            item = items.setdefault(score.question_id, _Item())
            item.marks.append(score.score)
            item.points.append(score.points)
            item.totals.append(attempt.total)
    return items


def item_statistics(
    attempts: Sequence[AttemptScores],
    *,
    quiz_points: float | None = None,
    guesses: Mapping[int, float | None] | None = None,
) -> dict[int, ItemStats]:
    """Each question's figures, keyed by question id.

    `quiz_points` is the quiz's maximum (for intended weights); `guesses` each question's random
    guess score in percent (None where Moodle gives none).
    """
    items = _items(attempts)
    weights = _effective_weights(items)
    guesses = guesses or {}
    return {
        question_id: _item_stats(question_id, item, weights[question_id], quiz_points, guesses.get(question_id))
        for question_id, item in items.items()
    }


def _item_stats(
    question_id: int,
    item: _Item,
    weight: tuple[float | None, str],
    quiz_points: float | None,
    guess: float | None,
) -> ItemStats:
    why: dict[str, str] = {}
    fractions = item.fractions
    sd = _item_sd(fractions)
    discrimination = _discrimination(fractions, item.rests, why)
    efficiency = _discriminative_efficiency(item.marks, item.rests, why)
    intended = 100 * fmean(item.points) / quiz_points if quiz_points else None
    effective, effective_why = weight
    _explain_missing(
        why,
        (
            ("sd", sd, TOO_FEW),
            ("random_guess", guess, NO_GUESS),
            ("intended_weight", intended, NO_QUIZ_POINTS),
            ("effective_weight", effective, effective_why),
        ),
    )
    return ItemStats(
        question_id=question_id,
        attempts=len(fractions),
        facility=100 * fmean(fractions),
        discrimination=discrimination,
        sd=sd,
        random_guess=guess,
        intended_weight=intended,
        effective_weight=effective,
        discriminative_efficiency=efficiency,
        why=why,
    )


def _item_sd(fractions: list[float]) -> float | None:
    """Moodle's SD: the sample standard deviation of the score as a fraction of its maximum, × 100."""
    sd = sample_sd(fractions)
    return None if sd is None else 100 * sd


def _discrimination(fractions: list[float], rests: list[float], why: dict[str, str]) -> float | None:
    """Moodle's discrimination index: 100 × the correlation of the question's score with the rest of the quiz."""
    r = correlation(fractions, rests)
    if r is None:
        why["discrimination"] = _no_spread_reason(fractions, rests)
        return None
    return 100 * r


def _discriminative_efficiency(marks: list[float], rests: list[float], why: dict[str, str]) -> float | None:
    """Moodle's discriminative efficiency: 100 × cov(score, rest) / the largest covariance those values allow.

    The largest is the covariance of the two lists each sorted (best with best), as Moodle works it
    out; so it says how much of the discrimination the question's facility leaves room for.
    """
    covariance = sample_covariance(marks, rests)
    most = sample_covariance(sorted(marks), sorted(rests))
    if covariance is None or most is None or abs(most) < NO_SPREAD:
        why["discriminative_efficiency"] = _no_spread_reason(marks, rests)
        return None
    return 100 * covariance / most


def _no_spread_reason(scores: list[float], rests: list[float]) -> str:
    if len(scores) < 2:
        return TOO_FEW
    return NO_ITEM_SPREAD if max(scores) - min(scores) < NO_SPREAD else NO_REST_SPREAD


def _effective_weights(items: Mapping[int, _Item]) -> dict[int, tuple[float | None, str]]:
    """Moodle's effective weight: 100 × √cov(score, total) / Σ √cov over the questions.

    The covariance is with the whole attempt's total; a question whose covariance is negative gets
    none (and adds nothing to the sum). Each value comes with the reason when it is None.
    """
    covariances = {question_id: item.covariance_with_total() for question_id, item in items.items()}
    root_sum = sum(math.sqrt(c) for c in covariances.values() if c is not None and c >= 0)
    weights: dict[int, tuple[float | None, str]] = {}
    for question_id, covariance in covariances.items():
        if covariance is None:
            weights[question_id] = (None, TOO_FEW)
        elif covariance < 0:
            weights[question_id] = (None, NEGATIVE_COVARIANCE)
        elif root_sum < NO_SPREAD:
            weights[question_id] = (None, NO_TOTAL_SPREAD)
        else:
            weights[question_id] = (100 * math.sqrt(covariance) / root_sum, "")
    return weights


def quiz_statistics(attempts: Sequence[AttemptScores]) -> QuizStats:
    """The quiz's figures, as at the top of Moodle's statistics report.

    Average, median, standard deviation (sample, n − 1), skewness and kurtosis of the attempts'
    grades in percent, with Moodle's formulas from the sums of powers of the differences to the mean
    (skewness from three attempts, kurtosis from four). Then the coefficient of internal consistency,
    error ratio and standard error (`_internal_consistency`).
    """
    percents = [attempt.percent for attempt in attempts]
    n = len(percents)
    why: dict[str, str] = {}
    average = fmean(percents) if n else None
    median = statistics.median(percents) if n else None
    sd = sample_sd(percents)
    skewness, kurtosis = _shape(percents, why)
    cic = _internal_consistency(attempts, why)
    error_ratio = None if cic is None else 100 * math.sqrt(max(0.0, 1 - cic / 100))
    standard_error = None if error_ratio is None or sd is None else error_ratio * sd / 100
    _explain_missing(
        why,
        (
            ("average", average, QUIZ_NONE),
            ("median", median, QUIZ_NONE),
            ("sd", sd, QUIZ_TOO_FEW.format("two")),
            ("error_ratio", error_ratio, why.get("cic", "")),
            ("standard_error", standard_error, why.get("cic", "")),
        ),
    )
    return QuizStats(
        attempts=n,
        average=average,
        median=median,
        sd=sd,
        skewness=skewness,
        kurtosis=kurtosis,
        cic=cic,
        error_ratio=error_ratio,
        standard_error=standard_error,
        why=why,
    )


def _shape(percents: list[float], why: dict[str, str]) -> tuple[float | None, float | None]:
    """Moodle's skewness k3 / k2^1.5 and kurtosis k4 / k2², from the moments m2, m3, m4 about the mean:

    k2 = s·m2/(s−1), k3 = s²·m3/((s−1)(s−2)), k4 = s²·((s+1)·m4 − 3(s−1)·m2²)/((s−1)(s−2)(s−3)).
    """
    s = len(percents)
    if s < 3:
        why["skewness"] = why["kurtosis"] = QUIZ_NONE if not s else QUIZ_TOO_FEW.format("three")
        if s == 3:
            why["kurtosis"] = QUIZ_TOO_FEW.format("four")
        return None, None
    mean = fmean(percents)
    m2, m3, m4 = (sum((p - mean) ** k for p in percents) / s for k in (2, 3, 4))
    k2 = s * m2 / (s - 1)
    if k2 < NO_SPREAD:
        why["skewness"] = why["kurtosis"] = SAME_GRADE
        return None, None
    skewness = (s * s * m3 / ((s - 1) * (s - 2))) / k2**1.5
    if s < 4:
        why["kurtosis"] = QUIZ_TOO_FEW.format("four")
        return skewness, None
    k4 = s * s * ((s + 1) * m4 - 3 * (s - 1) * m2 * m2) / ((s - 1) * (s - 2) * (s - 3))
    return skewness, k4 / (k2 * k2)


def _internal_consistency(attempts: Sequence[AttemptScores], why: dict[str, str]) -> float | None:
    """Moodle's coefficient of internal consistency (Cronbach's alpha; KR-20 for right/wrong questions):

    CIC = 100 · p/(p − 1) · (1 − Σ var(question marks) / var(totals)), sample variances in points,
    p the number of questions. Moodle's error ratio is then 100·√(1 − CIC/100) and its standard error
    the error ratio × the grades' standard deviation / 100. As Moodle, from three attempts up. Moodle
    counts a random slot's marks as one item whichever question it drew; here an item is a question,
    so the figure needs every attempt to have had the same questions.
    """
    s = len(attempts)
    if s < 3:
        why["cic"] = QUIZ_NONE if not s else QUIZ_TOO_FEW.format("three")
        return None
    question_sets = {frozenset(score.question_id for score in attempt.items) for attempt in attempts}
    if len(question_sets) > 1:
        why["cic"] = DIFFERENT_QUESTIONS
        return None
    items = _items(attempts)
    p = len(items)
    total_variance = sample_variance([attempt.total for attempt in attempts]) or 0.0
    if p < 2:
        why["cic"] = ONE_QUESTION
        return None
    if total_variance < NO_SPREAD:
        why["cic"] = SAME_GRADE
        return None
    item_variance = sum(sample_variance(item.marks) or 0.0 for item in items.values())
    return 100 * p / (p - 1) * (1 - item_variance / total_variance)
