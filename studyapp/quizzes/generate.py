"""Quiz questions drafted from ONE topic's flashcards and sets (pure: card-like data in, drafts out).

Callers call `generate_questions` once per topic: every option comes from the cards and sets
passed in (or is a figure made from the key itself), so adding a topic never changes another
topic's questions. Three shapes, all reviewed by an instructor before use:

- **Single choice** on a card's answer. Distractors are of the answer's own kind: a figure gets
  figures of the same unit and a plausible magnitude (other figures of the notes, then the key
  scaled: "$0.20" → "$2.00"); a name gets the other members of its family (same section, parent
  fact and card kind), then names of the topic; other text gets only the text of its family.
- **True/false** from a figure gap or a fact whose answer is a figure: the current figure, or a
  distractor swapped in. The history paragraph of an updated card is never read.
- **Select all that apply** from each set of the notes ("brewing methods"), with members of
  the topic's other sets as the wrong options.

Never a second right answer (another answer to the same question, an answer of the same fact,
the same text or quantity in other words, a value the question prints), and never an option the
question's own words give away.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from studyapp.cards.generate import BLANK, ItemSet

from .grading import normalise

SINGLE, MULTIPLE, TRUE_FALSE = "single", "multiple", "true_false"
VALUE_KINDS = {"fact", "cloze", "definition", "definition-reverse", "which", "use"}
NAME_KINDS = {"which", "use", "definition-reverse"}  # their answer is a name, however many words it has
MAX_DISTRACTORS, MIN_DISTRACTORS = 3, 2
MIN_SET, SET_WRONG = 3, 2  # a set needs three members; two non-members join the correct ones
MAGNITUDE = 100  # a real figure within two orders of magnitude of the key is plausible
SYNTHETIC_POOL = 4  # scaled figures are drawn from the few nearest the key
TEXT_SORTS = {"name", "description"}
SEPARATOR = " › "

NUMBER = r"\d[\d,]*(?:\.\d+)?"
# Unit spelling (lowercase) -> (family, size in the family's base unit). Other single words
# after a figure ("3 zones", "9 bar") are units of their own family.
UNITS = {
    "%": ("percent", 1),
    "°c": ("celsius", 1),
    "°f": ("fahrenheit", 1),
    "bytes": ("size", 1),
    "kb": ("size", 2**10),
    "mb": ("size", 2**20),
    "gb": ("size", 2**30),
    "tb": ("size", 2**40),
    "gb-seconds": ("compute", 1),
    "gb-second": ("compute", 1),
    "ms": ("time", 0.001),
    "milliseconds": ("time", 0.001),
    "millisecond": ("time", 0.001),
    "seconds": ("time", 1),
    "second": ("time", 1),
    "minutes": ("time", 60),
    "minute": ("time", 60),
    "hours": ("time", 3600),
    "hour": ("time", 3600),
    "days": ("time", 86400),
    "day": ("time", 86400),
    "weeks": ("time", 604800),
    "week": ("time", 604800),
    "months": ("time", 2629800),
    "month": ("time", 2629800),
    "years": ("time", 31557600),
    "year": ("time", 31557600),
    "g": ("mass", 1),
    "kg": ("mass", 1000),
}
SPELLED_UNITS = {"millisecond", "second", "minute", "hour", "day", "week", "month", "year"}
UNIT_ALT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
FIGURE_RE = re.compile(
    rf"^(?P<money>\$)?(?P<low>{NUMBER})(?:\s?(?P<sep>–|-|\sto\s)\s?\$?(?P<high>{NUMBER}))?"
    rf"(?:(?P<space>\s?)(?P<unit>(?:{UNIT_ALT})(?![\w%])|[A-Za-z][\w@-]*))?(?P<rest>.*)$",
    re.IGNORECASE,
)
CONVERSION_RE = re.compile(r"^\s*\((?P<inner>[^()]+)\)\s*$")
DATE_RE = re.compile(
    r"^(?:c\.\s?)?(?:(?:AD|CE)\s?)?\d{1,4}(?:\s?(?:to|–|-)\s?(?:(?:AD|CE)\s?)?\d{1,4})?"
    r"\s?(?:BC|BCE|AD|CE)$|^(?:AD|CE)\s?\d{1,4}(?:\s?(?:–|-)\s?\d{1,4})?$"
)
WHEN_RE = re.compile(r"^(?:before|after|during|until|while|once|every)\b", re.IGNORECASE)
QUESTION_RE = re.compile(r"^(?:what|which|how|when|who|whom|whose|why|where|name|in (?:what|which))\b", re.IGNORECASE)
WHAT_IS_RE = re.compile(r"^What (?P<verb>is|are) (?P<subject>.+)\?$")
TOKEN_RE = re.compile(r"\d[\d,]*(?:\.\d+)?|[^\W\d_]+", re.UNICODE)
STOPWORDS = frozenset(
    "a an the of in on at to for from by with and or not no is are was were be been it its this that these those "
    "what which who how when where why does do did can could would will your you their there per as into than "
    "then if each all any".split()
)


@dataclass(frozen=True)
class CardData:
    id: int
    key: str
    fact_key: str
    kind: str
    front: str
    back: str
    section: str  # the heading path: "Sourdough › Baking"
    anchor: str = ""


@dataclass
class QuestionDraft:
    source_key: str
    card_id: int | None  # None for a question on a set of the notes (it tests no single card)
    kind: str
    text: str
    options: list[tuple[str, bool]] = field(default_factory=list)  # (text, is correct), correct first
    explanation: str = ""
    anchor: str = ""


def answer_value(back: str) -> str:
    """The card's answer: its first paragraph. Later paragraphs are history (a superseded
    figure, a correction) and must never be offered as right."""
    return back.split("\n\n")[0].strip()


# --- figures ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A quantity as the notes write it ("900 seconds (15 minutes)", "$0.20", "92 to 96 °C")."""

    low: float
    high: float | None  # a range's upper end
    family: str  # what it measures: "time", "size", "money", "count", "unit:zone"…
    scale: float  # the unit's size in the family's base unit
    unit: str
    space: str
    sep: str
    money: bool
    decimals: int
    commas: bool
    rest: str  # words after the figure ("in /tmp"), kept with every option
    conversion: Figure | None = None  # the same quantity in other units, in brackets

    @property
    def magnitude(self) -> float:
        return self.low * self.scale

    def scaled(self, how) -> Figure | None:
        """The figure with `how` applied to each number (in its own units); None when the
        result is not a number the notes could have written (negative, too many decimals)."""
        low = _nice(how(self.low), self.decimals)
        high = None if self.high is None else _nice(how(self.high), self.decimals)
        return self._with(low, high)

    def in_units_of(self, other: Figure) -> Figure | None:
        """This quantity written as `other` writes its figures (unit, decimals, words after it)."""
        if self.family != other.family or (self.high is None) != (other.high is None):
            return None
        factor = self.scale / other.scale
        low = _nice(self.low * factor, other.decimals)
        high = None if self.high is None else _nice(self.high * factor, other.decimals)
        return other._with(low, high)

    def _with(self, low: float | None, high: float | None) -> Figure | None:
        """This figure with other numbers (its bracketed conversion follows them); None when
        they cannot be written as the notes write this figure."""
        if low is None or low <= 0 or (self.high is not None and (high is None or high <= low)):
            return None
        conversion = None
        if self.conversion is not None:
            ratio = self.scale / self.conversion.scale
            conversion = self.conversion._with(
                _nice(low * ratio, self.conversion.decimals),
                None if self.conversion.high is None or high is None else _nice(high * ratio, self.conversion.decimals),
            )
            if conversion is None:
                return None
        return replace(self, low=low, high=high, conversion=conversion)

    def text(self) -> str:
        numbers = _number(self.low, self) + ("" if self.high is None else self.sep + _number(self.high, self))
        text = f"{'$' if self.money else ''}{numbers}{self.space}{_unit_for(self)}"
        if self.conversion is not None:
            text += f" ({self.conversion.text()})"
        return text + self.rest


def parse_figure(value: str) -> Figure | None:
    """The figure a value starts with, when the value is a figure (words after it allowed,
    other numbers not: "230 °C with steam for 20 minutes" is a sentence)."""
    m = FIGURE_RE.match(value.strip())
    if not m:
        return None
    unit, rest, space = m.group("unit") or "", m.group("rest"), m.group("space") or ""
    known = UNITS.get(unit.lower())
    conversion = None
    if unit and not known and rest.strip() and not CONVERSION_RE.match(rest):
        rest, unit, space = f"{space}{unit}{rest}", "", ""  # a word of a sentence, not a unit
        if not rest.startswith((" ", ",")) or len(rest.split()) > 4:
            return None
    if (c := CONVERSION_RE.match(rest)) and re.search(r"\d", rest):
        conversion = parse_figure(c.group("inner"))
        if conversion is None or conversion.rest or conversion.conversion:
            return None
        rest = ""
    if re.search(r"\d", rest) or re.match(r"\s*(?:[:/×]|x\b)", rest):
        return None  # "1:2 coffee to water", "230 °C for 20 minutes": more than one figure
    family, scale = known or ((f"unit:{_unit_singular(unit.lower())}", 1) if unit else ("count", 1))
    if m.group("money"):
        family = "money" if not unit else f"money:{family}"
    numbers = [m.group("low")] + ([m.group("high")] if m.group("high") else [])
    figure = Figure(
        low=_parse_number(m.group("low")),
        high=_parse_number(m.group("high")) if m.group("high") else None,
        family=family,
        scale=scale,
        unit=unit,
        space=space,
        sep=m.group("sep") or "",
        money=bool(m.group("money")),
        decimals=max(len(n.partition(".")[2]) for n in numbers),
        commas=any("," in n for n in numbers) or all(_parse_number(n) < 1000 for n in numbers),
        rest=rest,
        conversion=conversion,
    )
    if conversion is not None and conversion.family != family:
        return None
    return figure


def value_sort(value: str) -> str | None:
    """What sort of value this is (a figure's family, "date", "when", "name", "description");
    None for values that make poor options (lists, long text)."""
    if not value or value.startswith("- ") or "\n" in value:
        return None
    if DATE_RE.match(value):
        return "date"  # before figures: "27 BC" is no count of BCs
    if figure := parse_figure(value):
        return figure.family
    words = len(value.split())
    if WHEN_RE.match(value) and words <= 8:
        return "when"
    if words <= 4 and len(value) <= 40:
        return "name"
    if words <= 20 and len(value) <= 150:
        return "description"
    return None


def _parse_number(text: str) -> float:
    return float(text.replace(",", ""))


def _nice(number: float, decimals: int) -> float | None:
    """`number` when it is written with at most `decimals` decimals (else None: "7.5 minutes"
    where the notes write whole minutes would stand out)."""
    rounded = round(number, decimals)
    return rounded if abs(rounded - number) < 1e-9 * max(1.0, abs(number)) else None


def _number(value: float, figure: Figure) -> str:
    text = f"{value:,.{figure.decimals}f}"
    return text if figure.commas else text.replace(",", "")


def _unit_for(figure: Figure) -> str:
    """The unit spelled for the figure's number: "1 hour", "2 hours", "1 VM", "3 VMs"."""
    unit = figure.unit
    spelled = unit.lower().rstrip("s") in SPELLED_UNITS
    acronym = unit.lower() not in UNITS and len(unit) > 1 and unit[:2].isupper()
    if not (spelled or acronym):
        return unit  # "KB", "%", "bar": the same for one or many
    plural = figure.high is not None or figure.low != 1
    if plural and not unit.endswith("s"):
        return unit + "s"
    if not plural and unit.endswith("s") and len(unit) > 2:
        return unit[:-1]
    return unit


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _unit_singular(unit: str) -> str:
    """ "vms" → "vm", "zones" → "zone": one family for "1 VM" and "3 VMs"."""
    return unit[:-1] if len(unit) > 2 and unit.endswith("s") and not unit.endswith("ss") else unit


def _synthetic(key: Figure) -> list[Figure]:
    """Wrong figures made from the key, nearest first: small whole numbers step by one or two,
    temperatures by ten degrees, sizes by powers of two, anything else by 2, 3, 5 or 10."""
    if key.family in ("celsius", "fahrenheit"):
        step = 10 if key.low >= 40 else 5
        hows = [(lambda n, d=d: n + d) for d in (-step, step, -2 * step, 2 * step, 3 * step, -3 * step)]
    elif key.family == "size":
        hows = [(lambda n, f=f: n * f) for f in (2, 0.5, 4, 0.25, 8, 0.125)]
    elif key.low <= 12 and key.decimals == 0 and not key.money and key.high is None:
        hows = [(lambda n, d=d: n + d) for d in (-1, 1, 2, -2, 3)] + [lambda n: n * 2, lambda n: n * 3]
    else:
        hows = [(lambda n, f=f: n * f) for f in (2, 0.5, 3, 1 / 3, 5, 0.2, 4, 0.25, 10, 0.1)]
    below, above = [], []
    for how in hows:
        figure = key.scaled(how)
        if figure is None or (key.family == "percent" and key.low <= 100 and (figure.high or figure.low) > 100):
            continue
        (below if figure.magnitude < key.magnitude else above).append(figure)
    # Some smaller, some larger: the answer should not always be the smallest of the options.
    mixed = [f for pair in zip(above, below) for f in pair]
    return mixed + above[len(mixed) // 2 :] + below[len(mixed) // 2 :]


# --- words -------------------------------------------------------------------------------------


def _tokens(text: str) -> list[str]:
    """Words and numbers, compared loosely: case, plural "s" and thousands commas do not matter."""
    found = []
    for token in TOKEN_RE.findall(text.casefold()):
        token = token.replace(",", "") if token[0].isdigit() else _singular(token)
        found.append(token)
    return found


def _content(text: str) -> set[str]:
    return {t for t in _tokens(text) if t not in STOPWORDS}


def _printed_in(value: str, text: str) -> bool:
    """Whether `value` appears word for word (loosely) in `text`: "8 hours" in "4 to 8 hours"."""
    return _contains(_tokens(text), _tokens(value))


def _contains(tokens: list[str], part: list[str]) -> bool:
    return bool(part) and any(tokens[i : i + len(part)] == part for i in range(len(tokens) - len(part) + 1))


def _repeats_stem(option: str, stem: str) -> bool:
    """An option made only of the question's own words gives itself away (or is a trick)."""
    words = _content(option)
    return bool(words) and words <= _content(stem)


def _echoes(option: str, stem: str) -> set[str]:
    """The question's words an option repeats: "origin" in "Origin Response"."""
    return {w for w in _content(option) & _content(stem) if w.isalpha() and len(w) > 2}


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- the topic's values --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Value:
    card: CardData
    value: str  # the current answer (the card's first paragraph)
    sort: str
    figure: Figure | None


def _values(cards: Sequence[CardData]) -> list[_Value]:
    """The cards whose answer is short enough to be an option, with what sort of value it is."""
    found = []
    for card in cards:
        if card.kind not in VALUE_KINDS:
            continue
        value = answer_value(card.back)
        sort = value_sort(value)
        if card.kind in NAME_KINDS and sort in TEXT_SORTS and len(value.split()) <= 6:
            sort = "name"
        if sort is None or (card.kind == "cloze" and BLANK not in card.front):
            continue
        figure = parse_figure(value) if sort not in TEXT_SORTS | {"date", "when"} else None
        if card.kind == "cloze" and figure is None:
            continue  # a step of a long list: its neighbours are printed in the question itself
        found.append(_Value(card, value, sort, figure))
    return found


@dataclass
class _Topic:
    """What one topic's cards say, for telling a wrong option from a second right one."""

    values: list[_Value]
    answers_by_front: dict[str, set[str]]
    answers_by_fact: dict[str, set[str]]

    @classmethod
    def of(cls, cards: Sequence[CardData]) -> _Topic:
        by_front: dict[str, set[str]] = {}
        by_fact: dict[str, set[str]] = {}
        for card in cards:
            answer = answer_value(card.back)
            by_front.setdefault(normalise(card.front), set()).add(answer)
            by_fact.setdefault(card.fact_key, set()).add(answer)
        return cls(_values(cards), by_front, by_fact)

    def also_right(self, target: _Value) -> list[str]:
        """Answers that are right for the target's question: its own, those of cards asking the
        same question, those of the same fact in other words."""
        return sorted(
            self.answers_by_front.get(normalise(target.card.front), set())
            | self.answers_by_fact.get(target.card.fact_key, set())
            | {target.value}
        )


# --- single choice ------------------------------------------------------------------------------


def generate_questions(cards: list[CardData], sets: Sequence[ItemSet] = ()) -> list[QuestionDraft]:
    """The questions of ONE topic: `cards` and `sets` are all of that topic and nothing else."""
    topic = _Topic.of(cards)
    drafts: list[QuestionDraft] = []
    for value in topic.values:
        stem = _question_text(value.card)
        distractors = _distractors(value, topic, stem)
        if len(distractors) >= MIN_DISTRACTORS and _fair(value, distractors, stem):
            drafts.append(_single_choice(value, stem, distractors))
        if _states_a_figure(value) and distractors:
            if statement := _true_false(value, distractors):
                drafts.append(statement)
    drafts.extend(_select_all_questions(sets))
    return drafts


def _question_text(card: CardData) -> str:
    """The front as a quiz question that stands alone: a gap or a context cue ("Ingredients:
    Flour?") gets its section path, which the study screen shows and a quiz does not."""
    front = _without_heading_cue(card)
    if card.kind == "cloze":
        return f"Fill the gap ({card.section}): {front}"
    if QUESTION_RE.match(card.front):
        return card.front
    return f"{card.section}: {front}"


def _without_heading_cue(card: CardData) -> str:
    """ "Cost per call: [...] per 1 million requests" under the heading "Cost per call": the cue
    repeats the section path the question prints, so it goes."""
    heading = card.section.split(SEPARATOR)[-1]
    cue = f"{heading}: "
    return card.front[len(cue) :] if card.front.startswith(cue) and len(card.front) > len(cue) else card.front


def _distractors(target: _Value, topic: _Topic, stem: str) -> list[str]:
    """Up to three wrong options of the target's own sort, the most alike first."""
    right = topic.also_right(target)
    _, _, history = target.card.back.partition("\n\n")  # never offered, not even as a wrong option
    seen = {normalise(r) for r in right}
    magnitudes = _magnitudes(right, target)
    rest = target.figure.rest if target.figure is not None else ""

    def acceptable(text: str, magnitude: float | None) -> bool:
        if normalise(text) in seen or (magnitude is not None and _near(magnitude, magnitudes)):
            return False
        core = text[: len(text) - len(rest)] if rest and text.endswith(rest) else text
        return not (_printed_in(core, stem) or _printed_in(core, history) or _repeats_stem(text, stem))

    chosen: list[str] = []
    for tier, candidates in enumerate(_candidate_tiers(target, topic)):
        if tier and len(chosen) >= MIN_DISTRACTORS:
            break  # a wider tier only where the closer one is too small to ask
        for text, magnitude in candidates:
            if len(chosen) == MAX_DISTRACTORS:
                break
            if acceptable(text, magnitude):
                chosen.append(text)
                seen.add(normalise(text))
                if magnitude is not None:
                    magnitudes.append(magnitude)
    return chosen


def _magnitudes(answers: list[str], target: _Value) -> list[float]:
    if target.figure is None:
        return []
    return [f.magnitude for a in answers if (f := parse_figure(a)) and f.family == target.figure.family]


def _near(magnitude: float, magnitudes: list[float]) -> bool:
    return any(abs(magnitude - m) <= 1e-9 * max(abs(m), 1.0) for m in magnitudes)


def _candidate_tiers(target: _Value, topic: _Topic) -> list[list[tuple[str, float | None]]]:
    """Wrong options, closest tier first, each with its quantity when it is a figure.

    A figure: the notes' figures of its unit (its section first), then the key scaled.
    A name, a "when" or a date: its family (same section, parent and card kind), then the
    topic. Any other text: its family only (a sentence from elsewhere is plainly off-topic)."""
    if target.figure is not None:
        return [_figure_candidates(target, topic)]
    family, elsewhere = [], []
    for other in topic.values:
        if other.card.id == target.card.id or other.card.kind != target.card.kind:
            continue
        if _family(other.card) == _family(target.card):
            if other.sort == target.sort or {other.sort, target.sort} <= TEXT_SORTS:
                family.append(other.value)
        elif other.sort == target.sort and (target.card.kind in NAME_KINDS or target.sort in ("when", "date")):
            elsewhere.append(other.value)
    return [[(text, None) for text in _shuffled(target, texts)] for texts in (family, elsewhere)]


def _family(card: CardData) -> tuple[str, ...]:
    """Cards whose answers are alike: one section, and one parent fact ("Signs of trouble" and
    "Hydration" under one heading are two families). A "which" card's section is its family."""
    if card.kind == "which":
        return (card.section,)
    return (card.section, card.fact_key.rpartition("/")[0])


def _figure_candidates(target: _Value, topic: _Topic) -> list[tuple[str, float | None]]:
    key = target.figure
    found: list[tuple[int, int, Figure]] = []
    for other in topic.values:
        if other.figure is None or other.card.id == target.card.id or other.figure.family != key.family:
            continue
        written = other.figure.in_units_of(key)
        if written is None or not _plausible(other.figure.magnitude, key.magnitude):
            continue
        if other.figure.rest != key.rest:
            continue  # "10 g" of salt is no option for "500 g strong white" (flour)
        rank = 0 if other.card.section == target.card.section else 1
        found.append((rank, _hash(target.card.key + written.text()), written))
    real = [f for _, _, f in sorted(found, key=lambda t: t[:2])]
    made = _synthetic(key)
    nearest = sorted(made[:SYNTHETIC_POOL], key=lambda f: _hash(target.card.key + f.text()))
    return [(f.text(), f.magnitude) for f in real + nearest + made[SYNTHETIC_POOL:]]


def _plausible(magnitude: float, key: float) -> bool:
    """Within two orders of magnitude of the key: 3,200,000 seconds is no option for 900 seconds."""
    return key > 0 and 1 / MAGNITUDE <= magnitude / key <= MAGNITUDE


def _shuffled(target: _Value, texts: list[str]) -> list[str]:
    """A stable shuffle of its own for each question, so options do not always come in note order."""
    return sorted(set(texts), key=lambda text: (_hash(target.card.key + text), text))


def _fair(value: _Value, distractors: list[str], stem: str) -> bool:
    """The question does not give its answer away: the answer is not made of the question's
    words, nor the only option repeating a word of the question (its section's words aside)."""
    key = value.value
    if _repeats_stem(key, stem):
        return False
    if value.figure is not None:
        return True
    subject = _content(value.card.section)
    return not (_echoes(key, stem) - subject) or any(_echoes(d, stem) - subject for d in distractors)


def _single_choice(value: _Value, stem: str, distractors: list[str]) -> QuestionDraft:
    card = value.card
    return QuestionDraft(
        source_key=f"{card.key}/single",
        card_id=card.id,
        kind=SINGLE,
        text=stem,
        options=[(value.value, True), *((d, False) for d in distractors)],
        explanation=f"{_explain(card)}: **{value.value}**.",
        anchor=card.anchor,
    )


def _explain(card: CardData) -> str:
    return f"The notes ({card.section}) give"


# --- true or false ------------------------------------------------------------------------------


def _states_a_figure(value: _Value) -> bool:
    return value.figure is not None and value.card.kind in ("cloze", "fact")


def _true_false(value: _Value, distractors: list[str]) -> QuestionDraft | None:
    """The current figure, or a distractor in its place: never the superseded one."""
    card = value.card
    truthful = _hash(card.key) % 2 == 0
    shown = value.value if truthful else distractors[_hash(card.key + "/false") % len(distractors)]
    statement = _statement(card, shown)
    if statement is None:
        return None
    return QuestionDraft(
        source_key=f"{card.key}/true-false",
        card_id=card.id,
        kind=TRUE_FALSE,
        text=f"True or false ({card.section}): {statement}",
        options=[("True", truthful), ("False", not truthful)],
        explanation=f"{_explain(card)}: **{value.value}**." + ("" if truthful else f" Not {shown}."),
        anchor=card.anchor,
    )


def _statement(card: CardData, shown: str) -> str | None:
    """The card as a sentence with `shown` as its figure; None when the front is a question
    that no simple rewording turns into a statement."""
    front = _without_heading_cue(card)
    if card.kind == "cloze":
        return front.replace(BLANK, shown)
    if m := WHAT_IS_RE.match(card.front):
        return f"{_upper_first(m.group('subject'))} {m.group('verb')} {shown}."
    if not QUESTION_RE.match(card.front) and front.endswith("?"):
        return f"{front[:-1]}: {shown}"  # a context cue: "Salt?" -> "Salt: 2% of the flour's weight"
    return None


# --- select all that apply ------------------------------------------------------------------------


def _select_all_questions(sets: Sequence[ItemSet]) -> list[QuestionDraft]:
    drafts = []
    for item_set in sets:
        if draft := _select_all(item_set, [s for s in sets if s.key != item_set.key]):
            drafts.append(draft)
    return drafts


def _select_all(item_set: ItemSet, others: list[ItemSet]) -> QuestionDraft | None:
    members = list(dict.fromkeys(item_set.members))
    if len({normalise(m) for m in members}) < MIN_SET:
        return None
    text = f"Which of these are {item_set.noun}? Select all that apply."
    eligible = [m for m in members if not _repeats_stem(m, text)]
    wrong = _non_members(item_set, others, text)
    if len(wrong) < SET_WRONG or len(eligible) < 2:
        return None
    count = min(len(eligible), 2 + _hash(item_set.key) % 2)
    right = sorted(eligible, key=lambda m: _hash(f"{item_set.key}/{m}"))[:count]
    section = SEPARATOR.join(item_set.section)
    return QuestionDraft(
        source_key=f"{item_set.key}/select-all",
        card_id=None,
        kind=MULTIPLE,
        text=text,
        options=[*((m, True) for m in right), *((w, False) for w in wrong)],
        explanation=f"The notes ({section}) list {len(members)} {item_set.noun}: {', '.join(members)}.",
        anchor=item_set.anchor,
    )


def _non_members(item_set: ItemSet, others: list[ItemSet], text: str) -> list[str]:
    """Members of the topic's other sets, from the sets most alike (items of a similar length,
    nearby in the notes) first; never anything this set has, even in other words."""
    own = [normalise(m) for m in item_set.members]
    own_tokens = [_tokens(m) for m in item_set.members]

    def belongs(candidate: str) -> bool:
        tokens = _tokens(candidate)
        return normalise(candidate) in own or any(_contains(tokens, t) or _contains(t, tokens) for t in own_tokens)

    def likeness(other: ItemSet) -> tuple:
        shared_path = len([a for a, b in zip(other.section, item_set.section) if a == b])
        return (abs(_median_words(other) - _median_words(item_set)), -shared_path, _hash(item_set.key + other.key))

    found: list[str] = []
    for other in sorted(others, key=likeness):
        pool = [m for m in other.members if not belongs(m) and not _repeats_stem(m, text)]
        for member in sorted(pool, key=lambda m: _hash(f"{item_set.key}/{m}")):
            if normalise(member) not in {normalise(f) for f in found}:
                found.append(member)
        if len(found) >= SET_WRONG:
            break
    return found[:SET_WRONG]


def _median_words(item_set: ItemSet) -> float:
    counts = sorted(len(m.split()) for m in item_set.members)
    return counts[len(counts) // 2] if counts else 0
