"""The card generator: the rules of formulating knowledge (docs/cards.md), each a test
over a corpus of notes on several subjects (tests/content/notes) and over content/,
and each shape of note on a small example.

Plain pytest: no database, no Django setup needed. Quality tests list every
offending card in their failure message.
"""

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.cards import generate
from studyapp.cards.generate import BLANK, MAX_BACK, MAX_LINES, CardDraft, generate_cards, generate_topic
from studyapp.content.house_format import Outline, parse_topic
from studyapp.content.notes import read_notes

ROOT = Path(__file__).resolve().parents[2]
CONTENT = sorted((ROOT / "content").glob("*.md"))
CORPUS = sorted((ROOT / "tests" / "content" / "notes").glob("*/*"))
KINDS = {"fact", "definition", "definition-reverse", "list", "cloze", "describe", "which", "use", "effect", "compare"}
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")


def topics_of(path: Path):
    return read_notes(path.read_text(), str(path)).topics


def deck(paths) -> dict[str, tuple]:
    """Every topic of the files: slug -> (topic, its TopicCards)."""
    found = {}
    for path in paths:
        for topic in topics_of(path):
            found[f"{path.name}:{topic.slug}"] = (topic, generate_topic(topic.slug, topic.short_title, topic.outline))
    return found


@pytest.fixture(scope="module", params=["content", "corpus"])
def notes(request) -> dict[str, tuple]:
    return deck(CONTENT if request.param == "content" else CORPUS)


def every_card(notes) -> list[tuple[str, CardDraft]]:
    return [(name, card) for name, (_, made) in notes.items() for card in made.cards]


def answer_of(card: CardDraft) -> str:
    """What the card asks for: its back without the history of an Update or Correction."""
    return card.back.split("\n\n")[0]


def whole_words_in(answer: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(answer.strip())}(?![\w-])", text, re.IGNORECASE) is not None


def offenders(found: list[str]) -> str:
    return "\n".join(found)


def topic_of(body: str, short_title: str = "Widget"):
    """A topic's cards and sets from Markdown notes. "Widget" is a common noun (questions
    name no subject); "EventBridge" is a name (questions say "… of EventBridge")."""
    text = (
        f"---\ntitle: The {short_title}\nshort_title: {short_title}\nslug: widget\norder: 1\nsummary: A test.\n---\n\n"
    )
    [topic] = read_notes(text + body.strip() + "\n", "topic.md").topics
    return generate_topic(topic.slug, topic.short_title, topic.outline)


def cards_of(body: str, short_title: str = "Widget") -> list[CardDraft]:
    return topic_of(body, short_title).cards


def fronts(cards) -> dict[str, str]:
    return {card.front: card.back for card in cards}


# --- the corpus itself ---------------------------------------------------------------


def test_the_corpus_holds_notes_on_subjects_other_than_aws():
    subjects = {topic.slug for path in CORPUS for topic in topics_of(path)}
    assert {"bread-baking", "roman-republic", "spanish-verbs", "git-basics"} <= subjects
    assert [p.name for p in CONTENT] == [
        "01-serverless-offerings.md",
        "02-lambda.md",
        "03-dynamodb.md",
        "04-api-gateway.md",
        "05-cognito.md",
    ]


def test_the_generator_holds_no_topic_names():
    """Wording comes from the shape of a fact, never from strings about our own topics."""
    source = Path(generate.__file__).read_text()
    names = {topic.short_title for path in CONTENT for topic in topics_of(path)} | {"AWS", "Lambda", "CloudFront"}
    assert [name for name in names if re.search(rf"\b{re.escape(name)}\b", source)] == []


# --- quality rules, over every card of the corpus and of content/ ------------------------


def test_every_card_is_well_formed(notes):
    bad = []
    for name, (topic, made) in notes.items():
        anchors = {s.anchor for s in topic.outline.sections}
        assert [c.position for c in made.cards] == list(range(len(made.cards)))
        for card in made.cards:
            if not (
                card.kind in KINDS
                and card.key.startswith(f"{topic.slug}/")
                and card.section[0] == topic.short_title
                and card.anchor in anchors
                and card.source_lines
                and card.front.strip()
                and card.back.strip()
                and re.fullmatch(r"[a-z0-9/-]+", card.key)
                and len(card.key) <= 200
            ):
                bad.append(f"{name}: {card.key} {card.kind} {card.front!r}")
    assert not bad, offenders(bad)


def test_no_cloze_prints_an_unordered_set(notes):
    """A cloze blanks a figure or a term in one line, or a step of an ordered sequence:
    never one item of a list with its siblings printed around it."""
    bad = []
    for name, (topic, made) in notes.items():
        items = {item.line: (section, item) for section, item in topic.outline.fact_lines()}
        parents = {c.line: i for _, i in items.values() for c in i.children}
        for card in (c for c in made.cards if c.kind == "cloze"):
            section, item = items[card.source_lines[0]]
            ancestors, line = set(), item.line
            while line in parents:
                ancestors.add(parents[line].line)
                line = parents[line].line
            siblings = [
                i
                for s, i in items.values()
                if s is section
                and i is not item
                and not i.is_update
                and len(i.text) > 3
                and not i.ordered
                and i.line not in ancestors
            ]
            shown = [i.text for i in siblings if i.text in card.front and i.line not in card.source_lines]
            if len(card.source_lines) != 1 or BLANK not in card.front or (shown and not item.ordered):
                bad.append(f"{name}: {card.front!r} shows {shown}")
    assert not bad, offenders(bad)


def test_no_two_cards_of_a_topic_share_a_question(notes):
    bad = []
    for name, (_, made) in notes.items():
        seen = {}
        for card in made.cards:
            if card.front.casefold() in seen:
                bad.append(f"{name}: {card.front!r} ({seen[card.front.casefold()]} and {card.key})")
            seen[card.front.casefold()] = card.key
    assert not bad, offenders(bad)


def test_one_fact_one_card(notes):
    """A line of the notes is asked by one fact's cards (a definition and its reverse, or a
    kind asked both ways, share a fact); comparison cards are the one extra."""
    bad = []
    for name, (_, made) in notes.items():
        asked_by: dict[int, str] = {}
        for card in (c for c in made.cards if c.kind != "compare"):
            for line in card.source_lines:
                if asked_by.setdefault(line, card.fact_key) != card.fact_key:
                    bad.append(f"{name}: line {line} is asked by {asked_by[line]} and by {card.key}")
    assert not bad, offenders(bad)


def test_no_answer_appears_in_its_own_question(notes):
    bad = [
        f"{name}: {card.front!r} -> {answer_of(card)!r}"
        for name, card in every_card(notes)
        if whole_words_in(answer_of(card), card.front)
    ]
    assert not bad, offenders(bad)


def test_answers_and_questions_are_recallable_at_once(notes):
    bad = []
    for name, card in every_card(notes):
        answer = answer_of(card)
        lines = sum(1 for line in answer.splitlines() if line.lstrip().startswith("- "))
        if len(card.front) >= 200 or len(answer) > MAX_BACK or lines > MAX_LINES:
            bad.append(f"{name}: {card.front!r} ({len(card.front)} chars) -> {len(answer)} chars, {lines} lines")
    assert not bad, offenders(bad)


def test_an_update_is_the_answer_and_the_superseded_figure_only_history(notes):
    bad = []
    for name, (topic, made) in notes.items():
        for _, item in topic.outline.fact_lines():
            updates = [c for c in item.children if c.is_update]
            if not updates:
                continue
            cards = [c for c in made.cards if item.line in c.source_lines and c.kind != "compare"]
            old = item.value or item.text
            for card in cards:
                key_part = answer_of(card)
                if whole_words_in(old, key_part) and not whole_words_in(old, updates[-1].text):
                    bad.append(f"{name}: {card.front!r} keys the superseded {old!r}")
            if not any(updates[-1].line in c.source_lines for c in cards):
                bad.append(f"{name}: the update on line {updates[-1].line} reaches no card")
    assert not bad, offenders(bad)


def test_every_list_item_is_taught_by_a_card_or_a_recognition_set(notes):
    bad = []
    for name, (topic, made) in notes.items():
        taught = {line for c in made.cards for line in c.source_lines}
        taught |= {line for s in made.sets for line in s.source_lines}
        for _, item in topic.outline.fact_lines():
            if item.line not in taught and not _is_sub_heading(item, taught):
                bad.append(f"{name}:{item.line}: {item.text}")
    assert not bad, "lines that no card or quiz set teaches:\n" + offenders(bad)


def _is_sub_heading(item, taught) -> bool:
    """A plain line whose sub-items carry the facts ("Poke test" over its two outcomes)."""
    return bool(item.children) and not item.label and all(c.line in taught for c in item.children)


def test_content_cards_are_the_ones_a_learner_should_see():
    """A few cards of content/ read in full, as the reviewer asked for them."""
    cards = {c.front: c.back for _, (_, made) in deck(CONTENT).items() for c in made.cards}
    assert cards["What is the memory allocation of Lambda?"] == (
        "128 MB – 10,240 MB (1 MB increments)\n\nWas 128 MB – 3,008 MB (64 MB increments) until December 2020."
    )
    assert cards["What is the price after the free tier of Lambda?"].startswith("$1.00 for about 60,000 GB-seconds")
    assert (
        "Correction: the notes said $1.00 for 600,000 GB-seconds."
        in cards["What is the price after the free tier of Lambda?"]
    )
    assert (
        cards["Which Lambda@Edge trigger type runs after CloudFront receives the response from the origin?"]
        == "Origin Response"
    )
    assert cards["What is the size of uncompressed deployment code (code + dependencies) of Lambda?"] == "250 MB"
    assert cards["What is the container image size of Lambda?"].startswith("10 GB")
    assert (
        "thumbnail to S3 and its metadata to DynamoDB" in cards["How would you build thumbnail creation with Lambda?"]
    )
    assert cards["What does increasing RAM improve in Lambda?"] == "CPU and network"
    assert (
        cards["Cognito User Pools or Cognito Identity Pools (Federated Identity): what does each do?"].count("\n- ")
        == 1
    )


def test_content_has_no_card_over_a_large_unordered_set():
    made = deck(CONTENT)
    lambda_topic = made["02-lambda.md:lambda"][1]
    assert {s.noun for s in lambda_topic.sets} >= {
        "languages Lambda supports",
        "Lambda integrations",
        "uses of Lambda@Edge",
    }
    integrations = next(s for s in lambda_topic.sets if s.noun == "Lambda integrations")
    assert len(integrations.members) == 10
    assert not [c for c in lambda_topic.cards if set(c.source_lines) & set(integrations.source_lines)]


# --- each shape of note -------------------------------------------------------------------


def test_a_short_set_of_names_is_one_name_them_card():
    cards = cards_of("## Parts\n\n- Portafilter\n- Basket\n- Group head\n- Steam wand")
    assert [(c.kind, c.front) for c in cards] == [("list", "Name the four parts of Widget.")]
    assert cards[0].back == "- Portafilter\n- Basket\n- Group head\n- Steam wand"


def test_a_large_set_without_structure_is_left_to_recognition_questions():
    made = topic_of("## Tools\n\n" + "\n".join(f"- Tool {name}" for name in "ABCDEFG"))
    assert made.cards == []
    assert [(s.noun, len(s.members)) for s in made.sets] == [("tools of Widget", 7)]


def test_items_with_their_own_description_are_asked_from_it_both_ways():
    cards = cards_of(
        "## Edge\n\n### Three trigger kinds\n\n- Early: before the gate opens\n"
        "- Middle: while the gate is open\n- Late: after the gate closes"
    )
    assert fronts(cards)["Which trigger kind runs while the gate is open?"] == "Middle"
    assert fronts(cards)["When does the Middle trigger run?"] == "While the gate is open"
    named = fronts(
        cards_of(
            "## GateKeeper\n\n### Three trigger kinds\n\n- Early: before the gate opens\n"
            "- Middle: while the gate is open\n- Late: after the gate closes"
        )
    )
    assert named["Which GateKeeper trigger kind runs while the gate is open?"] == "Middle"
    assert named["When does the GateKeeper Middle trigger run?"] == "While the gate is open"
    assert len({c.fact_key for c in cards}) == 3  # each kind's two cards are one fact


def test_an_update_is_the_answer_with_the_old_figure_as_history():
    cards = cards_of("## Limits\n\n- Maximum size: 10 MB\n    - **Update:** 50 MB (since May 2024)", "EventBridge")
    assert [(c.kind, c.front, c.back) for c in cards] == [
        ("fact", "What is the maximum size of EventBridge?", "50 MB\n\nWas 10 MB until May 2024.")
    ]


def test_an_update_without_a_date_says_before_the_update():
    cards = cards_of("## Limits\n\n- Maximum size: 10 MB\n    - **Update:** 50 MB", "EventBridge")
    assert cards[0].back == "50 MB\n\nBefore the update: 10 MB."


def test_a_correction_is_labelled_a_correction():
    cards = cards_of("## Cost\n\n- Price per hour: $10\n    - **Correction:** $1")
    assert cards[0].back == "$1\n\nCorrection: the notes said $10."


def test_wording_follows_the_shape_of_the_fact():
    cards = fronts(
        cards_of(
            "## Limits\n\n- Rules per event bus: 300\n- Maximum event size: 256 KB\n"
            "- Event buses: 100\n\n## Fields\n\n- detail-type: the kind of event\n"
            "- detail: the event's own data\n- source: who sent it",
            short_title="EventBridge",
        )
    )
    assert cards["How many rules per event bus does EventBridge allow?"] == "300"
    assert cards["What is the maximum event size of EventBridge?"] == "256 KB"
    assert cards["How many event buses does EventBridge allow?"] == "100"
    # "detail" is a word of its own, not found inside "detail-type": both keep a card
    assert "The event's own data" in cards.values() and "The kind of event" in cards.values()


def test_years_and_dates_are_asked_as_when_and_what_happened():
    cards = fronts(
        cards_of(
            "## Dates\n\n- 509 BC: the last king is driven out\n\n## Wars\n\n"
            "- First Punic War: 264 to 241 BC\n- Second Punic War: 218 to 201 BC"
        )
    )
    assert cards["What happened in 509 BC?"] == "The last king is driven out"
    assert cards["When was the First Punic War?"] == "264 to 241 BC"


def test_a_figure_in_a_line_is_blanked_in_that_line_alone():
    cards = cards_of("## Cost per call\n\n- $0.20 per 1 million requests\n- Billed monthly")
    cloze = next(c for c in cards if c.kind == "cloze")
    assert (cloze.front, cloze.back) == ("Cost per call: [...] per 1 million requests", "$0.20")
    assert "Billed monthly" not in cloze.front


def test_cause_and_effect_gives_a_what_does_card():
    cards = fronts(
        cards_of("## Overview\n\n- Increasing RAM improves CPU and network\n- Runs on demand", short_title="Lambda")
    )
    assert cards["What does increasing RAM improve in Lambda?"] == "CPU and network"


def test_scenarios_and_flows_ask_how_you_would_build_them():
    cards = fronts(cards_of("## Scenario: resizing photos\n\n- Upload → queue → resize → store", short_title="Widget"))
    assert cards["How would you build resizing photos with Widget?"] == "Upload → queue → resize → store"


def test_a_flow_among_other_lines_asks_its_last_step():
    cards = fronts(cards_of("## Starter\n\n- Ready when it doubles\n- Float test -> a spoonful floats -> ready to use"))
    assert cards["Starter: Float test → a spoonful floats → [...]"] == "Ready to use"


def test_uses_ask_what_you_would_use_without_the_answer_in_the_path():
    made = topic_of("## Edge\n\n### Uses\n\n- Bot mitigation\n- A/B testing")
    use = next(c for c in made.cards if c.front == "What would you use for bot mitigation?")
    assert (use.kind, use.back, use.section) == ("use", "Edge", ("Widget",))


def test_sibling_kinds_of_one_thing_get_a_comparison_card():
    cards = fronts(
        cards_of(
            "## User Pools\n\n- Signs users in to your app\n\n"
            "## Identity Pools\n\n- Gives users credentials for the cloud"
        )
    )
    assert cards["User Pools or Identity Pools: what does each do?"] == (
        "- User Pools: Signs users in to your app\n- Identity Pools: Gives users credentials for the cloud"
    )


def test_definitions_are_asked_both_ways_and_pairs_read_as_pairs():
    cards = fronts(
        cards_of(
            "## Terms\n\n- DAX = DynamoDB Accelerator\n- Roux = flour cooked in an equal weight of fat\n"
            "- hablar = to speak"
        )
    )
    assert cards["What does DAX stand for?"] == "DynamoDB Accelerator"
    assert cards["What is the abbreviation for DynamoDB Accelerator?"] == "DAX"
    assert cards["What is Roux?"] == "Flour cooked in an equal weight of fat"
    assert cards["Terms: hablar = ?"] == "To speak" and cards["Terms: ? = to speak"] == "hablar"


def test_two_definitions_of_one_unit_ask_distinct_questions():
    cards = fronts(
        cards_of(
            "## RCU\n\n- 1 RCU = 1 strongly consistent read of 4 KB per second\n"
            "- 1 RCU = 2 eventually consistent reads of 4 KB per second"
        )
    )
    assert (
        cards["How many eventually consistent reads of 4 KB per second does 1 RCU give?"]
        == "2 eventually consistent reads"
    )
    assert (
        cards["How many strongly consistent reads of 4 KB per second does 1 RCU give?"] == "1 strongly consistent read"
    )


def test_a_long_ordered_list_is_clozed_step_by_step():
    steps = "\n".join(f"{n}. Step {word}" for n, word in enumerate("mix rest fold shape proof bake".split(), 1))
    cards = cards_of(f"## Method\n\n{steps}")
    assert [c.kind for c in cards] == ["cloze"] * 6
    assert cards[2].front == "Method, step 3: Step rest → [...] → Step shape" and cards[2].back == "Step fold"


# --- keys: history survives edits -----------------------------------------------------------


def test_generation_is_deterministic_and_survives_a_json_round_trip():
    topic = topics_of(CONTENT[1])[0]
    again = Outline.from_dict(topic.outline.to_dict())
    assert generate_cards(topic.slug, topic.short_title, topic.outline) == generate_cards(
        topic.slug, topic.short_title, again
    )


def test_moving_a_line_or_rewording_a_value_keeps_its_key():
    before = {c.front: c.key for c in cards_of("## Limits\n\n- Memory: 128 MB\n- Timeout: 900 seconds", "EventBridge")}
    after = {c.front: c.key for c in cards_of("## Limits\n\n- Timeout: 15 minutes\n- Memory: 10 GB", "EventBridge")}
    assert before["What is the timeout of EventBridge?"] == after["What is the timeout of EventBridge?"]
    assert set(before.values()) == set(after.values())


def test_keys_never_hold_line_numbers_and_stay_short():
    long = "A very long line " * 20
    cards = cards_of(f"## Section\n\n- {long}: 5 MB\n- {long}x: 6 MB")
    assert all(len(c.key) <= 200 and c.key.count("/") == 3 for c in cards)
    assert len({c.key for c in cards}) == 2


line_text = (
    st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=60)
    .map(lambda s: s.replace("\n", " ").strip())
    .filter(bool)
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), line_text), min_size=1, max_size=12))
def test_any_outline_gives_well_formed_cards(lines):
    body = "## Section\n\n" + "\n".join(f"{'    ' * min(depth, i)}- {text}" for i, (depth, text) in enumerate(lines))
    try:
        topic = parse_topic(f"---\ntitle: T\nslug: t\norder: 1\nsummary: S\n---\n\n{body}\n", "t.md")
    except Exception:
        return  # the reader refuses it (tested elsewhere)
    for card in generate_cards(topic.slug, topic.short_title, topic.outline):
        assert card.front.strip() and card.back.strip() and len(card.front) < 200 and len(card.key) <= 200
