"""Questions drafted from flashcards: plausible siblings as distractors, never a second right answer."""

import pytest

from studyapp.cards.models import Card
from studyapp.cards.sync import sync_topic_cards
from studyapp.quizzes.generate import CardData, answer_value, generate_questions, value_sort
from studyapp.quizzes.grading import normalise


def card(id, front, back, section="Lambda › Limits", kind="fact", key=None, fact_key=None) -> CardData:
    key = key or f"lambda/limits/{id}/{kind}"
    return CardData(id, key, fact_key or key.rsplit("/", 1)[0], kind, front, back, section, "limits")


LIMITS = [
    card(1, "What is the maximum execution time of a Lambda function?", "900 seconds (15 minutes)"),
    card(2, "How much space can a Lambda function's environment variables use?", "4 KB"),
    card(3, "What is the disk capacity of a Lambda function?", "512 MB in /tmp\n\nUpdate: now up to 10,240 MB."),
    card(4, "What is the Lambda function deployment size (compressed .zip)?", "50 MB", section="Lambda › Deployments"),
    card(5, "What is the size of uncompressed deployment code?", "250 MB", section="Lambda › Deployments"),
    card(6, "Lambda › Serverless cron job — trigger every [...] → Lambda", "1 hour", kind="cloze",
         section="Lambda › Serverless cron job"),
    card(7, "Lambda › DAX — [...] TTL by default", "5 minutes", kind="cloze", section="DynamoDB › DAX"),
]


def test_values_are_sorted_into_sizes_times_prices_and_counts():
    assert value_sort("512 MB in /tmp") == "size"
    assert value_sort("900 seconds (15 minutes)") == "time"
    assert value_sort("400,000 GB-seconds") == "compute"
    assert value_sort("$0.20") == "money"
    assert value_sort("1,000") == "count"
    assert value_sort("Before CloudFront") == "when"
    assert value_sort("- a list\n- of things") is None
    assert answer_value("512 MB in /tmp\n\nUpdate: more now") == "512 MB in /tmp"


def test_a_size_gets_other_sizes_as_distractors_nearest_section_first():
    drafts = {d.source_key: d for d in generate_questions(LIMITS)}
    question = drafts["lambda/limits/2/fact/single"]
    assert question.options[0] == ("4 KB", True)
    distractors = [text for text, correct in question.options if not correct]
    assert distractors[0] == "512 MB in /tmp"  # same section first
    assert set(distractors) <= {"512 MB in /tmp", "50 MB", "250 MB"}


def test_a_time_gets_other_times():
    drafts = {d.source_key: d for d in generate_questions(LIMITS)}
    options = [text for text, _ in drafts["lambda/limits/1/fact/single"].options]
    assert options[0] == "900 seconds (15 minutes)"
    assert set(options[1:]) == {"1 hour", "5 minutes"}


def test_a_figure_gap_also_makes_a_true_false_statement_by_swapping_the_value():
    drafts = [d for d in generate_questions(LIMITS) if d.kind == "true_false"]
    statement = next(d for d in drafts if d.card_id == 6)
    options = dict(statement.options)
    assert "trigger every" in statement.text and "[...]" not in statement.text
    if options["True"]:
        assert "every 1 hour" in statement.text
    else:
        assert "every 1 hour" not in statement.text and "5 minutes" in statement.text


def test_a_value_of_another_card_asking_the_same_question_is_never_a_distractor():
    twins = [
        card(1, "How much capacity do you need for this read?", "1 RCU", key="d/rcu/1"),
        card(2, "How much capacity do you need for this read?", "2 RCU", key="d/rcu/2"),
        card(3, "How much capacity do you need for a write?", "1 WCU", key="d/wcu"),
        card(4, "How much capacity do you need for two writes?", "2 WCU", key="d/wcu2"),
    ]
    for draft in generate_questions(twins):
        if draft.card_id in (1, 2):
            wrong = {normalise(text) for text, correct in draft.options if not correct}
            assert not wrong & {normalise("1 RCU"), normalise("2 RCU")}


def test_a_kind_of_a_type_list_is_asked_with_the_other_kinds_as_distractors():
    types = card(20, "Name the four Lambda@Edge trigger types.", "- Viewer Request: before CloudFront\n"
                 "- Origin Request: after CloudFront, before the origin\n- Origin Response: after the origin\n"
                 "- Viewer Response: after CloudFront", section="Lambda › Lambda@Edge › Four trigger types", kind="list")
    drafts = [d for d in generate_questions([types])]
    assert len(drafts) == 4
    viewer = next(d for d in drafts if "before CloudFront" in d.text.lower() or "Before CloudFront" in d.text)
    assert viewer.options[0] == ("Viewer Request", True)
    assert {t for t, _ in viewer.options[1:]} == {"Origin Request", "Origin Response", "Viewer Response"}


@pytest.mark.django_db
def test_generated_distractors_never_equal_the_correct_answer_over_all_real_cards(imported_topics):
    for topic in imported_topics.values():
        sync_topic_cards(topic)
    cards = [CardData(c.pk, c.key, c.fact_key, c.kind, c.front, c.back, c.section, c.anchor)
             for c in Card.objects.active()]
    answers_by_front: dict[str, set[str]] = {}
    for c in cards:
        answers_by_front.setdefault(normalise(c.front), set()).add(normalise(answer_value(c.back)))
    drafts = generate_questions(cards)
    assert len(drafts) >= 30
    by_id = {c.id: c for c in cards}
    for draft in drafts:
        right = [text for text, correct in draft.options if correct]
        wrong = [text for text, correct in draft.options if not correct]
        assert len(right) == 1, draft
        assert len({normalise(t) for t in wrong}) == len(wrong), draft  # no option twice
        assert normalise(right[0]) not in {normalise(t) for t in wrong}, draft
        if draft.kind == "single":
            assert len(wrong) >= 2, draft
            source = by_id[draft.card_id]
            # Not the answer of another card asking the same question, either.
            assert not {normalise(t) for t in wrong} & answers_by_front[normalise(source.front)], draft
        else:
            assert draft.kind == "true_false" and {t for t, _ in draft.options} == {"True", "False"}
    assert len({d.source_key for d in drafts}) == len(drafts)
