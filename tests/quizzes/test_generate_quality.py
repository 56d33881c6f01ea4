"""Every question generated from the real notes (content/ and the notes corpus), checked as a
reviewer would: the failure message lists each offending question with what is wrong with it."""

import re
from pathlib import Path

import pytest

from studyapp.cards.generate import generate_topic
from studyapp.content.notes import read_notes
from studyapp.quizzes.generate import CardData, answer_value, generate_questions, parse_figure, value_sort
from studyapp.quizzes.grading import normalise

ROOT = Path(__file__).resolve().parents[2]
NOTES = sorted(ROOT.glob("content/*.md")) + sorted(p for p in (ROOT / "tests/content/notes").rglob("*") if p.is_file())
STOPWORDS = set("a an the of in on at to for from by with and or is are it its what which how does do per".split())
TEXT_SORTS = {"name", "description"}


def topics():
    """(slug, cards, sets) of every topic the notes make, each read on its own."""
    for path in NOTES:
        for parsed in read_notes(path.read_text(), path.name).topics:
            generated = generate_topic(parsed.slug, parsed.short_title, parsed.outline)
            cards = [
                CardData(i, d.key, d.fact_key, d.kind, d.front, d.back, " › ".join(d.section), d.anchor)
                for i, d in enumerate(generated.cards)
            ]
            yield parsed.slug, cards, generated.sets


TOPICS = list(topics())


def words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.casefold().replace(",", "")) if w not in STOPWORDS}


def options(draft, correct: bool) -> list[str]:
    return [text for text, is_correct in draft.options if is_correct == correct]


def same_sort(option: str, key: str) -> bool:
    """The option is a value of the key's own kind (for figures: unit and magnitude)."""
    key_figure, figure = parse_figure(key), parse_figure(option)
    if key_figure is not None:
        return (
            figure is not None
            and figure.family == key_figure.family
            and 1 / 100 <= figure.magnitude / key_figure.magnitude <= 100
        )
    sorts = {value_sort(option), value_sort(key)}
    return len(sorts) == 1 or sorts <= TEXT_SORTS


def single_choice_problems(draft, card: CardData, cards: list[CardData]) -> list[str]:
    key = answer_value(card.back)
    right, wrong = options(draft, True), options(draft, False)
    problems = []
    if right != [key]:
        problems.append(f"keys {right}, the card's current answer is {key!r}")
    if len(wrong) < 2 or len({normalise(w) for w in wrong}) != len(wrong):
        problems.append("fewer than two distractors, or one twice")
    also_right = {
        normalise(answer_value(c.back))
        for c in cards
        if normalise(c.front) == normalise(card.front) or c.fact_key == card.fact_key
    }
    answers = {normalise(answer_value(c.back)) for c in cards}
    for option in wrong:
        if normalise(option) in also_right:
            problems.append(f"{option!r} is also right")
        if not same_sort(option, key):
            problems.append(f"{option!r} is of another sort than {key!r}")
        if parse_figure(key) is None and normalise(option) not in answers:
            problems.append(f"{option!r} is no answer of this topic's cards")
    for option in right + wrong:
        if words(option) and words(option) <= words(draft.text):
            problems.append(f"{option!r} only repeats the question's words")
    return problems


def superseded_problems(draft, card: CardData) -> list[str]:
    """A figure only the history paragraph gives must never be keyed correct or stated true."""
    current, _, history = card.back.partition("\n\n")
    if not history:
        return []
    old = set(re.findall(r"\d[\d,.]*\d|\d", history)) - set(re.findall(r"\d[\d,.]*\d|\d", current + card.front))
    shown_as_right = options(draft, True)
    if draft.kind == "true_false" and dict(draft.options)["True"]:
        shown_as_right.append(draft.text)
    return [
        f"{text!r} states the superseded {number}"
        for text in shown_as_right
        for number in old
        if re.search(rf"(?<![\d,.]){re.escape(number)}(?![\d,.]*\d)", text)
    ]


def select_all_problems(draft, sets) -> list[str]:
    item_set = next((s for s in sets if f"{s.key}/select-all" == draft.source_key), None)
    if item_set is None:
        return ["comes from no set of this topic"]
    members = {normalise(m) for m in item_set.members}
    others = {normalise(m) for s in sets if s is not item_set for m in s.members}
    problems = [f"{o!r} is marked right but is no member" for o in options(draft, True) if normalise(o) not in members]
    for option in options(draft, False):
        if normalise(option) in members or any(words(m) and words(m) <= words(option) for m in item_set.members):
            problems.append(f"{option!r} is a member, marked wrong")
        if normalise(option) not in others:
            problems.append(f"{option!r} comes from no other set of this topic")
    if not 2 <= len(options(draft, True)) <= 3 or len(options(draft, False)) != 2:
        problems.append("not two or three members and two non-members")
    return problems


def problems_of(slug: str, cards: list[CardData], sets) -> list[str]:
    by_id = {c.id: c for c in cards}
    drafts = generate_questions(cards, sets)
    found = []
    if len({d.source_key for d in drafts}) != len(drafts):
        found.append(f"{slug}: a source key twice")
    for draft in drafts:
        problems = []
        if draft.kind == "single":
            problems += single_choice_problems(draft, by_id[draft.card_id], cards)
        elif draft.kind == "true_false":
            if sorted(text for text, _ in draft.options) != ["False", "True"] or len(options(draft, True)) != 1:
                problems.append("options are not True and False, one of them right")
        else:
            problems += select_all_problems(draft, sets)
        if draft.card_id is not None:
            problems += superseded_problems(draft, by_id[draft.card_id])
        found += [f"{slug}: {draft.text} {draft.options} — {p}" for p in problems]
    return found


def test_every_generated_question_over_the_real_notes_is_one_a_reviewer_would_keep():
    problems = [p for slug, cards, sets in TOPICS for p in problems_of(slug, cards, sets)]
    assert not problems, "\n".join(problems)


def test_the_real_notes_give_questions_of_every_kind():
    drafts = [d for _, cards, sets in TOPICS for d in generate_questions(cards, sets)]
    kinds = [d.kind for d in drafts]
    assert len(drafts) >= 60 and {"single", "true_false", "multiple"} <= set(kinds)


@pytest.mark.parametrize("slug", [slug for slug, _, _ in TOPICS])
def test_a_topics_questions_depend_on_its_own_cards_and_sets_only(slug):
    """Per topic by construction; and within a topic, neither card order nor ids change a question."""
    cards, sets = next((c, s) for t, c, s in TOPICS if t == slug)
    moved = [
        CardData(
            c.id + 1000, *[getattr(c, f) for f in ("key", "fact_key", "kind", "front", "back", "section", "anchor")]
        )
        for c in reversed(cards)
    ]

    def shape(drafts):
        return sorted((d.source_key, d.kind, d.text, tuple(d.options)) for d in drafts)

    assert shape(generate_questions(cards, sets)) == shape(generate_questions(moved, list(reversed(sets))))
