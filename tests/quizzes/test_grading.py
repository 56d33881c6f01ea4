"""The pure grading rules: short answers, numbers, choices and the attempt rule."""

import pytest

from studyapp.quizzes import grading


@pytest.mark.parametrize("given", ["Node.js", "nodejs", "  NODE JS ", "node-js!", "Node.JS."])
def test_short_answers_match_ignoring_case_spacing_and_punctuation(given):
    assert grading.grade_short(given, ["Node.js"]) == 1.0


def test_a_short_answer_must_match_one_accepted_answer():
    assert grading.grade_short("Python", ["Node.js", "JavaScript"]) == 0.0
    assert grading.grade_short("java script", ["Node.js", "JavaScript"]) == 1.0
    assert grading.grade_short("", [""]) == 0.0  # an empty answer is never right


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("900", 1.0),
        ("899.5", 1.0),
        ("900.5", 1.0),
        ("901", 0.0),
        ("898", 0.0),
        ("900 seconds", 1.0),
        ("9e2", 1.0),
        ("nine hundred", 0.0),
        ("", 0.0),
    ],
)
def test_numeric_answers_are_right_within_the_tolerance(given, expected):
    assert grading.grade_numeric(given, 900, 0.5) == expected


def test_numbers_may_be_written_with_thousands_separators_or_a_decimal_comma():
    assert grading.parse_number("1,000") == 1000
    assert grading.parse_number("3,200,000 seconds") == 3_200_000
    assert grading.parse_number("0,5") == 0.5
    assert grading.grade_numeric("0.30000000000000004", 0.3, 0) == 1.0


def choice(selected: list[int], correct: list[int], *, select_all: bool) -> float:
    """Grade a pick among options 1–4 of which `correct` are right, with the default shares."""
    ids = [1, 2, 3, 4]
    shares = grading.default_credits([pk in correct for pk in ids], select_all=select_all)
    return grading.grade_credits(selected, dict(zip(ids, shares)), select_all=select_all)


def test_single_choice_is_right_only_with_the_one_right_option():
    assert choice([1], [1], select_all=False) == 1.0
    assert choice([2], [1], select_all=False) == 0.0
    assert choice([1, 2], [1], select_all=False) == 0.0
    assert choice([], [1], select_all=False) == 0.0


def test_select_all_earns_a_share_per_right_pick_and_loses_one_per_wrong_pick():
    assert choice([1, 2], [1, 2], select_all=True) == 1.0
    assert choice([1], [1, 2], select_all=True) == 0.5
    assert choice([1, 3], [1, 2], select_all=True) == 0.0
    assert choice([1, 2, 3, 4], [1, 2], select_all=True) == 0.0  # ticking everything earns nothing


def test_the_default_shares_are_moodles_fractions_for_the_same_rule():
    assert grading.default_credits([True, False], select_all=False) == [1.0, 0.0]
    assert grading.default_credits([True, True, False, False], select_all=True) == [0.5, 0.5, -0.5, -0.5]


def test_imported_partial_credit_earns_the_chosen_shares():
    shares = {1: 1.0, 2: 0.5, 3: -0.25}
    assert grading.grade_credits([2], shares, select_all=False) == 0.5
    assert grading.grade_credits([3], shares, select_all=False) == 0.0  # never below zero
    assert grading.grade_credits([9], shares, select_all=False) == 0.0  # an id not among the options
    many = {1: 0.5, 2: 0.5, 3: 0.5, 4: -1.0}
    assert grading.grade_credits([1, 2, 3], many, select_all=True) == 1.0  # never above all the points
    assert grading.grade_credits([1, 4], many, select_all=True) == 0.0
    assert grading.grade_credits([1, 3], many, select_all=True) == 1.0


def test_the_quiz_grade_follows_the_attempt_rule():
    percents = [40.0, 90.0, 70.0]
    assert grading.quiz_grade(percents, "highest") == 90.0
    assert grading.quiz_grade(percents, "first") == 40.0
    assert grading.quiz_grade(percents, "last") == 70.0
    assert grading.quiz_grade(percents, "average") == pytest.approx(200 / 3)
    assert grading.quiz_grade([], "highest") is None


def test_the_counted_attempts_are_the_ones_the_grade_is_made_of():
    assert grading.counted_indexes([40.0, 90.0, 90.0], "highest") == [1]  # the first of equal bests
    assert grading.counted_indexes([40.0, 90.0], "average") == [0, 1]
    assert grading.counted_indexes([40.0, 90.0], "last") == [1]
