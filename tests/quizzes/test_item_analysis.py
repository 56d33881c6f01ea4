"""Item analysis on a small class worked out by hand."""

import pytest

from studyapp.quizzes.item_analysis import AttemptScores, ItemScore, correlation, item_statistics


def attempt(q1: float, q2: float, q3: float) -> AttemptScores:
    # Q1 and Q2 are worth 1 point, Q3 is worth 2.
    return AttemptScores(q1 + q2 + q3, (ItemScore(1, q1, 1), ItemScore(2, q2, 1), ItemScore(3, q3, 2)))


ATTEMPTS = [attempt(1, 1, 2), attempt(1, 0, 2), attempt(0, 1, 0), attempt(0, 0, 0)]


def test_facility_is_the_mean_score_as_a_percentage_of_the_maximum():
    # Q1: 1, 1, 0, 0 out of 1        -> 2/4 = 50 %
    # Q3: 2, 2, 0, 0 out of 2 -> 1,1,0,0 -> 50 %
    stats = item_statistics(ATTEMPTS)
    assert stats[1].facility == pytest.approx(50.0)
    assert stats[2].facility == pytest.approx(50.0)
    assert stats[3].facility == pytest.approx(50.0)
    assert stats[1].attempts == 4


def test_discrimination_is_the_correlation_of_the_item_with_the_rest_of_the_test():
    # Totals: 4, 3, 1, 0.
    # Q1 scores x = 1, 1, 0, 0; rest of test y = total - x = 3, 2, 1, 0.
    #   mean x = 0.5, mean y = 1.5
    #   deviations x: .5, .5, -.5, -.5; y: 1.5, .5, -.5, -1.5
    #   Sxy = .75 + .25 + .25 + .75 = 2;  Sxx = 1;  Syy = 2.25 + .25 + .25 + 2.25 = 5
    #   r = 2 / sqrt(1 * 5) = 0.894427...  -> discrimination 89.44
    # Q2 scores x = 1, 0, 1, 0; rest y = 3, 3, 0, 0.
    #   deviations x: .5, -.5, .5, -.5; y: 1.5, 1.5, -1.5, -1.5
    #   Sxy = .75 - .75 - .75 + .75 = 0  -> discrimination 0
    # Q3 (as a fraction of 2) x = 1, 1, 0, 0; rest y = 2, 1, 1, 0.
    #   deviations y: 1, 0, 0, -1;  Sxy = .5 + 0 + 0 + .5 = 1; Sxx = 1; Syy = 2
    #   r = 1 / sqrt(2) = 0.707107...  -> discrimination 70.71
    stats = item_statistics(ATTEMPTS)
    assert stats[1].discrimination == pytest.approx(89.4427, abs=1e-3)
    assert stats[2].discrimination == pytest.approx(0.0, abs=1e-9)
    assert stats[3].discrimination == pytest.approx(70.7107, abs=1e-3)


def test_discrimination_is_undefined_when_everyone_scored_the_same_or_too_few_attempted():
    same = [attempt(1, 1, 2), attempt(1, 0, 0)]
    assert item_statistics(same)[1].discrimination is None  # everyone got Q1 right
    assert item_statistics([attempt(1, 0, 0)])[1].discrimination is None
    assert correlation([1.0], [2.0]) is None


def test_an_item_only_counts_the_attempts_that_drew_it():
    drawn = [AttemptScores(1, (ItemScore(7, 1, 1),)), AttemptScores(0, (ItemScore(8, 0, 1),))]
    stats = item_statistics(drawn)
    assert stats[7].attempts == 1 and stats[7].facility == 100.0
    assert stats[8].attempts == 1 and stats[8].facility == 0.0
