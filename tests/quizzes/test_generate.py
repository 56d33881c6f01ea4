"""Questions drafted from one topic's cards and sets: options of the key's own kind, never a
second right answer, nothing the question's words give away, nothing from another topic."""

import re

from studyapp.cards.generate import ItemSet
from studyapp.quizzes.generate import CardData, answer_value, generate_questions, parse_figure, value_sort
from studyapp.quizzes.grading import normalise


def card(id, front, back, section="Lambda › Limits", kind="fact", key=None, fact_key=None) -> CardData:
    key = key or f"lambda/limits/{id}/{kind}"
    return CardData(id, key, fact_key or key.rsplit("/", 1)[0], kind, front, back, section, "limits")


def by_key(drafts) -> dict:
    return {d.source_key: d for d in drafts}


def wrong(draft) -> list[str]:
    return [text for text, correct in draft.options if not correct]


def right(draft) -> list[str]:
    return [text for text, correct in draft.options if correct]


def single(drafts, card_id):
    return next((d for d in drafts if d.card_id == card_id and d.kind == "single"), None)


TRIGGERS = "Lambda › Lambda@Edge › Trigger types"
WHEN = [
    card(
        21,
        "When does the Viewer Request trigger run?",
        "After CloudFront receives a request",
        TRIGGERS,
        key="lambda/edge/viewer-request/fact",
    ),
    card(
        22,
        "When does the Origin Request trigger run?",
        "Before CloudFront forwards the request",
        TRIGGERS,
        key="lambda/edge/origin-request/fact",
    ),
    card(
        23,
        "When does the Origin Response trigger run?",
        "After CloudFront receives the response",
        TRIGGERS,
        key="lambda/edge/origin-response/fact",
    ),
    card(
        24,
        "When does the Viewer Response trigger run?",
        "Before CloudFront forwards the response",
        TRIGGERS,
        key="lambda/edge/viewer-response/fact",
    ),
]


# --- sorts -----------------------------------------------------------------------------------------


def test_values_are_sorted_by_unit_family_and_shape():
    assert value_sort("512 MB in /tmp") == value_sort("10 GB") == "size"
    assert value_sort("900 seconds (15 minutes)") == value_sort("5 minutes") == "time"
    assert value_sort("400,000 GB-seconds") == "compute"
    assert value_sort("$0.20") == "money"
    assert value_sort("1,000") == "count"
    assert value_sort("3 AZs") == value_sort("1 AZ") == "unit:az"
    assert value_sort("92 to 96 °C") == "celsius"
    assert value_sort("264 to 241 BC") == "date"
    assert value_sort("Before CloudFront") == "when"
    assert value_sort("Viewer Request") == "name"
    assert value_sort("The place where the next commit is assembled") == "description"
    assert value_sort("230 °C with steam for the first 20 minutes") == "description"  # two figures: a sentence
    assert value_sort("- a list\n- of things") is None
    assert answer_value("10,240 MB\n\n512 MB until March 2022.") == "10,240 MB"


def test_a_figure_keeps_its_conversion_and_its_words():
    figure = parse_figure("900 seconds (15 minutes)")
    assert (figure.magnitude, figure.conversion.magnitude) == (900, 900)
    assert parse_figure("96 °C when done").rest == " when done"


# --- single choice on a figure ----------------------------------------------------------------------


def test_a_figure_gets_figures_of_its_unit_within_two_orders_of_magnitude():
    cards = [
        card(1, "What is the maximum execution time of Lambda?", "900 seconds (15 minutes)"),
        card(2, "How large can environment variables be?", "4 KB"),
        card(3, "Free tier: [...] if the function has 128 MB RAM", "3,200,000 seconds", "Lambda › Cost", kind="cloze"),
        card(4, "What is the deployment size?", "50 MB", "Lambda › Deployments"),
    ]
    question = single(generate_questions(cards), 1)
    assert right(question) == ["900 seconds (15 minutes)"] and len(wrong(question)) == 3
    for option in wrong(question):
        seconds, minutes = _seconds_and_minutes(option)
        assert seconds == minutes * 60 and 9 <= seconds <= 90_000, option  # not 3,200,000 seconds
    sizes = wrong(single(generate_questions(cards), 2))
    assert all(value_sort(s) == "size" and "MB" not in s for s in sizes), sizes  # 50 MB is 12,800 times 4 KB


def _seconds_and_minutes(option: str) -> tuple[int, int]:
    m = re.fullmatch(r"([\d,]+) seconds \((\d+) minutes\)", option)
    assert m, option
    return int(m.group(1).replace(",", "")), int(m.group(2))


def test_a_figure_of_the_same_section_comes_before_made_up_ones_and_is_written_in_the_keys_unit():
    cards = [
        card(1, "Baking: [...] for 20 minutes with the lid on", "250 °C", "Sourdough › Baking", kind="cloze"),
        card(2, "Baking: [...] for 25 minutes with the lid off", "230 °C", "Sourdough › Baking", kind="cloze"),
        card(3, "DAX: [...] TTL by default", "5 minutes", "DynamoDB › DAX", kind="cloze"),
        card(4, "What is the stream retention?", "1,200 seconds", "DynamoDB › Streams"),
    ]
    drafts = generate_questions(cards)
    assert "230 °C" in wrong(single(drafts, 1))
    assert "20 minutes" in wrong(single(drafts, 3))  # 1,200 seconds, as the key writes time


def test_made_up_figures_scale_the_key_and_keep_its_words():
    cards = [card(1, "Ingredients: Salt?", "2% of the flour's weight", "Bread › Ingredients")]
    options = wrong(single(generate_questions(cards), 1))
    assert len(options) == 3
    assert all(re.fullmatch(r"\d+% of the flour's weight", o) for o in options), options


def test_a_figure_with_words_after_it_gets_only_figures_with_the_same_words():
    cards = [
        card(1, "Dough: Flour?", "500 g strong white", "Sourdough › Dough"),
        card(2, "Dough: Water?", "350 g (70% hydration)", "Sourdough › Dough"),
        card(3, "Dough: Salt?", "10 g", "Sourdough › Dough"),
    ]
    options = wrong(single(generate_questions(cards), 1))
    assert len(options) == 3 and all(re.fullmatch(r"[\d,]+ g strong white", o) for o in options), options


# --- never a second right answer ------------------------------------------------------------------------


def test_the_answer_of_another_card_asking_the_same_question_is_never_an_option():
    twins = [
        card(1, "How much capacity do you need for this read?", "1 RCU", key="d/rcu/1"),
        card(2, "How much capacity do you need for this read?", "2 RCUs", key="d/rcu/2"),
    ]
    drafts = generate_questions(twins)
    assert single(drafts, 1) and single(drafts, 2)
    for draft in drafts:
        assert not {normalise(t) for t in wrong(draft)} & {normalise("1 RCU"), normalise("2 RCUs")}, draft


def test_the_same_quantity_in_other_units_is_never_an_option():
    cards = [
        card(1, "What is the timeout?", "15 minutes", key="l/timeout/fact", fact_key="l/timeout"),
        card(2, "What is the longest run in seconds?", "900 seconds", key="l/run/fact"),
    ]
    assert not [o for o in wrong(single(generate_questions(cards), 1)) if o in ("15 minutes", "900 seconds")]
    assert all(_minutes(o) != 15 for o in wrong(single(generate_questions(cards), 1)))


def _minutes(option: str) -> int:
    return int(option.split()[0].replace(",", ""))


def test_an_answer_of_the_same_fact_in_other_words_is_never_an_option():
    section = "Lambda › Lambda@Edge › Trigger types"
    cards = [
        card(
            1,
            "Which trigger type runs first?",
            "Viewer Request",
            section,
            kind="which",
            key="e/viewer-request/which",
            fact_key="e/viewer-request",
        ),
        card(
            2,
            "Which trigger type sees the viewer's call first?",
            "The viewer request trigger",
            section,
            kind="which",
            key="e/viewer-request/which-2",
            fact_key="e/viewer-request",
        ),
        card(3, "Which trigger type runs second?", "Origin Request", section, kind="which", key="e/origin/which"),
        card(4, "Which trigger type runs third?", "Origin Response", section, kind="which", key="e/response/which"),
    ]
    options = wrong(single(generate_questions(cards), 1))
    assert "The viewer request trigger" not in options and len(options) == 2


def test_an_option_equal_to_the_key_after_normalising_is_never_offered():
    section = "Git basics › Ideas"
    cards = [
        card(1, "Which idea is a snapshot of the project?", "A commit", section, kind="which"),
        card(2, "Which idea records the project's state?", "a Commit.", section, kind="which"),
        card(3, "Which idea is a movable pointer?", "Branches", section, kind="which", key="g/branch/which"),
        card(4, "Which idea is checked out?", "HEAD", section, kind="which", key="g/head/which"),
    ]
    assert normalise("a Commit.") not in {normalise(o) for o in wrong(single(generate_questions(cards), 1))}


def test_a_value_the_question_prints_is_never_an_option():
    cards = [card(1, "Starter: Ready when it doubles in [...] to 8 hours", "4", "Sourdough › Starter", kind="cloze")]
    draft = single(generate_questions(cards), 1)
    assert draft is not None and "8" not in wrong(draft)


# --- the question's words give nothing away -----------------------------------------------------------------


def test_an_option_made_of_the_questions_words_is_never_offered():
    section = "Lambda › Lambda@Edge › Trigger types"
    cards = [
        card(
            1,
            "Which trigger type runs before CloudFront forwards the request?",
            "Origin Request",
            section,
            kind="which",
        ),
        card(2, "Which trigger type runs first?", "Viewer Request", section, kind="which"),
        card(3, "Which trigger type runs third?", "Origin Response", section, kind="which"),
        card(4, "Which trigger type is the edge itself?", "CloudFront", section, kind="which"),
    ]
    question = single(generate_questions(cards), 1)
    assert question is not None and "CloudFront" not in wrong(question)


def test_an_answer_made_of_the_questions_words_makes_no_question():
    section = "DynamoDB › Throughput"
    cards = [
        card(1, "How many writes of 1 KB per second does 1 WCU give?", "1 write", section, kind="definition"),
        card(2, "How many reads of 4 KB per second does 1 RCU give?", "2 reads", section, kind="definition"),
        card(3, "How many reads of 8 KB per second does 2 RCUs give?", "4 reads", section, kind="definition"),
    ]
    drafts = generate_questions(cards)
    assert single(drafts, 1) is None
    assert single(drafts, 2) is not None


def test_an_answer_that_alone_repeats_a_word_of_the_question_makes_no_question():
    section = "API Gateway › Security"
    options = [
        card(
            1,
            "Which security option lets API Gateway verify identity from AWS Cognito?",
            "Cognito User Pools",
            section,
            kind="which",
        ),
        card(2, "Which security option reads credentials from the headers?", "IAM permissions", section, kind="which"),
        card(3, "Which security option validates a token with a function?", "Lambda Authorizer", section, kind="which"),
    ]
    drafts = generate_questions(options)
    assert single(drafts, 1) is None
    assert single(drafts, 2) is not None  # its answer repeats none of its words


def test_a_word_of_the_question_in_a_distractor_too_is_fair():
    cards = [
        card(1, "Which trigger type runs after the origin answers?", "Origin Response", TRIGGERS, kind="which"),
        card(2, "Which trigger type runs on arrival?", "Viewer Request", TRIGGERS, kind="which"),
        card(3, "Which trigger type runs before the call out?", "Origin Request", TRIGGERS, kind="which"),
    ]
    assert set(wrong(single(generate_questions(cards), 1))) == {"Viewer Request", "Origin Request"}


# --- names, descriptions, uses ---------------------------------------------------------------------------------


def test_a_name_gets_its_family_first_then_names_of_the_topic_only_when_the_family_is_too_small():
    family = [
        card(i, f"Which endpoint type is for {who}?", name, "API Gateway › Endpoint types", kind="which")
        for i, (who, name) in enumerate(
            [
                ("global clients", "Edge optimized"),
                ("one region", "Regional"),
                ("a VPC", "Private"),
                ("anyone", "Public"),
            ],
            1,
        )
    ]
    pair = [
        card(10 + i, f"Which security option does {what}?", name, "API Gateway › Security", kind="which")
        for i, (what, name) in enumerate([("signing", "IAM permissions"), ("tokens", "Lambda Authorizer")])
    ]
    drafts = generate_questions(family + pair)
    assert set(wrong(single(drafts, 1))) == {"Regional", "Private", "Public"}
    security = wrong(single(drafts, 10))
    assert security[0] == "Lambda Authorizer" and security[1] in {"Edge optimized", "Regional", "Private", "Public"}


def test_a_description_gets_only_the_descriptions_beside_it():
    care = "Starter › Looking after it"
    cards = [
        card(1, "Looking after it: Fridge?", "Feed once a week", care, key="s/care/fridge/fact"),
        card(2, "Looking after it: Counter?", "Feed daily", care, key="s/care/counter/fact"),
        card(3, "Signs of trouble — Pink streaks?", "Throw it away", care, key="s/care/trouble/pink/fact"),
        card(4, "Signs of trouble — Grey liquid?", "The starter is hungry", care, key="s/care/trouble/grey/fact"),
    ]
    # One sibling is too few, and the signs of trouble are another family.
    assert single(generate_questions(cards), 1) is None


IDEAS = [
    card(30 + i, f"Ideas: {name}?", description, "Git basics › Ideas", key=f"git/ideas/{i}/fact")
    for i, (name, description) in enumerate(
        [
            ("A commit", "A snapshot of the whole project"),
            ("Branches", "Movable pointers to commits"),
            ("Staging area", "The place where the next commit is assembled"),
            ("HEAD", "The commit you have checked out"),
        ]
    )
]


def test_descriptions_of_one_family_are_asked_with_each_other_and_nothing_else():
    elsewhere = card(
        40,
        "Commands: Git switch?",
        "The newer way to change branches",
        "Git basics › Commands",
        key="git/commands/switch/fact",
    )
    drafts = generate_questions(IDEAS + [elsewhere])
    for draft in (single(drafts, c.id) for c in IDEAS):
        assert len(wrong(draft)) == 3 and set(wrong(draft)) <= {answer_value(c.back) for c in IDEAS}
    assert single(drafts, 40) is None


def test_use_cards_sharing_one_answer_make_no_question_but_distinct_answers_do():
    same = [
        card(i, f"What would you use for {use}?", "Lambda@Edge", "Lambda › Uses", kind="use")
        for i, use in enumerate(["SEO", "bot mitigation", "A/B testing"])
    ]
    assert not [d for d in generate_questions(same) if d.kind == "single"]
    uses = [("queues", "SQS"), ("topics", "SNS"), ("workflows", "Step Functions")]
    distinct = [
        card(i, f"What would you use for {use}?", answer, "Serverless › Uses", kind="use")
        for i, (use, answer) in enumerate(uses)
    ]
    assert len([d for d in generate_questions(distinct) if d.kind == "single"]) == 3


def test_too_few_distractors_make_no_single_choice_question():
    cards = [
        card(1, "What does DAX stand for?", "DynamoDB Accelerator", "DynamoDB › DAX", kind="definition"),
        card(2, "What does DLQ stand for?", "Dead-letter queue", "DynamoDB › Streams", kind="definition"),
        card(3, "What does TTL stand for?", "Time to live", "DynamoDB › Items", kind="definition"),
    ]
    assert generate_questions(cards) == []  # an expansion from another section is no plausible option


# --- true or false ----------------------------------------------------------------------------------------------


UPDATED = [
    card(
        i,
        f"What is the disk capacity of function {i}?",
        "10,240 MB\n\n512 MB until March 2022.",
        key=f"lambda/limits/disk-{i}/fact",
    )
    for i in range(12)
]


def test_a_figure_makes_a_true_false_statement_with_the_current_figure_or_a_figure_of_its_unit():
    statements = [d for d in generate_questions(UPDATED) if d.kind == "true_false"]
    assert len(statements) == 12
    for draft in statements:
        figure = re.search(r"is ([\d,]+ MB)\.$", draft.text).group(1)
        assert dict(draft.options)["True"] == (figure == "10,240 MB"), draft
    assert {dict(d.options)["True"] for d in statements} == {True, False}  # both versions occur


def test_a_superseded_figure_is_never_stated_nor_offered():
    sibling = card(99, "What was the disk capacity in the first release?", "512 MB", key="lambda/limits/first/fact")
    drafts = generate_questions(UPDATED + [sibling])
    assert [d for d in drafts if d.kind == "single" and d.card_id != 99]
    for draft in (d for d in drafts if d.card_id != 99):
        assert "512 MB" not in draft.text and not [o for o, _ in draft.options if "512" in o], draft
        if draft.kind == "single":
            assert right(draft) == ["10,240 MB"]


def test_a_gap_statement_fills_the_gap():
    cards = [
        card(
            6,
            "Serverless cron job: trigger every [...] → Lambda",
            "1 hour",
            "Lambda › Serverless cron job",
            kind="cloze",
        )
    ]
    statement = next(d for d in generate_questions(cards) if d.kind == "true_false")
    assert statement.text.startswith("True or false (Lambda › Serverless cron job): trigger every ")
    shown = re.search(r"every (\d+ hours?) →", statement.text).group(1)
    assert dict(statement.options)["True"] == (shown == "1 hour")


def test_statements_come_from_figures_only_not_from_names_descriptions_or_dates():
    dates = [
        card(50 + i, f"When was the war number {i}?", years, "Rome › Punic Wars")
        for i, years in enumerate(["264 to 241 BC", "218 to 201 BC", "149 to 146 BC"])
    ]
    figure = card(60, "What is the maximum execution time of Lambda?", "900 seconds (15 minutes)")
    statements = [d for d in generate_questions(WHEN + IDEAS + dates + [figure]) if d.kind == "true_false"]
    assert [d.card_id for d in statements] == [60]


# --- select all that apply ------------------------------------------------------------------------------------------


def item_set(key, noun, members, section=("Lambda", "Integrations")) -> ItemSet:
    return ItemSet(
        key=key,
        noun=noun,
        members=tuple(members),
        section=section,
        anchor=key.split("/")[-2],
        source_lines=tuple(range(len(members))),
    )


SETS = [
    item_set("lambda/integrations/set", "Lambda integrations", ["API Gateway", "Kinesis", "DynamoDB", "S3", "SNS"]),
    item_set(
        "lambda/languages/set",
        "languages Lambda supports",
        ["Python", "Java", "Ruby", "Go"],
        ("Lambda", "Language support"),
    ),
    item_set(
        "lambda/services/set", "serverless services", ["SNS / SQS", "DynamoDB", "Fargate"], ("Lambda", "Services")
    ),
]


def test_a_set_makes_a_select_all_question_with_members_right_and_other_sets_wrong():
    drafts = [d for d in generate_questions([], SETS) if d.kind == "multiple"]
    question = by_key(drafts)["lambda/integrations/set/select-all"]
    assert question.card_id is None and question.anchor == "integrations"
    assert question.text == "Which of these are Lambda integrations? Select all that apply."
    assert 2 <= len(right(question)) <= 3 and set(right(question)) <= set(SETS[0].members)
    assert len(wrong(question)) == 2
    others = set(SETS[1].members) | set(SETS[2].members)
    assert set(wrong(question)) <= others


def test_a_select_all_question_never_marks_a_member_wrong_even_in_other_words():
    drafts = generate_questions([], SETS)
    assert len(drafts) == 3
    for draft in drafts:
        members = next(s for s in SETS if draft.source_key == f"{s.key}/select-all").members
        for option in wrong(draft):
            assert normalise(option) not in {normalise(m) for m in members}, draft
            assert not any(re.search(rf"\b{re.escape(m)}\b", option) for m in members), draft  # "SNS / SQS" has SNS


def test_a_select_all_question_is_the_same_each_time():
    forward = by_key(generate_questions([], SETS))
    assert len(forward) == 3
    assert forward == by_key(generate_questions([], SETS)) == by_key(generate_questions([], list(reversed(SETS))))


def test_small_or_lone_sets_make_no_select_all_question():
    small = item_set("t/pair/set", "pairs", ["One", "Two"])
    assert list(by_key(generate_questions([], [small, SETS[1]]))) == ["lambda/languages/set/select-all"]
    assert generate_questions([], [SETS[0]]) == []  # no other set to take wrong options from


# --- wording -----------------------------------------------------------------------------------------------------


def test_gaps_and_context_cues_carry_their_section_and_questions_stand_as_they_are():
    cards = [
        card(1, "Cost per call: [...] per 1 million requests", "$0.20", "Lambda › Cost › Cost per call", kind="cloze"),
        card(2, "Ingredients: Salt?", "2% of the flour's weight", "Bread baking › Ingredients"),
        card(3, "What is the maximum execution time of Lambda?", "900 seconds (15 minutes)"),
    ]
    texts = {d.card_id: d.text for d in generate_questions(cards) if d.kind == "single"}
    assert texts == {
        1: "Fill the gap (Lambda › Cost › Cost per call): [...] per 1 million requests",
        2: "Bread baking › Ingredients: Salt?",
        3: "What is the maximum execution time of Lambda?",
    }


# --- per topic --------------------------------------------------------------------------------------------------------


def test_a_topics_questions_do_not_depend_on_the_order_of_its_cards_or_sets():
    cards = WHEN + UPDATED + [card(40, "DAX: [...] TTL by default", "5 minutes", "DynamoDB › DAX", kind="cloze")]
    forward = generate_questions(cards, SETS)
    backward = generate_questions(list(reversed(cards)), list(reversed(SETS)))
    assert {d.kind for d in forward} == {"single", "true_false", "multiple"}
    assert sorted(forward, key=lambda d: d.source_key) == sorted(backward, key=lambda d: d.source_key)
