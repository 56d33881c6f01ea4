"""Quiz questions drafted from flashcards (pure: card-like data in, drafts out).

Three shapes, all reviewed by an instructor before use:

- **Single choice on a value** ("What is the maximum execution time of a Lambda
  function?"): the distractors are answers of sibling cards of the same sort of
  value — sizes for a size, times for a time, prices for a price, "before/after
  …" for a "when" — from the same section first, then the topic, then the notes.
- **Which type?** For a section of kinds ("Four trigger types", "Endpoint
  types"), the description of one kind with the other kinds as distractors.
- **True/false** statements from a figure: the note's line with its figure, or
  with a sibling's figure swapped in.

Never a second correct answer: a distractor must differ from the answer after
normalising, must not be an answer of the same fact, and must not be the answer
of another card that asks the same question.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from .grading import normalise

SINGLE, TRUE_FALSE = "single", "true_false"
VALUE_KINDS = {"fact", "cloze", "definition", "definition-reverse"}
MAX_DISTRACTORS = 3
BLANK = "[...]"
FIGURE_LEAD = " — "  # a figure's gap reads "Lambda › Limits — Memory: [...]"; a list's gap has no dash

SIZE_RE = re.compile(r"^\d[\d,.]*\s*(?:KB|MB|GB|TB)\b(?!-)", re.IGNORECASE)
COMPUTE_RE = re.compile(r"^\d[\d,.]*\s*GB-seconds?\b", re.IGNORECASE)
TIME_RE = re.compile(r"^\d[\d,.]*\s*(?:ms|milliseconds?|seconds?|minutes?|hours?|days?)\b", re.IGNORECASE)
MONEY_RE = re.compile(r"^\$\d")
COUNT_RE = re.compile(r"^\d[\d,]*$")
CAPACITY_RE = re.compile(r"^\d[\d,.]*\s+(?:RCU|WCU)s?$")
RATE_RE = re.compile(r"^\d[\d,.]*\s+\w.*\bper second$", re.IGNORECASE)
WHEN_RE = re.compile(r"^(?:before|after)\b", re.IGNORECASE)


@dataclass(frozen=True)
class CardData:
    id: int
    key: str
    fact_key: str
    kind: str
    front: str
    back: str
    section: str  # "Lambda › Limits"
    anchor: str = ""


@dataclass
class QuestionDraft:
    source_key: str
    card_id: int
    kind: str
    text: str
    options: list[tuple[str, bool]] = field(default_factory=list)  # (text, is correct), answer first
    explanation: str = ""
    anchor: str = ""


@dataclass(frozen=True)
class _Value:
    card: CardData
    value: str
    sort: str  # what sort of value: size, time, money…


def answer_value(back: str) -> str:
    """The card's answer without the "Update:" notes appended to it."""
    return back.split("\n\n")[0].strip()


def value_sort(value: str) -> str | None:
    """What sort of value this is; None for values that make poor options (lists, sentences)."""
    if not value or value.startswith("- ") or "\n" in value:
        return None
    for sort, pattern in (("compute", COMPUTE_RE), ("size", SIZE_RE), ("time", TIME_RE), ("money", MONEY_RE),
                          ("capacity", CAPACITY_RE), ("rate", RATE_RE), ("count", COUNT_RE), ("when", WHEN_RE)):
        if pattern.search(value):
            return sort
    if re.search(r"\d", value) and len(value.split()) <= 4:
        return "figure"
    if len(value.split()) <= 4:
        return "name"
    return None


def generate_questions(cards: list[CardData]) -> list[QuestionDraft]:
    values = _values(cards)
    same_front = _answers_by_front(cards)
    drafts: list[QuestionDraft] = []
    asked = {v.card.fact_key for v in values if v.card.kind != "cloze"}
    for value in values:
        distractors = _distractors(value, values, same_front)
        is_cloze = value.card.kind == "cloze"
        # The gap of a fact that already has a question would ask it twice.
        if len(distractors) >= 2 and not (is_cloze and value.card.fact_key in asked):
            drafts.append(_single_choice(value, distractors))
        if is_cloze and distractors:
            drafts.append(_true_false(value, distractors))
    drafts.extend(_type_questions(cards))
    return drafts


# --- value questions -------------------------------------------------------------------------


def _values(cards: list[CardData]) -> list[_Value]:
    found = []
    for card in cards:
        if card.kind not in VALUE_KINDS:
            continue
        if card.kind == "cloze" and (FIGURE_LEAD not in card.front or BLANK not in card.front):
            continue  # a list's gap: its siblings are printed in the question itself
        value = answer_value(card.back)
        sort = value_sort(value)
        if sort:
            found.append(_Value(card, value, sort))
    return found


def _answers_by_front(cards: list[CardData]) -> dict[str, set[str]]:
    answers: dict[str, set[str]] = {}
    for card in cards:
        answers.setdefault(normalise(card.front), set()).add(normalise(answer_value(card.back)))
    return answers


def _distractors(target: _Value, values: list[_Value], same_front: dict[str, set[str]]) -> list[str]:
    # Values of the same fact are the answer in other words (the fact card and its cloze).
    forbidden = {normalise(target.value)} | same_front.get(normalise(target.card.front), set())
    forbidden |= {normalise(v.value) for v in values if v.card.fact_key == target.card.fact_key}
    front = normalise(target.card.front)
    topic = target.card.section.split(" › ")[0]
    ranked: list[tuple[int, str, str]] = []
    for other in values:
        if other.sort != target.sort or other.card.id == target.card.id:
            continue
        text = normalise(other.value)
        if text in forbidden or (len(text) > 2 and text in front):
            continue
        closeness = 0 if other.card.section == target.card.section else 1 if other.card.section.startswith(topic) else 2
        # A stable shuffle within each rank, so each question gets its own mix.
        ranked.append((closeness, _hash(target.card.key + other.value), other.value))
    chosen, seen = [], set()
    for _, _, text in sorted(ranked):
        if normalise(text) not in seen:
            seen.add(normalise(text))
            chosen.append(text)
        if len(chosen) == MAX_DISTRACTORS:
            break
    return chosen


def _single_choice(value: _Value, distractors: list[str]) -> QuestionDraft:
    card = value.card
    text = card.front
    if card.kind == "cloze":
        text = f"Fill the gap ({card.section}): {card.front.split(FIGURE_LEAD, 1)[-1]}"
    return QuestionDraft(
        source_key=f"{card.key}/single", card_id=card.id, kind=SINGLE, text=text,
        options=[(value.value, True), *((d, False) for d in distractors)],
        explanation=f"{_explain(card)}: **{value.value}**.", anchor=card.anchor,
    )


def _true_false(value: _Value, distractors: list[str]) -> QuestionDraft:
    card = value.card
    statement = card.front.split(FIGURE_LEAD, 1)[-1]
    truthful = _hash(card.key) % 2 == 0
    shown = value.value if truthful else distractors[0]
    return QuestionDraft(
        source_key=f"{card.key}/true-false", card_id=card.id, kind=TRUE_FALSE,
        text=f"True or false ({card.section}): {statement.replace(BLANK, shown)}",
        options=[("True", truthful), ("False", not truthful)],
        explanation=f"{_explain(card)}: **{value.value}**." + ("" if truthful else f" Not {shown}."),
        anchor=card.anchor,
    )


def _explain(card: CardData) -> str:
    return f"The notes ({card.section}) give"


# --- "which type?" questions ------------------------------------------------------------------


def _type_questions(cards: list[CardData]) -> list[QuestionDraft]:
    """Kinds of one family (trigger types, endpoint types) asked by their description."""
    families: dict[str, list[tuple[CardData, str, str]]] = {}
    for card in cards:
        if card.kind == "list" and card.section.lower().endswith("types"):
            for line in card.back.splitlines():
                if m := re.match(r"^- ([^:]{1,40}):\s*(\S.*)$", line):
                    families.setdefault(card.section, []).append((card, m.group(1).strip(), m.group(2).strip()))
        elif card.kind == "describe":
            *parents, name = card.section.split(" › ")
            if parents and parents[-1].lower().endswith("types"):
                first = card.back.splitlines()[0].removeprefix("- ").strip()
                families.setdefault(" › ".join(parents), []).append((card, name, first))
    drafts = []
    for family, members in families.items():
        names = [name for _, name, _ in members]
        descriptions = [normalise(d) for _, _, d in members]
        if len(set(map(normalise, names))) != len(names) or len(set(descriptions)) != len(descriptions):
            continue  # two kinds share a name or a description: no single right answer
        if len(members) < 3:
            continue
        kind_word = family.split(" › ")[-1].lower().removeprefix("four ").removesuffix("s")
        for card, name, description in members:
            others = [n for n in names if n != name]
            drafts.append(QuestionDraft(
                source_key=f"{card.key}/type/{normalise(name)}", card_id=card.id, kind=SINGLE,
                text=f"{family}: which {kind_word} is this? “{_upper_first(description)}”",
                options=[(name, True), *((n, False) for n in others[:MAX_DISTRACTORS])],
                explanation=f"In the notes ({family}), **{name}**: {description}.", anchor=card.anchor,
            ))
    return drafts


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")
