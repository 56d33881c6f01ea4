"""Pure grading rules: how an answer scores, and which attempt counts.

No Django here, so each rule has a fast unit test. Scores are fractions of a
question's points (0.0–1.0); the models turn them into points.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

HIGHEST, LAST, FIRST, AVERAGE = "highest", "last", "first", "average"
NUMBER_RE = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:e[+-]?\d+)?", re.IGNORECASE)
THOUSANDS_RE = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def normalise(text: str) -> str:
    """Case, spacing and punctuation do not matter in a short answer ("Node.js" = "nodejs")."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    kept = "".join(" " if unicodedata.category(ch).startswith(("P", "S")) else ch for ch in text)
    return "".join(kept.split())


def parse_number(text: str) -> float | None:
    """A number typed by a learner: "1,000", "0.5", "0,5", "900 seconds" (a trailing unit is ignored)."""
    text = (text or "").strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    if m := THOUSANDS_RE.match(text):
        return float(m.group(0).replace(",", ""))
    if m := NUMBER_RE.match(text):
        try:
            return float(m.group(0).replace(",", "."))
        except ValueError:
            return None
    return None


def default_credits(correct: Sequence[bool], *, select_all: bool) -> list[float]:
    """Each option's share of the points when none is given. Single choice: the right option earns
    it all. "Select all that apply": each of the k right options earns 1/k and each wrong one
    takes 1/k away (Moodle's fractions for the same rule), so ticking every box earns nothing."""
    right = sum(correct)
    if not select_all or not right:
        return [1.0 if c else 0.0 for c in correct]
    return [(1.0 if c else -1.0) / right for c in correct]


def grade_credits(selected: Iterable[int], credits: dict[int, float], *, select_all: bool) -> float:
    """Grade by each option's share (Moodle's answer fractions): single choice earns the one
    chosen option's share; "select all" the sum of the chosen shares, kept within 0–1."""
    chosen = set(selected) & credits.keys()
    if not select_all:
        return max(0.0, credits[next(iter(chosen))]) if len(set(selected)) == 1 and chosen else 0.0
    return min(1.0, max(0.0, sum(credits[pk] for pk in chosen)))


def grade_short(answer: str, accepted: Sequence[str]) -> float:
    given = normalise(answer)
    return 1.0 if given and any(given == normalise(a) for a in accepted) else 0.0


def grade_numeric(answer: str, target: float | None, tolerance: float) -> float:
    value = parse_number(answer)
    if value is None or target is None:
        return 0.0
    # A hair of slack so 0.1 + 0.2 style float noise never marks a right answer wrong.
    return 1.0 if abs(value - target) <= abs(tolerance) + 1e-9 * max(1.0, abs(target)) else 0.0


def quiz_grade(percents: Sequence[float], method: str) -> float | None:
    """The learner's grade from their finished attempts, oldest first."""
    if not percents:
        return None
    if method == HIGHEST:
        return max(percents)
    if method == FIRST:
        return percents[0]
    if method == LAST:
        return percents[-1]
    if method == AVERAGE:
        return sum(percents) / len(percents)
    raise ValueError(f"Unknown grading method {method!r}")


def counted_indexes(percents: Sequence[float], method: str) -> list[int]:
    """Which attempts the grade is made of (item analysis uses the same ones, as Moodle does)."""
    if not percents:
        return []
    if method == HIGHEST:
        return [max(range(len(percents)), key=lambda i: (percents[i], -i))]
    if method == FIRST:
        return [0]
    if method == LAST:
        return [len(percents) - 1]
    return list(range(len(percents)))
