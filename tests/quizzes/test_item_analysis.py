"""Item analysis on a small class worked out by hand."""

import pytest

from studyapp.quizzes.item_analysis import (
    AttemptScores,
    ItemScore,
    correlation,
    item_statistics,
    quiz_statistics,
    sample_sd,
    single_choice_guess,
)


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


# --- the rest of Moodle's figures, on the same four attempts ------------------------------------
# Each attempt is out of 4 points; totals 4, 3, 1, 0 (100 %, 75 %, 25 %, 0 %).


def attempt_of_4(q1: float, q2: float, q3: float) -> AttemptScores:
    return AttemptScores(q1 + q2 + q3, attempt(q1, q2, q3).items, maximum=4)


GRADED = [attempt_of_4(1, 1, 2), attempt_of_4(1, 0, 2), attempt_of_4(0, 1, 0), attempt_of_4(0, 0, 0)]


def test_standard_deviation_is_the_sample_sd_of_the_score_fraction():
    # Q1 fractions 1, 1, 0, 0: mean .5, squared deviations sum to 1, / (4 - 1) = 1/3
    #   sd = sqrt(1/3) = 0.57735 -> 57.74 %.  Q3's fractions (2, 2, 0, 0 out of 2) are the same.
    stats = item_statistics(GRADED)
    assert stats[1].sd == pytest.approx(57.735, abs=1e-3)
    assert stats[3].sd == pytest.approx(57.735, abs=1e-3)


def test_intended_weight_is_the_points_as_a_share_of_the_quiz_maximum():
    # 1, 1 and 2 points of 4.
    stats = item_statistics(GRADED, quiz_points=4)
    assert [stats[q].intended_weight for q in (1, 2, 3)] == [25.0, 25.0, 50.0]


def test_effective_weight_shares_out_the_square_roots_of_the_covariances_with_the_total():
    # Totals 4, 3, 1, 0: mean 2, deviations 2, 1, -1, -2.
    # Q1 marks 1, 1, 0, 0 (dev .5, .5, -.5, -.5): sum of products 1 + .5 + .5 + 1 = 3, / 3 -> cov 1
    # Q2 marks 1, 0, 1, 0 (dev .5, -.5, .5, -.5): 1 - .5 - .5 + 1 = 1, / 3 -> cov 1/3
    # Q3 marks 2, 2, 0, 0 (dev 1, 1, -1, -1): 2 + 1 + 1 + 2 = 6, / 3 -> cov 2
    # roots 1, 0.57735, 1.41421, sum 2.99156:
    #   Q1 1 / 2.99156 = 33.427 %, Q2 0.57735 / 2.99156 = 19.300 %, Q3 1.41421 / 2.99156 = 47.273 %
    stats = item_statistics(GRADED)
    assert stats[1].effective_weight == pytest.approx(33.427, abs=1e-3)
    assert stats[2].effective_weight == pytest.approx(19.300, abs=1e-3)
    assert stats[3].effective_weight == pytest.approx(47.273, abs=1e-3)


def test_a_question_that_goes_against_the_total_has_no_effective_weight():
    # Q2 is right only for the two weakest: marks 0, 0, 1, 1 against totals 3, 3, 1, 1.
    #   cov = (-.5)(1) + (-.5)(1) + (.5)(-1) + (.5)(-1) = -2, / 3 < 0 -> no weight.
    # Q1 (marks 3, 3, 0, 0) then takes all of it: sqrt(cov) / sqrt(cov) = 100 %.
    against = [AttemptScores(3, (ItemScore(1, 3, 3), ItemScore(2, 0, 1)), 4)] * 2 + [
        AttemptScores(1, (ItemScore(1, 0, 3), ItemScore(2, 1, 1)), 4)
    ] * 2
    stats = item_statistics(against)
    assert stats[2].effective_weight is None and "negative" in stats[2].why["effective_weight"]
    assert stats[1].effective_weight == pytest.approx(100.0)


def test_discriminative_efficiency_compares_with_the_best_pairing_the_scores_allow():
    # From the attempts above: Q1 marks 1, 1, 0, 0 with rest 3, 2, 1, 0 are already paired best
    # with best, so cov = max cov -> 100 %.  Q2 (rest 3, 3, 0, 0) has cov 0 -> 0 %.
    stats = item_statistics(GRADED)
    assert stats[1].discriminative_efficiency == pytest.approx(100.0)
    assert stats[2].discriminative_efficiency == pytest.approx(0.0, abs=1e-9)
    # A: marks 1, 0, 1, 0 with rest (B's marks) 3, 2, 1, 0.
    #   deviations .5, -.5, .5, -.5 and 1.5, .5, -.5, -1.5: .75 - .25 - .25 + .75 = 1
    #   sorted 0, 0, 1, 1 and 0, 1, 2, 3: .75 + .25 + .25 + .75 = 2  -> 1 / 2 = 50 %
    half = [
        AttemptScores(a + b, (ItemScore(10, a, 1), ItemScore(11, b, 3)), 4) for a, b in [(1, 3), (0, 2), (1, 1), (0, 0)]
    ]
    assert item_statistics(half)[10].discriminative_efficiency == pytest.approx(50.0)


def test_the_random_guess_score_is_passed_through_or_explained():
    stats = item_statistics(GRADED, guesses={1: 50.0, 2: None})
    assert stats[1].random_guess == 50.0 and "random_guess" not in stats[1].why
    assert stats[2].random_guess is None and "select all that apply" in stats[2].why["random_guess"]


def test_a_single_choice_guess_is_the_mean_credit_never_below_zero():
    # (100 + 0 + 0 + max(0, -50)) / 4 = 25
    assert single_choice_guess([100, 0, 0, -50]) == 25.0
    assert single_choice_guess([100, 0, 0]) == pytest.approx(33.333, abs=1e-3)
    assert single_choice_guess([]) is None


def test_one_attempt_leaves_every_spread_undefined_and_says_why():
    stats = item_statistics(GRADED[:1], quiz_points=4)[1]
    assert stats.facility == 100.0 and stats.intended_weight == 25.0
    for name in ("sd", "effective_weight", "discrimination", "discriminative_efficiency"):
        assert getattr(stats, name) is None
        assert stats.why[name] == "Needs at least two attempts at this question."


def test_a_question_everyone_got_right_has_no_discrimination_but_a_zero_spread():
    same = [attempt_of_4(1, 1, 2), attempt_of_4(1, 0, 0), attempt_of_4(1, 1, 0)]
    stats = item_statistics(same)[1]
    assert stats.sd == 0.0  # defined: the scores do not vary
    assert stats.discrimination is None and "Everyone scored the same" in stats.why["discrimination"]
    assert stats.discriminative_efficiency is None
    assert stats.effective_weight == pytest.approx(0.0)  # no share of the spread, but others have some


def test_no_effective_weight_when_nothing_moves_with_the_total():
    flat = [attempt_of_4(1, 0, 2), attempt_of_4(1, 0, 2)]
    stats = item_statistics(flat)
    assert stats[1].effective_weight is None and "No question's score" in stats[1].why["effective_weight"]


# --- the quiz's figures -------------------------------------------------------------------------


def test_quiz_figures_follow_moodles_formulas():
    # Grades 100, 75, 25, 0 %: mean 50, median (75 + 25) / 2 = 50.
    # Deviations 50, 25, -25, -50: Σd² = 2500 + 625 + 625 + 2500 = 6250 -> sd sqrt(6250 / 3) = 45.644
    # Σd³ = 0 -> skewness 0.
    # Σd⁴ = 2·50⁴ + 2·25⁴ = 13 281 250; m2 = 1562.5, m4 = 3 320 312.5; k2 = 4·1562.5/3 = 2083.33
    #   k4 = 16·(5·m4 - 3·3·m2²) / (3·2·1) = 16·(16 601 562.5 - 21 972 656.25) / 6 = -14 322 916.67
    #   kurtosis k4 / k2² = -14 322 916.67 / 4 340 277.78 = -3.3
    # CIC, in points: question variances 1/3, 1/3, 4/3 (marks 2, 2, 0, 0 about 1), sum 2;
    #   totals 4, 3, 1, 0 about 2: Σd² = 10, variance 10/3.
    #   CIC = 100 · 3/2 · (1 - 2 / (10/3)) = 150 · 0.4 = 60 %
    #   error ratio 100 · sqrt(1 - .6) = 63.246 %; standard error 63.246 % of 45.644 = 28.868 %
    stats = quiz_statistics(GRADED)
    assert stats.attempts == 4
    assert stats.average == 50.0 and stats.median == 50.0
    assert stats.sd == pytest.approx(45.644, abs=1e-3)
    assert stats.skewness == pytest.approx(0.0, abs=1e-9)
    assert stats.kurtosis == pytest.approx(-3.3)
    assert stats.cic == pytest.approx(60.0)
    assert stats.error_ratio == pytest.approx(63.246, abs=1e-3)
    assert stats.standard_error == pytest.approx(28.868, abs=1e-3)
    assert stats.why == {}


def test_skewness_and_kurtosis_of_a_lopsided_quiz():
    # Grades 0, 0, 0, 100: mean 25, deviations -25 ×3 and 75.
    #   Σd² = 3·625 + 5625 = 7500, Σd³ = -3·15 625 + 421 875 = 375 000, Σd⁴ = 3·390 625 + 31 640 625 = 32 812 500
    #   m2 = 1875, m3 = 93 750, m4 = 8 203 125; k2 = 4·1875/3 = 2500; k3 = 16·93 750/6 = 250 000
    #   skewness 250 000 / 2500^1.5 = 250 000 / 125 000 = 2
    #   k4 = 16·(5·8 203 125 - 9·1875²)/6 = 16·9 375 000/6 = 25 000 000; kurtosis / 2500² = 4
    lopsided = [AttemptScores(s, (ItemScore(1, s, 1),), 1) for s in (0, 0, 0, 1)]
    stats = quiz_statistics(lopsided)
    assert stats.median == 0.0
    assert stats.skewness == pytest.approx(2.0) and stats.kurtosis == pytest.approx(4.0)
    assert stats.cic is None and stats.why["cic"] == "Needs at least two questions."


def test_quiz_figures_need_enough_attempts():
    assert quiz_statistics([]).average is None and quiz_statistics([]).why["average"] == "No graded attempts yet."
    one = quiz_statistics(GRADED[:1])
    assert one.average == 100.0 and one.median == 100.0
    assert one.sd is None and one.why["sd"] == "Needs at least two graded attempts."
    three = quiz_statistics(GRADED[:3])
    assert three.skewness is not None
    assert three.kurtosis is None and three.why["kurtosis"] == "Needs at least four graded attempts."


def test_quiz_figures_without_spread_are_undefined_not_zero():
    flat = [attempt_of_4(1, 0, 2)] * 4
    stats = quiz_statistics(flat)
    assert stats.sd == 0.0  # defined: every grade is 75 %
    for name in ("skewness", "kurtosis", "cic", "error_ratio", "standard_error"):
        assert getattr(stats, name) is None
        assert "same grade" in stats.why[name]


def test_internal_consistency_needs_the_same_questions_in_every_attempt():
    drawn = GRADED[:3] + [AttemptScores(1, (ItemScore(1, 1, 1), ItemScore(9, 0, 1)), 2)]
    stats = quiz_statistics(drawn)
    assert stats.cic is None and "different questions" in stats.why["cic"]
    assert stats.error_ratio is None and stats.why["error_ratio"] == stats.why["cic"]
    assert item_statistics(drawn)[9].attempts == 1 and item_statistics(drawn)[1].attempts == 4


def test_the_standard_deviation_divides_by_n_minus_one_as_moodle_does():
    # Mean 2.5; squared differences 2.25 + 0.25 + 0.25 + 2.25 = 5; 5 / (4 − 1) = 5/3 (not 5/4).
    assert sample_sd([1, 2, 3, 4]) == pytest.approx((5 / 3) ** 0.5)
    assert sample_sd([7]) is None
