"""Markdown notes as people write them: the house files read exactly as parse_topic
reads them, other notes read without refusal, and card keys survive re-formatting."""

import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyapp.cards.generate import generate_cards
from studyapp.content.house_format import MAX_DEPTH, MAX_LINE, ContentError, Item, Outline, parse_topic
from studyapp.content.markdown_notes import read_markdown
from studyapp.lib.markdown_render import render_notes

CONTENT = Path(__file__).resolve().parents[2] / "content"
CORPUS = Path(__file__).parent / "notes" / "markdown"
ERROR = re.compile(r"^fuzz\.md:\d+: \S")


def read(text: str, filename: str = "notes.md", **kwargs):
    reading = read_markdown(text, filename, **kwargs)
    assert len(reading.topics) == 1
    return reading.topics[0], reading.warnings


def read_file(name: str):
    return read((CORPUS / name).read_text(encoding="utf-8"), name)


def facts(topic) -> list[tuple]:
    """(section path, line, label or text, value) for every item, depth first."""
    return [
        ("/".join(section.path), item.line, item.label or item.text, item.value)
        for section, item in topic.outline.fact_lines()
    ]


def card_keys(topic) -> list[str]:
    return [draft.key for draft in generate_cards(topic.slug, topic.short_title, topic.outline)]


def located(warnings) -> list[tuple[int, str]]:
    return [(warning.line, warning.message) for warning in warnings]


# --- the house files -------------------------------------------------------------------

HOUSE_FILES = sorted(CONTENT.glob("*.md"))


def test_the_house_files_are_there():
    assert len(HOUSE_FILES) >= 5


@pytest.mark.parametrize("path", HOUSE_FILES, ids=lambda path: path.name)
def test_a_house_file_reads_exactly_as_parse_topic_reads_it(path):
    text = path.read_text(encoding="utf-8")
    expected = parse_topic(text, path.name)
    topic, warnings = read(text, path.name)
    assert topic == expected  # every field: title, slug, order, summary, body, body_with_anchors, outline, lines
    assert warnings == []


@pytest.mark.parametrize("path", HOUSE_FILES, ids=lambda path: path.name)
def test_a_house_file_gives_the_same_cards_as_parse_topic(path):
    text = path.read_text(encoding="utf-8")
    expected = parse_topic(text, path.name)
    topic, _ = read(text, path.name)
    drafts = generate_cards(topic.slug, topic.short_title, topic.outline)
    assert [d.key for d in drafts] == card_keys(expected)
    assert drafts == generate_cards(expected.slug, expected.short_title, expected.outline)


def test_an_outline_stored_before_numbered_lists_reads_as_unordered():
    stored = {
        "sections": [
            {
                "title": "S",
                "level": 2,
                "anchor": "s",
                "path": ["S"],
                "line": 1,
                "items": [{"text": "a", "line": 2, "children": []}],
            }
        ]
    }
    item = Outline.from_dict(stored).sections[0].items[0]
    assert item == Item(text="a", line=2) and item.ordered is False


# --- the corpus -----------------------------------------------------------------------

CORPUS_EXPECTED = {
    "bread-baking.md": dict(
        title="Bread baking",
        slug="bread-baking",
        order=None,
        summary="A loaf needs only flour, water, salt and yeast; time does the rest.",
        sections=[[], ["Ingredients"], ["Proofing"], ["Baking"]],
        facts=[
            ("Ingredients", 7, "Flour", "strong white flour, 12–13% protein"),
            ("Ingredients", 8, "Gluten", "the protein network that traps the gas"),
            ("Ingredients", 9, "Whole wheat flour absorbs more water", None),
            ("Ingredients", 10, "Water", "65–75% of the flour's weight"),
            ("Ingredients", 11, "Salt", "2% of the flour's weight"),
            ("Ingredients", 12, "Yeast", "1% instant yeast, or a sourdough starter"),
            ("Proofing", 18, "Bulk fermentation", "the first rise, 2 to 4 hours"),
            ("Proofing", 19, "The dough should grow by half", None),
            ("Proofing", 20, "Final proof", "after shaping, about 1 hour"),
            ("Proofing", 21, "Poke test", None),
            ("Proofing", 22, "Springs back at once", "needs more time"),
            ("Proofing", 23, "Springs back slowly", "ready to bake"),
            ("Baking", 27, "Oven", "230 °C with steam for the first 20 minutes"),
            ("Baking", 28, "Internal temperature", "96 °C when done"),
        ],
        warnings=[
            (13, "list item has no text; it gives no card"),
            (14, "list item is only a link or an image; it stays on the page without a card"),
            (29, "list item is only a link or an image; it stays on the page without a card"),
        ],
        # 14 lines: 11 labelled facts, 1 detail under Flour; "Poke test" only heads its two,
        # "grow by half" is part of Bulk fermentation's answer.
        cards=12,
    ),
    "07-roman-emperors.md": dict(
        title="The first Roman emperors",
        slug="the-first-roman-emperors",
        order=7,
        summary="",
        sections=[["The Julio-Claudians"], ["Words of the Principate"], ["The year of the four emperors"]],
        facts=[
            ("The Julio-Claudians", 7, "Augustus", "Reign: 27 BC – AD 14; Known for: ending the civil wars"),
            ("The Julio-Claudians", 8, "Tiberius", "Reign: AD 14–37; Known for: ruling from Capri"),
            ("The Julio-Claudians", 9, "Caligula", "Reign: AD 37–41"),
            ("The Julio-Claudians", 11, "Nero", "Reign: AD 54–68; Known for: the Great Fire of Rome"),
            ("Words of the Principate", 17, "Princeps", '"first citizen", the emperor\'s modest title'),
            ("Words of the Principate", 18, "Praetorian Guard", "the emperor's household troops"),
            ("Words of the Principate", 19, "Imperium", "the power to command an army"),
            ("The year of the four emperors", 23, "AD 69", "Galba, Otho, Vitellius and Vespasian rule in turn"),
        ],
        warnings=[(10, "table row has nothing in its first column; it gives no card")],
        cards=11,  # 4 emperors + 3 words asked both ways (which and fact) + AD 69
    ),
    "03-sourdough-starter.md": dict(
        title="Sourdough starter",
        slug="sourdough-starter",
        order=3,
        summary="",
        sections=[["Starting one"], ["Looking after it"]],
        facts=[
            ("Starting one", 5, "Mix 50 g flour with 50 g water in a clean jar, and cover it loosely.", None),
            ("Starting one", 7, "Feed it every 24 hours", "discard half, then add fresh flour and water."),
            ("Starting one", 9, "Wait until it doubles within 6 hours of a feed.", None),
            ("Looking after it", 15, "Fridge", "feed once a week"),
            ("Looking after it", 16, "Counter", "feed daily"),
            ("Looking after it", 18, "Signs of trouble", None),
            ("Looking after it", 19, "Grey liquid on top", "hooch, the starter is hungry"),
            ("Looking after it", 20, "Pink or orange streaks", "throw it away"),
            ("Looking after it", 21, "Hydration", None),
            ("Looking after it", 22, "100% hydration", "equal weights of flour and water"),
        ],
        warnings=[],
        # 10 lines: 2 figure clozes, 6 labelled facts; "Signs of trouble" and "Hydration" head theirs.
        cards=8,
    ),
    "git-basics.md": dict(
        title="Git basics",
        slug="git-basics",
        order=None,
        summary="Git is a distributed version control system.",
        sections=[[], ["Ideas"], ["Commands"]],
        facts=[
            ("", 3, "Git", "a distributed version control system"),
            ("Ideas", 7, "A commit", "a snapshot of the whole project"),
            ("Ideas", 8, "Branches", "movable pointers to commits"),
            ("Ideas", 12, "Staging area", "the place where the next commit is assembled"),
            ("Ideas", 13, "HEAD", "the commit you have checked out"),
            ("Commands", 30, "git switch", "the newer way to change branches"),
        ],
        warnings=[(26, "HTML is shown on the page as it is; it gives no card")],
        cards=10,  # Git + 4 ideas asked both ways (which and fact) + git switch
    ),
    "step-functions.md": dict(
        title="AWS Step Functions",
        slug="aws-step-functions",
        order=6,
        summary="",
        sections=[["Step Functions"], ["Integrations"], ["Integrations", "Error handling"]],
        facts=[
            ("Step Functions", 13, "State machine", "a workflow of steps, written in Amazon States Language"),
            ("Step Functions", 14, "Standard workflows run for up to one year", None),
            ("Step Functions", 15, "Express workflows run for at most five minutes.", None),
            ("Integrations", 19, "Lambda -> Step Functions -> SNS", None),
            ("Integrations", 20, "ASL = Amazon States Language", None),
            ("Integrations/Error handling", 24, "Retry", "try a failed state again, with backoff"),
            ("Integrations/Error handling", 25, "Catch", "go to a fallback state"),
        ],
        warnings=[(5, "unknown front matter key 'tags' ignored (known: title, slug, order, summary, short_title)")],
        # State machine + the statement with its Update + the flow's last step + ASL both ways + Retry + Catch
        cards=7,
    ),
}


def test_every_corpus_file_has_its_test():
    assert sorted(path.name for path in CORPUS.glob("*.md")) == sorted(CORPUS_EXPECTED)


@pytest.mark.parametrize("name", sorted(CORPUS_EXPECTED))
def test_a_corpus_note_reads_into_its_topic_sections_facts_warnings_and_cards(name):
    expected = CORPUS_EXPECTED[name]
    topic, warnings = read_file(name)
    assert (topic.title, topic.slug, topic.order, topic.summary) == (
        expected["title"],
        expected["slug"],
        expected["order"],
        expected["summary"],
    )
    assert [section.path for section in topic.outline.sections] == expected["sections"]
    assert facts(topic) == expected["facts"]
    assert located(warnings) == expected["warnings"]
    assert len(card_keys(topic)) == expected["cards"]
    render_notes(topic.body_with_anchors)


def test_the_title_heading_is_no_section_and_leaves_the_rendered_body():
    topic, _ = read_file("bread-baking.md")
    assert topic.lines["title"] == 1
    assert "# Bread baking" not in topic.body_with_anchors
    assert topic.body.startswith("# Bread baking\n")  # the body stays as written
    assert topic.body_with_anchors.startswith("A loaf needs only")
    assert "## Ingredients {#ingredients}" in topic.body_with_anchors
    assert topic.outline.sections[0].paragraphs == [topic.summary]


def test_numbered_items_are_marked_and_keep_their_continuation_lines():
    topic, _ = read_file("03-sourdough-starter.md")
    starting, looking = topic.outline.sections
    assert [item.ordered for item in starting.items] == [True, True, True]
    assert starting.items[1].text == "Feed it every 24 hours: discard half, then add fresh flour and water."
    assert [item.ordered for item in looking.items] == [True, True, False, False]
    assert [len(item.children) for item in looking.items] == [0, 0, 2, 1]  # tab and 3-space nesting


def test_paragraphs_that_are_not_facts_stay_page_text_and_code_never_becomes_a_fact():
    topic, _ = read_file("git-basics.md")
    ideas, commands = topic.outline.sections[1:]
    assert ideas.paragraphs == ["It is fast because almost everything happens locally. Nothing needs a server."]
    assert commands.paragraphs == ["Use git commit to record the staged changes:"]
    assert "git log --oneline" in topic.body_with_anchors
    assert not any("git add" in text for _, _, text, _ in facts(topic))


def test_front_matter_and_a_heading_repeating_its_title_and_every_section_under_one_hash():
    topic, _ = read_file("step-functions.md")
    assert (topic.short_title, topic.lines) == (
        "Step Functions",
        {"title": 2, "slug": 2, "order": 4, "summary": 1, "short_title": 3},
    )
    assert [(s.level, s.anchor, s.line) for s in topic.outline.sections] == [
        (2, "step-functions", 10),
        (2, "integrations", 17),
        (3, "error-handling", 22),
    ]
    update = topic.outline.sections[0].items[1].children[0]
    assert update.is_update and update.label is None
    assert "# AWS Step Functions" not in topic.body_with_anchors
    assert "## Step Functions {#step-functions}\n\n- State machine" in topic.body_with_anchors  # setext, as ATX
    assert "## Integrations {#integrations}" in topic.body_with_anchors


# --- rules, one at a time ---------------------------------------------------------------


def test_without_front_matter_or_title_heading_the_file_name_gives_title_slug_and_order():
    topic, _ = read("## Basics\n\n- Roux: equal parts fat and flour\n", "12-french_sauces.md")
    assert (topic.title, topic.slug, topic.order, topic.short_title) == (
        "French sauces",
        "french-sauces",
        12,
        "French sauces",
    )
    assert topic.lines == {"title": 1, "slug": 1, "order": 1, "summary": 1}


def test_a_file_name_without_a_number_gives_no_order():
    topic, _ = read("- a\n", "sauces.md")
    assert topic.order is None


def test_a_front_matter_title_keeps_a_different_first_heading_as_a_section():
    topic, _ = read("---\ntitle: Sauces\n---\n# Mother sauces\n\n- Béchamel: milk and roux\n")
    assert topic.title == "Sauces"
    assert [(s.path, s.level) for s in topic.outline.sections] == [(["Mother sauces"], 2)]


def test_heading_levels_count_the_headings_above_so_none_is_skipped():
    topic, _ = read("# Title\n\n#### Deep\n\n- a\n\n## Up\n\n###### Down\n\n- b\n\n# Top\n")
    assert [(s.path, s.level) for s in topic.outline.sections] == [
        (["Deep"], 2),
        (["Up"], 2),
        (["Up", "Down"], 3),
        (["Top"], 2),
    ]
    assert "### Down {#down}" in topic.body_with_anchors


def test_duplicate_headings_get_distinct_anchors():
    topic, _ = read("## A\n\n### Security\n\n- x\n\n## B\n\n### Security\n\n- y\n")
    assert [s.anchor for s in topic.outline.sections] == ["a", "security", "b", "b-security"]


# After "1." the text starts in column 3, so CommonMark nests under it from 3 spaces on.
MARKERS_AND_WIDTHS = [
    (marker, width)
    for marker in ["-", "*", "+", "1.", "1)"]
    for width in ["  ", "   ", "    ", "\t"]
    if not (marker[0] == "1" and width == "  ")
]


@pytest.mark.parametrize("marker, indent", MARKERS_AND_WIDTHS)
def test_any_marker_and_any_nesting_width_give_the_same_tree(marker, indent):
    text = f"## S\n\n{marker} Parent: p\n{indent}- Child: c\n{indent * 2}- Grandchild: g\n{marker} Sibling\n"
    (section,) = read(text)[0].outline.sections
    parent, sibling = section.items
    assert (parent.label, parent.children[0].label, parent.children[0].children[0].label) == (
        "Parent",
        "Child",
        "Grandchild",
    )
    assert sibling.text == "Sibling" and not sibling.children
    assert parent.ordered == (marker[0] == "1")


def test_lazy_and_indented_continuation_lines_join_the_item():
    (section,) = read("## S\n\n- Label: first\nlazy second\n  indented third\n- next\n")[0].outline.sections
    assert section.items[0].value == "first lazy second indented third"
    assert section.items[0].line == 3


def test_label_value_and_definitions_keep_their_meaning():
    (section,) = read("## S\n\n- Time: 14:30\n- DAX = DynamoDB Accelerator\n- A -> B -> C\n- See https://x.org\n")[
        0
    ].outline.sections
    assert [(i.text, i.label, i.value) for i in section.items] == [
        ("Time: 14:30", "Time", "14:30"),
        ("DAX = DynamoDB Accelerator", None, None),
        ("A -> B -> C", None, None),
        ("See https://x.org", None, None),
    ]


def test_bold_terms_give_labels():
    text = "## S\n\n- **Roux** — fat and flour\n- **Fond** - browned bits\n- **Mirepoix**: onion, carrot, celery\n"
    (section,) = read(text)[0].outline.sections
    assert [(i.label, i.value) for i in section.items] == [
        ("Roux", "fat and flour"),
        ("Fond", "browned bits"),
        ("Mirepoix", "onion, carrot, celery"),
    ]


@pytest.mark.parametrize(
    "paragraph, label, value",
    [
        ("Velouté is a sauce of stock and roux.", "Velouté", "a sauce of stock and roux"),
        ("Mother sauces are the five base sauces", "Mother sauces", "the five base sauces"),
        ("Emulsion: fat held in water", "Emulsion", "fat held in water"),
        ("**Beurre blanc** — butter in a reduction", "Beurre blanc", "butter in a reduction"),
        ("It is the first sauce to learn.", None, None),
        ("The sauce that every cook in a French kitchen learns first is béchamel.", None, None),
        ("Hollandaise is tricky. It splits easily.", None, None),
        ("What is a roux?", None, None),
        ("The steps are:", None, None),
    ],
)
def test_a_paragraph_is_a_fact_only_when_it_reads_as_one(paragraph, label, value):
    (section,) = read(f"## S\n\n{paragraph}\n")[0].outline.sections
    if label:
        assert [(i.label, i.value, i.line) for i in section.items] == [(label, value, 3)]
        assert section.paragraphs == []
    else:
        assert section.items == [] and len(section.paragraphs) == 1


def test_a_paragraph_of_fact_lines_gives_one_item_per_line_in_note_order():
    text = "## S\n\n- First: a list item\n\nRoux: fat and flour\nStock is a flavoured liquid.\n\n- Last: another item\n"
    (section,) = read(text)[0].outline.sections
    assert [(i.label, i.line) for i in section.items] == [("First", 3), ("Roux", 5), ("Stock", 6), ("Last", 8)]


def test_a_table_of_two_columns_gives_its_cells_as_values():
    text = "## Terms\n\n| Term | Meaning |\n|---|---|\n| Roux | fat and flour |\n| Jus | |\n"
    (section,) = read(text)[0].outline.sections
    assert [(i.text, i.label, i.value, i.line) for i in section.items] == [
        ("Roux: fat and flour", "Roux", "fat and flour", 5),
        ("Jus", None, None, 6),
    ]


def test_html_and_empty_headings_are_kept_on_the_page_with_a_warning():
    text = "## S\n\n<table><tr><td>x</td></tr></table>\n\n<!-- a note to self -->\n\n##\n\n- a\n"
    topic, warnings = read(text)
    assert located(warnings) == [
        (3, "HTML is shown on the page as it is; it gives no card"),
        (7, "heading has no text; what follows stays in the section above"),
    ]
    assert "<table>" in topic.body_with_anchors
    assert [s.path for s in topic.outline.sections] == [["S"]]


def test_an_item_that_gives_no_card_hands_its_children_up():
    (section,) = read("## S\n\n- [Docs](https://x.org)\n  - Kept: yes\n-\n  - Also: kept\n")[0].outline.sections
    assert [(i.label, i.line) for i in section.items] == [("Kept", 4), ("Also", 6)]


def test_front_matter_problems_are_warnings_not_refusals():
    text = "---\ntitle: T\norder: first\nslug: Not A Slug\ntitle: Again\ncolour: red\nsummary:\nnonsense\n---\n\n- a\n"
    topic, warnings = read(text, "05-t.md")
    assert (topic.title, topic.slug, topic.order, topic.summary) == ("T", "not-a-slug", 5, "")
    assert located(warnings) == [
        (3, "order must be a whole number, not 'first'; ignored"),
        (4, "slug 'Not A Slug' may hold only lowercase letters, digits and single hyphens; read as 'not-a-slug'"),
        (5, "front matter key 'title' given twice; the first is used"),
        (6, "unknown front matter key 'colour' ignored (known: title, slug, order, summary, short_title)"),
        (7, "front matter key 'summary' is empty; ignored"),
        (8, "front matter lines read 'key: value'; ignored 'nonsense'"),
    ]


def test_values_too_long_for_the_topic_are_shortened_not_refused():
    long_title = "Sauce " * 40
    topic, warnings = read(f"---\ntitle: {long_title}\n---\n- a\n")
    assert len(topic.title) <= 200 and len(topic.short_title) <= 100 and len(topic.slug) <= 50
    assert located(warnings) == [(2, "title is 239 characters long; shortened to 200")]
    topic, warnings = read(f"# {long_title}\n\n- a\n")
    assert (len(topic.title), topic.title[-6:], [w.line for w in warnings]) == (198, "Sauce…", [1])


def test_a_rule_at_the_top_without_any_key_is_no_front_matter():
    topic, warnings = read("---\nSome intro text\n---\n\n- a\n", "intro.md")
    assert (topic.title, warnings) == ("Intro", [])
    assert topic.outline.sections[0].items[0].text == "a"


def test_a_folded_front_matter_value_reads_as_one_line():
    topic, _ = read("---\ntitle: T\nsummary: >\n  Sauces and\n  their bases.\n---\n- a\n")
    assert topic.summary == "Sauces and their bases."


def test_a_long_first_paragraph_is_cut_at_a_word_for_the_summary():
    topic, _ = read("# T\n\n" + "word " * 100 + "\n\n## S\n")
    assert len(topic.summary) <= 300 and topic.summary.endswith("word…")


def test_the_line_map_moves_every_reported_line():
    text = "---\ntitle: T\nfoo: x\n---\n## S\n\n- Label: v\n-\n"
    line_map = [10 * n for n in range(1, 9)]
    topic, warnings = read(text, line_map=line_map)
    (section,) = topic.outline.sections
    assert (section.line, section.items[0].line) == (50, 70)
    assert topic.lines == {"title": 20, "slug": 20, "order": 10, "summary": 10}
    assert [w.line for w in warnings] == [30, 80]
    with pytest.raises(ContentError) as error:
        read_markdown("## S\n\n- a\x00\n", "notes.md", line_map=[7, 8, 9])
    assert str(error.value).startswith("notes.md:9: invisible character U+0000")


# --- refusals ---------------------------------------------------------------------------


def nested(depth: int, width: str = "  ") -> str:
    return "".join(f"{width * level}- level {level}\n" for level in range(depth))


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("", 1, "the notes are empty"),
        (" \n\t\n", 1, "the notes are empty"),
        ("## S\n\n- a\x1b\n", 3, "invisible character U+001B"),
        ("## S\n" + "x" * (MAX_LINE + 1) + "\n", 2, f"line is {MAX_LINE + 1} characters long"),
        ("## S\n" + " " * 49 + "x\n", 2, "line is indented 49 spaces"),
        (nested(MAX_DEPTH + 1), MAX_DEPTH + 1, f"list items nest at most {MAX_DEPTH} levels deep"),
        ("- " * (MAX_DEPTH + 1) + "x\n", 1, f"list items nest at most {MAX_DEPTH} levels deep"),
        ("> " * (MAX_DEPTH + 1) + "x\n", 1, f"quotes nest at most {MAX_DEPTH} levels deep"),
        # The first problem in the file is the one reported.
        (nested(300, "    "), MAX_DEPTH + 1, f"list items nest at most {MAX_DEPTH} levels deep"),
        ("x" * (MAX_LINE + 1) + "\n" + nested(300), 1, f"line is {MAX_LINE + 1} characters long"),
    ],
)
def test_only_unreadable_notes_are_refused_with_their_line(text, line, message):
    with pytest.raises(ContentError) as error:
        read_markdown(text, "notes.md")
    assert (error.value.line, error.value.message[: len(message)]) == (line, message)


def test_twelve_levels_of_nesting_read():
    topic, _ = read(nested(MAX_DEPTH))
    item = topic.outline.sections[0].items[0]
    for _ in range(MAX_DEPTH - 1):
        (item,) = item.children
    assert item.text == f"level {MAX_DEPTH - 1}"


# --- stable card ids ----------------------------------------------------------------------

# Made-up words: every item's text is unique and no item's text holds another's,
# so the cards depend on the notes' facts, not on chance collisions.
SYLLABLES = ["ba", "ke", "lo", "mi", "nu", "pa", "ro", "si", "tu", "ve", "za", "do"]
VOCABULARY = [a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES]
KINDS = ["label", "plain", "number", "definition", "update"]


def item_trees(depth: int = 1) -> st.SearchStrategy:
    children = st.lists(item_trees(depth + 1), max_size=3) if depth < 3 else st.just([])
    return st.tuples(st.sampled_from(KINDS), children)


DOCUMENTS = st.lists(st.lists(item_trees(), min_size=1, max_size=6), min_size=1, max_size=3)


def with_words(document) -> list[tuple[str, list]]:
    """Sections (heading, items); each item (text, children), its words drawn in turn."""
    words = iter(VOCABULARY)

    def text(kind: str) -> str:
        w = [next(words) for _ in range(4)]
        return {
            "label": f"{w[0].capitalize()}: {w[1]} {w[2]}",
            "plain": f"{w[0].capitalize()} {w[1]} {w[2]} {w[3]} {w[0]}{w[1]}",
            "number": f"{w[0].capitalize()} {w[1]} takes {len(w[2]) * 7} ms",
            "definition": f"{w[0].upper()} = {w[1]} {w[2]}",
            "update": f"**Update:** {w[0]} {w[1]} {w[2]}",
        }[kind]

    def items(trees):
        return [(text(kind), items(children)) for kind, children in trees]

    return [(f"Heading {next(words)}", items(section)) for section in document]


def markdown(sections, indent: str, marker: str, shuffle: random.Random | None = None) -> str:
    lines = ["# Prop notes", ""]

    def write(items, depth: int) -> None:
        items = list(items)
        if shuffle:
            shuffle.shuffle(items)
        for text, children in items:
            lines.append(f"{indent * depth}{marker} {text}")
            write(children, depth + 1)

    for heading, items in sections:
        lines += [f"## {heading}", ""]
        write(items, 0)
        lines.append("")
    return "\n".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS, st.randoms(use_true_random=False))
def test_reindenting_changing_markers_and_moving_items_keep_the_card_keys(document, shuffle):
    sections = with_words(document)
    base = card_keys(read(markdown(sections, "    ", "-"), "prop.md")[0])
    assert base
    assert set(card_keys(read(markdown(sections, "  ", "-"), "prop.md")[0])) == set(base)
    assert set(card_keys(read(markdown(sections, "    ", "*"), "prop.md")[0])) == set(base)
    moved = markdown(sections, "  ", "*", shuffle)
    assert set(card_keys(read(moved, "prop.md")[0])) == set(base)


# --- any input ------------------------------------------------------------------------------

PIECES = [
    "",
    "- ",
    "  - ",
    "    - ",
    "* ",
    "+ ",
    "1. ",
    "2) ",
    "\t- ",
    "> ",
    "> > ",
    "# ",
    "## ",
    "###### ",
    "===",
    "---",
    "```",
    "~~~",
    "    ",
    "| a | b |",
    "|---|---|",
    "| ",
    " |",
    "<div>",
    "<!-- ",
    "**",
    "**Update:** ",
    "**T** — ",
    "Label: value",
    "X is Y",
    "A = B",
    "[a](b)",
    "![i](x)",
    "<http://x.org>",
    "\\",
    "&amp;",
    "`",
    "title: x",
    "order: 1",
    "slug: Not A Slug",
    "é",
    "\r",
    "\r\n",
    " " * 44 + "- ",
    " " * 49,
    "x" * (MAX_LINE // 2),
    "- " * 7,
    "> " * 7,
    "## " + "Long heading " * 20,
]
FORBIDDEN = ["\x00", "\x1b", "\x85", "\u2028"]
# Mostly text a database takes, so most notes get past the characters check to the rest.
PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))


def notes(pieces: list[str]) -> st.SearchStrategy[str]:
    line = st.builds(
        lambda parts, text: "".join(parts) + text,
        st.lists(st.sampled_from(pieces), max_size=4),
        st.text(PRINTABLE, max_size=10),
    )
    return st.lists(line, max_size=30).map("\n".join)


LINES = st.one_of(notes(PIECES), notes(PIECES + FORBIDDEN))


def check(text: str) -> None:
    """Reads, or refuses with FILE:LINE; what it reads renders, round-trips and makes cards."""
    try:
        topic, warnings = read(text, "fuzz.md")
    except ContentError as error:
        assert ERROR.match(str(error)), str(error)
        assert 1 <= error.line <= max(1, len(text.splitlines()))
        return
    assert all(1 <= warning.line <= len(text.splitlines()) for warning in warnings)
    assert Outline.from_dict(topic.outline.to_dict()) == topic.outline
    render_notes(topic.body_with_anchors)
    generate_cards(topic.slug, topic.short_title, topic.outline)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text_reads_or_is_refused_with_its_line(text):
    check(text)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LINES)
def test_any_markdown_like_text_reads_or_is_refused_with_its_line(text):
    check(text)
    check("---\ntitle: T\n---\n" + text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LINES)
def test_every_line_reported_goes_through_the_line_map(text):
    count = len(text.splitlines()) or 1
    line_map = [1000 + n for n in range(count)]
    try:
        topic, warnings = read(text, "fuzz.md", line_map=line_map)
    except ContentError as error:
        assert error.line in line_map
        return
    reported = [w.line for w in warnings] + list(topic.lines.values())
    reported += [s.line for s in topic.outline.sections] + [i.line for _, i in topic.outline.fact_lines()]
    assert set(reported) <= set(line_map)
