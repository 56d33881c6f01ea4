"""The card generator: quality rules on the real notes and on small outlines.

Plain pytest: no database, no Django setup needed.
"""

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.cards.generate import BLANK, CardDraft, generate_cards
from studyapp.content.outline import Outline, parse_topic

CONTENT = Path(__file__).resolve().parents[2] / "content"
FILES = sorted(CONTENT.glob("*.md"))
KINDS = {"fact", "definition", "definition-reverse", "list", "cloze", "describe", "update"}
LIST_ITEM = re.compile(r"^\s*[-*+]\s+(.*)$")


def cards_for_text(text: str, filename: str = "topic.md") -> list[CardDraft]:
    topic = parse_topic(text, filename)
    return generate_cards(topic.slug, topic.short_title, topic.outline)


def cards_for(path: Path) -> list[CardDraft]:
    return cards_for_text(path.read_text(), str(path))


def topic_text(body: str, slug: str = "widget", short_title: str = "Widget") -> str:
    front_matter = f"title: The {short_title}\nshort_title: {short_title}\nslug: {slug}\norder: 1\nsummary: A test."
    return f"---\n{front_matter}\n---\n\n{body.strip()}\n"  # the body starts on line 9


def cards_of(body: str, **kwargs) -> list[CardDraft]:
    return cards_for_text(topic_text(body, **kwargs))


def by_front(cards: list[CardDraft]) -> dict[str, CardDraft]:
    return {card.front: card for card in cards}


def answer_of(card: CardDraft) -> str:
    """What the card asks for: for a cloze only the blanked value (an update note may follow it)."""
    return card.back.split("\n\n")[0] if card.kind == "cloze" else card.back


def appears_in(answer: str, front: str) -> bool:
    """Word for word: the answer as whole words, any case ("Java" is not inside "JavaScript")."""
    return re.search(rf"(?<!\w){re.escape(answer.strip())}(?!\w)", front, re.IGNORECASE) is not None


@pytest.fixture(scope="module")
def all_cards() -> dict[str, list[CardDraft]]:
    return {path.name: cards_for(path) for path in FILES}


@pytest.fixture(scope="module")
def lambda_cards(all_cards) -> list[CardDraft]:
    return all_cards["02-lambda.md"]


def test_every_content_file_is_found():
    assert [p.name for p in FILES] == [
        "01-serverless-offerings.md", "02-lambda.md", "03-dynamodb.md", "04-api-gateway.md", "05-cognito.md",
    ]


# --- quality rules over the real notes -------------------------------------------


def test_no_card_has_an_empty_side(all_cards):
    cards = [c for topic_cards in all_cards.values() for c in topic_cards]
    empty = [c.key for c in cards if not c.front.strip() or not c.back.strip()]
    assert not empty


def test_no_two_cards_of_a_topic_share_a_front(all_cards):
    for name, cards in all_cards.items():
        fronts = [c.front.casefold() for c in cards]
        assert len(fronts) == len(set(fronts)), [f for f in fronts if fronts.count(f) > 1]


def test_the_answer_never_appears_word_for_word_in_the_front(all_cards):
    leaks = [(c.key, c.front) for cards in all_cards.values() for c in cards if appears_in(answer_of(c), c.front)]
    assert not leaks


def test_cloze_fronts_hold_a_blank(all_cards):
    assert all(BLANK in c.front for cards in all_cards.values() for c in cards if c.kind == "cloze")


def test_every_front_is_under_200_characters(all_cards):
    long = [c.front for cards in all_cards.values() for c in cards if len(c.front) >= 200]
    assert not long


def test_keys_are_unique_across_topics_and_well_formed(all_cards):
    keys = [c.key for cards in all_cards.values() for c in cards]
    assert len(keys) == len(set(keys))
    assert all(re.fullmatch(r"[a-z0-9/-]+", k) and len(k) <= 200 for k in keys)


def test_every_card_is_well_formed(all_cards):
    for name, cards in all_cards.items():
        topic = parse_topic((CONTENT / name).read_text(), name)
        anchors = {s.anchor for s in topic.outline.sections}
        assert [c.position for c in cards] == list(range(len(cards)))
        for card in cards:
            assert card.kind in KINDS
            assert card.key.startswith(f"{topic.slug}/") and card.fact_key.startswith(f"{topic.slug}/")
            assert card.section[0] == topic.short_title
            assert card.anchor in anchors and card.source_lines


def test_every_list_item_line_is_covered_by_a_card(all_cards):
    uncovered = []
    for path in FILES:
        covered = {line for card in all_cards[path.name] for line in card.source_lines}
        for number, line in enumerate(path.read_text().splitlines(), 1):
            match = LIST_ITEM.match(line)
            if match and number not in covered:
                uncovered.append(f"{path.name}:{number}: {match.group(1)}")
    print("\n".join(uncovered))
    assert not uncovered, "lines without a card:\n" + "\n".join(uncovered)


def test_generation_is_deterministic():
    for path in FILES:
        assert cards_for(path) == cards_for(path)


def test_an_outline_read_back_from_json_gives_the_same_cards():
    for path in FILES:
        topic = parse_topic(path.read_text(), str(path))
        stored = Outline.from_dict(topic.outline.to_dict())
        assert generate_cards(topic.slug, topic.short_title, stored) == cards_for(path)


def test_moving_a_fact_line_within_its_section_keeps_its_key():
    path = CONTENT / "02-lambda.md"
    text = path.read_text()
    fact = "- Environment variables: 4 KB\n"
    moved = text.replace(fact, "").replace("- Maximum execution time:", fact + "- Maximum execution time:")
    assert moved != text
    before = {c.key: c.front for c in cards_for(path)}
    after = {c.key: c.front for c in cards_for_text(moved, str(path))}
    assert after == before


def test_rewording_a_fact_value_keeps_its_key():
    path = CONTENT / "02-lambda.md"
    text = path.read_text().replace("900 seconds (15 minutes)", "15 minutes (900 seconds)")
    assert {c.key for c in cards_for_text(text, str(path))} == {c.key for c in cards_for(path)}


def test_the_example_from_the_issue(lambda_cards):
    card = by_front(lambda_cards)["What is the maximum execution time of a Lambda function?"]
    assert (card.kind, card.back) == ("fact", "900 seconds (15 minutes)")
    assert card.section == ("Lambda", "Limits") and card.anchor == "limits"
    assert card.key == "lambda/limits/maximum-execution-time/fact"
    assert card.fact_key == "lambda/limits/maximum-execution-time"
    cloze = [c for c in lambda_cards if c.fact_key == card.fact_key and c.kind == "cloze"]
    assert [c.front for c in cloze] == [f"Lambda › Limits — Maximum execution time: {BLANK}"]
    assert cloze[0].back == "900 seconds (15 minutes)"


def test_lambda_limits_read_naturally(lambda_cards):
    fronts = by_front(lambda_cards)
    assert fronts["How much space can a Lambda function's environment variables use?"].back == "4 KB"
    assert fronts["How many concurrent executions does Lambda allow?"].back.startswith("1,000")


def test_lambda_edge_trigger_types(lambda_cards):
    fronts = by_front(lambda_cards)
    card = fronts["Name the four Lambda@Edge trigger types."]
    assert card.kind == "list"
    for name in ("Viewer Request", "Origin Request", "Origin Response", "Viewer Response"):
        assert f"- {name}:" in card.back
    viewer = fronts["When does a Lambda@Edge Viewer Request trigger run?"]
    assert viewer.back == "Before CloudFront"


def test_dax_is_defined_both_ways(all_cards):
    dax = [c for c in all_cards["03-dynamodb.md"] if c.fact_key == "dynamodb/dax/dax"]
    pairs = {(c.kind, c.front, c.back) for c in dax}
    assert ("definition", "What does DAX stand for?", "DynamoDB Accelerator") in pairs
    assert ("definition-reverse", "What is the abbreviation for DynamoDB Accelerator?", "DAX") in pairs


def test_the_two_rcu_facts_ask_distinct_questions(all_cards):
    rcu = [c for c in all_cards["03-dynamodb.md"] if c.kind == "definition" and "1 RCU" in c.front]
    assert sorted(c.front for c in rcu) == [
        "How many eventually consistent reads of 4 KB per second does 1 RCU give?",
        "How many strongly consistent reads of 4 KB per second does 1 RCU give?",
    ]
    assert len({c.fact_key for c in rcu}) == 2


def test_update_callouts_give_cards_with_the_current_figure(lambda_cards):
    updates = {c.fact_key: c for c in lambda_cards if c.kind == "update"}
    memory = updates["lambda/limits/memory-allocation"]
    assert memory.front.startswith("Current figure (updated since the notes): ")
    assert "10,240 MB" in memory.back and memory.source_lines == (68, 69)
    assert len(updates) == 5  # one per **Update:** line in the notes
    # The outdated fact itself points at the update too.
    fact = next(c for c in lambda_cards if c.key == "lambda/limits/memory-allocation/fact")
    assert "10,240 MB" in fact.back


def test_list_sections_get_a_list_card_and_cloze_cards(all_cards):
    fronts = by_front(all_cards["01-serverless-offerings.md"])
    card = fronts["Name the ten serverless offerings in AWS."]
    assert card.back.count("\n- ") == 9 and "- Fargate" in card.back
    clozes = [c for c in all_cards["01-serverless-offerings.md"] if c.kind == "cloze"]
    assert len(clozes) == 10 and all(c.front.count(BLANK) == 1 for c in clozes)


def test_description_headings_get_describe_cards(all_cards):
    fronts = by_front(all_cards["04-api-gateway.md"])
    assert fronts["How does a Lambda Authorizer secure API Gateway?"].kind == "describe"
    assert fronts["What is the Regional endpoint type in API Gateway?"].back == "For clients within the same region"
    assert by_front(all_cards["05-cognito.md"])["What is Cognito Sync?"].back.count("- ") == 2


def test_nested_sub_items_are_covered_and_read_well(lambda_cards):
    card = next(c for c in lambda_cards if c.source_lines == (60,))
    assert card.front == (
        "Lambda › Cost › Pay per duration — 400,000 GB-seconds of compute time per month free: "
        f"{BLANK} if the function has 1 GB RAM"
    )
    assert card.back == "400,000 seconds"


# --- rules pinned on small hand-made outlines ---------------------------------------


def test_a_label_fact_becomes_a_question_and_a_cloze():
    cards = cards_of("## Limits\n\n- Maximum payload size: 6 MB\n- Timeout behaviour: retries twice")
    fronts = by_front(cards)
    assert fronts["What is the maximum payload size of Widget?"].back == "6 MB"
    assert fronts[f"Widget › Limits — Maximum payload size: {BLANK}"].back == "6 MB"
    # No number, no cloze; the answer still starts with a capital.
    assert fronts["What is the timeout behaviour of Widget?"].back == "Retries twice"
    assert [c.kind for c in cards] == ["fact", "cloze", "fact"]


def test_label_questions_adapt_to_plural_labels():
    fronts = by_front(cards_of("## Limits\n\n- Open connections: 500\n- Tags: 50 KB"))
    assert fronts["How many open connections does Widget allow?"].back == "500"
    assert fronts["How much space can Widget's tags use?"].back == "50 KB"


def test_a_short_list_of_names_gets_one_list_card():
    cards = cards_of("## Colors\n\n- Red\n- Green\n- Blue")
    assert [(c.kind, c.front, c.back) for c in cards] == [
        ("list", "Name the three colors of Widget.", "- Red\n- Green\n- Blue")
    ]


def test_a_long_list_also_gets_one_answerable_cloze_per_item():
    cards = cards_of("## Colors\n\n- Red\n- Green\n- Blue\n- Yellow")
    clozes = [c for c in cards if c.kind == "cloze"]
    assert [c.back for c in clozes] == ["Red", "Green", "Blue", "Yellow"]
    assert clozes[1].front == f"Colors of Widget: Red, {BLANK}, Blue, Yellow"
    # The gaps test the list: they share the list card's fact, so they wait a day after it.
    assert {c.fact_key for c in clozes} == {"widget/colors"}
    assert [c.key for c in clozes] == [f"widget/colors/{c}/cloze" for c in ("red", "green", "blue", "yellow")]


def test_a_very_long_list_cloze_shows_a_window_around_the_blank():
    words = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima".split()
    items = "\n".join(f"- A rather long feature description about {word}" for word in words)
    clozes = [c for c in cards_of(f"## Features\n\n{items}") if c.kind == "cloze"]
    assert len(clozes) == 12 and all(len(c.front) < 200 for c in clozes)
    assert "…" in clozes[6].front and BLANK in clozes[6].front


def test_a_heading_with_description_lines_gets_a_describe_card():
    cards = cards_of("## Widget Cache\n\n- Keeps recent answers in memory for later\n- Expires entries after a while")
    assert [(c.kind, c.front) for c in cards] == [("describe", "What is Widget Cache?")]
    assert cards[0].back == "- Keeps recent answers in memory for later\n- Expires entries after a while"


def test_abbreviations_are_defined_both_ways():
    cards = cards_of("## Terms\n\n- TTL = Time To Live")
    assert [(c.kind, c.front, c.back) for c in cards] == [
        ("definition", "What does TTL stand for?", "Time To Live"),
        ("definition-reverse", "What is the abbreviation for Time To Live?", "TTL"),
    ]


def test_two_definitions_of_one_unit_get_distinct_questions_and_keys():
    cards = cards_of("## Units\n\n- 1 CU = 1 large job per hour\n- 1 CU = 3 small jobs per hour")
    forward = [c for c in cards if c.kind == "definition"]
    assert [c.front for c in forward] == [
        "How many large jobs per hour does 1 CU give?",
        "How many small jobs per hour does 1 CU give?",
    ]
    assert len({c.key for c in cards}) == len(cards)


def test_numbers_in_plain_items_are_blanked_with_context():
    cloze = next(c for c in cards_of("## Storage\n\n- Replicated across 3 AZs") if c.kind == "cloze")
    assert (cloze.front, cloze.back) == (f"Widget › Storage — Replicated across {BLANK}", "3 AZs")


def test_an_update_belongs_to_the_fact_above_it():
    cards = cards_of("## Limits\n\n- Timeout: 5 minutes\n    - **Update:** Now 15 minutes.")
    update = next(c for c in cards if c.kind == "update")
    fact = next(c for c in cards if c.kind == "fact")
    assert update.fact_key == fact.fact_key == "widget/limits/timeout"
    assert update.front == "Current figure (updated since the notes): What is the timeout of Widget?"
    assert update.back == "Now 15 minutes." and update.source_lines == (11, 12)


def test_nested_items_are_covered_and_keep_their_parent_as_context():
    cards = cards_of("## Pricing\n\n- Free tier for new users\n    - 100 requests per day\n    - Then pay per use")
    lines = {line for c in cards for line in c.source_lines}
    assert lines == {11, 12, 13}
    cloze = next(c for c in cards if c.kind == "cloze")
    assert cloze.front == f"Widget › Pricing — Free tier for new users: {BLANK} requests per day"
    assert cloze.back == "100"


def test_the_same_question_in_two_sections_gets_its_section_added():
    body = "## Reads\n\n### Limits\n\n- Timeout: 5 seconds\n\n## Writes\n\n### Limits\n\n- Timeout: 9 seconds"
    cards = cards_of(body)
    facts = [c.front for c in cards if c.kind == "fact"]
    assert facts == [
        "What is the timeout of Widget? (Widget › Reads › Limits)",
        "What is the timeout of Widget? (Widget › Writes › Limits)",
    ]


def test_keys_ignore_line_numbers_and_stay_short():
    body = "## Limits\n\n- Timeout: 5 minutes\n- Size: 1 MB"
    shifted = "## Limits\n\nSome intro paragraph.\n\n- Size: 1 MB\n\n- Timeout: 5 minutes"
    assert {c.key for c in cards_of(body)} == {c.key for c in cards_of(shifted)}
    deep = f"## {'Very long heading words ' * 12}\n\n### {'Another long heading ' * 12}\n\n- {'word ' * 80}"
    assert all(len(c.key) <= 200 and re.fullmatch(r"[a-z0-9/-]+", c.key) for c in cards_of(deep))


WORDS = "alpha Beta gamma Lambda 3 KB 10,000 GB $5 of the per IAM DAX before → =".split()
HEADINGS = "Limits Overview Security Uses Four trigger types Scaling Alpha support Scenario:".split()
LINES = st.one_of(
    st.tuples(st.just("heading"), st.integers(2, 3), st.lists(st.sampled_from(HEADINGS), min_size=1, max_size=3)),
    st.tuples(
        st.sampled_from(["item", "label", "update"]),
        st.integers(0, 2),
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=7),
    ),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(LINES, min_size=1, max_size=14))
def test_any_outline_gives_well_formed_cards(lines):
    body, depth, level = [], 0, 1
    for kind, n, words in lines:
        text = " ".join(words)
        if kind == "heading":
            level = min(n, level + 1)
            body.append("#" * level + " " + text)
            depth = 0
            continue
        depth = min(n, depth)
        prefix = {"label": "Name of thing: ", "update": "**Update:** "}.get(kind, "")
        body.append("    " * depth + "- " + prefix + text)
        depth += 1
    cards = cards_of("\n".join(body))
    assert cards == cards_of("\n".join(body))
    assert [c.position for c in cards] == list(range(len(cards)))
    assert len({c.key for c in cards}) == len(cards)
    assert len({c.front.casefold() for c in cards}) == len(cards)
    for card in cards:
        assert card.front.strip() and card.back.strip() and len(card.front) < 200
        assert re.fullmatch(r"[a-z0-9/-]+", card.key) and len(card.key) <= 200 and card.kind in KINDS
