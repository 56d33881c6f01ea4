"""Plain outlines and term lists read into topics (indented_notes.read_outline).

The corpus under notes/outline/ was written for these tests: an outline
indented with tabs (history), one with two-space nesting (cooking), one with
several subjects, an opening list and stray lines (coffee), and three term lists
(tab, " - " and comma separated)."""

import html
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyapp.cards.generate import generate_cards
from studyapp.content.house_format import MAX_DEPTH, MAX_LINE, ContentError
from studyapp.content.indented_notes import read_outline
from studyapp.content.markdown_notes import title_from_filename
from studyapp.content.notes import looks_like_markdown, read_notes
from studyapp.lib.markdown_render import render_notes

CORPUS = Path(__file__).parent / "notes" / "outline"
OUTLINES = ["roman-republic.txt", "sourdough.txt", "coffee-notes.txt"]
TERM_LISTS = {"spanish-verbs.txt": "\t", "kitchen-terms.txt": " - ", "capitals.txt": ", "}


def read(name: str):
    return read_outline((CORPUS / name).read_text(encoding="utf-8"), name)


def sections(topic) -> list[tuple[str, ...]]:
    return [tuple(section.path) for section in topic.outline.sections]


def facts(topic) -> list[tuple[int, str]]:
    """(line, text) of every item, depth first."""
    return [(item.line, item.text) for _, item in topic.outline.fact_lines()]


def labelled(topic) -> dict[str, str]:
    return {item.label: item.value for _, item in topic.outline.fact_lines() if item.label}


def cards(topic):
    return generate_cards(topic.slug, topic.short_title, topic.outline)


def as_written(line: str) -> str:
    """A line as the readers give it back: trimmed, runs of spaces as one."""
    return " ".join(line.split())


def page_text(topic) -> str:
    """What the topic page shows of its body, as plain text."""
    shown = render_notes(topic.body_with_anchors)
    return as_written(html.unescape(re.sub(r"<[^>]+>", " ", shown)))


def warnings(reading) -> list[str]:
    return [str(warning) for warning in reading.warnings]


# --- the corpus, file by file ------------------------------------------------------


def test_every_corpus_file_is_plain_notes_that_read_notes_sends_here():
    for path in CORPUS.glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        assert not looks_like_markdown(text), path.name
        via_read_notes, direct = read_notes(text, path.name), read_outline(text, path.name)
        assert all(topic.source_format == "outline" for topic in via_read_notes.topics)
        for topic in direct.topics:
            topic.source_format = "outline"  # what read_notes records beside the reading
        assert via_read_notes == direct


def test_it_reads_a_tab_indented_history_note_as_one_topic_named_after_the_file():
    reading = read("roman-republic.txt")
    (topic,) = reading.topics
    assert (topic.title, topic.slug, topic.order) == ("Roman republic", "roman-republic", None)  # no number
    assert topic.summary == "Offices, Key dates, Punic Wars"
    assert sections(topic) == [
        ("The Roman Republic",),
        ("The Roman Republic", "Offices"),
        ("The Roman Republic", "Key dates"),
        ("The Roman Republic", "Punic Wars"),
    ]
    # The subject's own fact comes before its sub-headings, from line 19.
    assert facts(topic)[0] == (19, "Motto: SPQR -> Senatus Populusque Romanus")
    assert labelled(topic)["Consul"] == "two elected each year, each able to veto the other"
    assert labelled(topic)["27 BC"] == "Augustus becomes princeps"
    # Below ### a line with lines under it is a fact with details, not a heading.
    punic = topic.outline.sections[3]
    second = punic.items[2]
    assert (second.label, second.value, second.line) == ("Second Punic War", "218 to 201 BC", 15)
    assert [(c.line, c.text) for c in second.children] == [
        (16, "Hannibal crosses the Alps with elephants"),
        (17, "Cannae: Rome's worst defeat, 216 BC"),
    ]
    assert reading.warnings == []
    # Motto 1; Offices: 3 asked both ways (which and fact) + the tribune's definition 7; Key dates 3;
    # Punic Wars: 3 wars, the 2 lines under the Second, the opening line 6.
    assert len(cards(topic)) == 17


def test_it_reads_a_two_space_cooking_note():
    reading = read("sourdough.txt")
    (topic,) = reading.topics
    assert (topic.title, topic.slug) == ("Sourdough", "sourdough")
    assert [s.title for s in topic.outline.sections] == ["Sourdough loaf", "Starter", "Dough", "Method", "Baking"]
    assert [s.level for s in topic.outline.sections] == [2, 3, 3, 3, 3]
    assert labelled(topic)["Water"] == "350 g (70% hydration)"
    method = topic.outline.sections[3]
    assert [(i.line, i.text, [c.text for c in i.children]) for i in method.items] == [
        (13, "Autolyse: mix flour and water, rest 1 hour", []),
        (14, "Stretch and fold", ["every 30 minutes", "four sets"]),
        (17, "Bulk ferment until 50% bigger", []),
        (18, "Shape, then proof overnight in the fridge", []),
    ]
    # Markdown characters in the notes are text: "#1", "[30-45]" and "*crust*" read back as written.
    baking = [text for line, text in facts(topic) if line >= 20]
    assert baking == [
        "#1 rule: a very hot oven",
        "250 °C for 20 minutes with the lid on",
        "230 °C for 25 minutes with the lid off",
        "Score with a razor at [30-45] degrees",
        "Keep the *crust* dark, not pale",
    ]
    assert reading.warnings == []
    # Starter 3: a figure, the flow's last step, the line left. Dough 5: 3 facts, a definition both ways.
    # Method 5: Autolyse, Stretch and fold's 2 lines (not itself), a figure, the line left.
    # Baking 5: #1 rule, 3 figures, the line left.
    assert len(cards(topic)) == 18


def test_it_splits_a_note_of_several_subjects_into_topics_after_an_overview():
    reading = read("coffee-notes.txt")
    assert [(t.title, t.slug, t.order) for t in reading.topics] == [
        ("Brewing methods", "brewing-methods", None),  # no number in the file name: the importer orders them
        ("Espresso", "espresso", None),
        ("Pour-over", "pour-over", None),
        ("Cold brew", "cold-brew", None),
    ]
    overview, espresso, pour_over, cold_brew = reading.topics
    assert overview.summary == "Espresso; Pour-over; French press; Cold brew; AeroPress"
    assert sections(overview) == [("Brewing methods",)]
    assert [text for _, text in facts(overview)] == ["Espresso", "Pour-over", "French press", "Cold brew", "AeroPress"]
    # A subject's own facts sit under "Overview" when it also has sub-headings.
    assert sections(espresso) == [("Overview",), ("Parts",)]
    assert labelled(espresso) == {
        "Pressure": "9 bar",
        "Shot time": "25 to 30 seconds",
        "Ratio": "1:2 coffee to water",
        "Grind": "fine, like flour",
    }
    assert sections(pour_over) == [("Overview",), ("Drippers",)]
    assert facts(pour_over)[0] == (24, "Bloom -> slow spiral pour -> drawdown")
    # No sub-headings: the facts sit at the top; the top-level line after the subtree joins it.
    assert sections(cold_brew) == [()]
    assert facts(cold_brew)[-1] == (37, "Decaf beans are decaffeinated before roasting")
    assert warnings(reading) == [
        "coffee-notes.txt:14: indented 3 columns, between the levels of this file (4 spaces a level); read at level 2",
        "coffee-notes.txt:39: skipped '=====': a line of punctuation only holds no fact",
        "coffee-notes.txt:40: skipped 'x': a single character on its own line fits nowhere",
    ]
    # The five methods: one list card. Espresso: 4 facts, Crema, the list of 4 parts.
    # Pour-over: 2 facts, the flow's last step, 3 drippers asked both ways. Cold brew: 2 facts, the other lines.
    assert [len(cards(t)) for t in reading.topics] == [1, 6, 9, 3]


def test_it_reads_a_tab_separated_term_list_with_a_title_row():
    reading = read("spanish-verbs.txt")
    (topic,) = reading.topics
    assert (topic.title, topic.slug, topic.lines["title"]) == ("Spanish verbs", "spanish-verbs", 1)
    assert facts(topic)[:2] == [(2, "hablar = to speak"), (3, "comer = to eat")]
    assert len(facts(topic)) == 7
    assert reading.warnings == []
    drafts = cards(topic)
    assert {d.kind for d in drafts} == {"definition", "definition-reverse"}
    assert ("Spanish verbs: hablar = ?", "To speak") in [(d.front, d.back) for d in drafts]
    assert ("Spanish verbs: ? = to speak", "hablar") in [(d.front, d.back) for d in drafts]
    assert len(drafts) == 14


def test_it_reads_a_dash_separated_term_list_whose_definitions_hold_commas():
    reading = read("kitchen-terms.txt")
    (topic,) = reading.topics
    assert (topic.title, topic.slug) == ("Kitchen terms", "kitchen-terms")
    assert facts(topic)[0] == (1, "Mirepoix = diced onion, carrot and celery")
    # A hyphen inside a word is no separator.
    assert facts(topic)[3] == (4, "Sous-vide = cooking sealed food in a water bath")
    assert reading.warnings == []
    assert len(cards(topic)) == 9


def test_it_reads_a_comma_separated_term_list_at_the_first_comma():
    reading = read("capitals.txt")
    (topic,) = reading.topics
    assert (topic.title, topic.slug) == ("Capitals", "capitals")
    assert facts(topic) == [
        (1, "France = Paris"),
        (2, "Japan = Tokyo"),
        (3, "Australia = Canberra, not Sydney"),
        (4, "Canada = Ottawa"),
        (5, "Brazil = Brasília"),
    ]
    assert reading.warnings == []
    assert len(cards(topic)) == 10


# --- nothing is lost ---------------------------------------------------------------------


@pytest.mark.parametrize("name", OUTLINES)
def test_every_line_of_an_outline_is_a_heading_or_a_fact_and_on_its_page(name):
    reading = read(name)
    skipped = {w.line for w in reading.warnings if "skipped" in w.message}
    lines = (CORPUS / name).read_text(encoding="utf-8").splitlines()
    expected = {n: as_written(line) for n, line in enumerate(lines, 1) if line.strip() and n not in skipped}
    headings: dict[int, str] = {}
    found: dict[int, str] = {}
    for topic in reading.topics:
        if topic.title != title_from_filename(name):  # else the title is no line of the notes
            headings[topic.lines["title"]] = topic.title
        shown = page_text(topic)
        for section in topic.outline.sections:
            if section.path and section.title != "Overview":
                headings[section.line] = section.title
                assert section.title in shown
        for line, text in facts(topic):
            found[line] = text
            assert text in shown
    assert sorted([*found, *headings]) == sorted(expected)
    for number, text in expected.items():
        # Headings lose the colon that announced them; facts keep every character.
        assert found.get(number, headings.get(number)) == (text if number in found else text.removesuffix(":").rstrip())


@pytest.mark.parametrize(("name", "separator"), TERM_LISTS.items())
def test_every_row_of_a_term_list_is_a_definition_on_its_page(name, separator):
    reading = read(name)
    (topic,) = reading.topics
    rows = (CORPUS / name).read_text(encoding="utf-8").splitlines()
    by_line = dict(facts(topic))
    for number, row in enumerate(rows, 1):
        if number == topic.lines["title"] and row == topic.title:
            continue
        term, definition = row.split(separator, 1)
        assert by_line[number] == f"{term.strip()} = {definition.strip()}"
        assert by_line[number] in page_text(topic)


# --- structure ----------------------------------------------------------------------------


@pytest.mark.parametrize("unit", ["  ", "    ", "        ", "\t"])
def test_the_indentation_unit_does_not_matter(unit):
    text = f"Lambda\n{unit}Limits:\n{unit}{unit}Timeout: 15 minutes\n{unit}{unit}Memory: 10 GB\n{unit}Runs on demand\n"
    (topic,) = read_outline(text, "notes.txt").topics
    assert sections(topic) == [("Lambda",), ("Lambda", "Limits")]
    assert facts(topic) == [(5, "Runs on demand"), (3, "Timeout: 15 minutes"), (4, "Memory: 10 GB")]


def test_tabs_and_spaces_mixed_consistently_read_as_levels():
    text = "Lambda\n    Limits:\n\t    Timeout: 15 minutes\n\t\tMemory: 10 GB\n"
    (topic,) = read_outline(text, "notes.txt").topics
    assert facts(topic) == [(3, "Timeout: 15 minutes"), (4, "Memory: 10 GB")]


def test_an_indentation_between_levels_is_read_at_the_nearest_with_a_warning():
    text = "Lambda\n    Limits:\n        Timeout: 15 minutes\n     Memory: 10 GB\n"
    reading = read_outline(text, "notes.txt")
    assert [(s.title, [i.text for i in s.items]) for s in reading.topics[0].outline.sections] == [
        ("Lambda", ["Memory: 10 GB"]),
        ("Limits", ["Timeout: 15 minutes"]),
    ]
    assert warnings(reading) == [
        "notes.txt:4: indented 5 columns, between the levels of this file (4 spaces a level); read at level 2"
    ]


def test_blank_lines_do_not_end_a_subtree():
    text = "Lambda\n    Limits:\n\n        Timeout: 15 minutes\n\n\n        Memory: 10 GB\n"
    (topic,) = read_outline(text, "notes.txt").topics
    assert [i.text for i in topic.outline.sections[1].items] == ["Timeout: 15 minutes", "Memory: 10 GB"]


def test_a_colon_line_gathers_the_unindented_lines_after_it_up_to_the_next_heading():
    text = "Ingredients:\nflour\n\neggs\nMethod:\nmix\nbake\n"
    (topic,) = read_outline(text, "pancakes.txt").topics
    assert [(s.title, [i.text for i in s.items]) for s in topic.outline.sections] == [
        ("Ingredients", ["flour", "eggs"]),
        ("Method", ["mix", "bake"]),
    ]


def test_a_numbered_file_of_several_subjects_orders_them_from_its_number():
    reading = read_outline("Tea\n    Green: steamed\nCoffee\n    Espresso: pressed\n", "05-drinks.txt")
    assert [(t.slug, t.order) for t in reading.topics] == [("tea", 5), ("coffee", 6)]


def test_notes_without_any_structure_are_one_topic_of_facts():
    reading = read_outline("Water boils at 100 °C\nIce melts at 0 °C\n", "02-physics_facts.txt")
    (topic,) = reading.topics
    assert (topic.title, topic.slug, topic.order) == ("Physics facts", "physics-facts", 2)
    assert facts(topic) == [(1, "Water boils at 100 °C"), (2, "Ice melts at 0 °C")]


def test_subjects_with_the_same_name_get_distinct_slugs():
    text = "Lambda\n    Runs code\nLambda:\n    Scales\n"
    assert [t.slug for t in read_outline(text, "notes.txt").topics] == ["lambda", "lambda-2"]


def test_a_long_subject_fits_the_topic_fields():
    subject = "A very long subject line " * 12
    (topic, _) = read_outline(f"{subject}\n    fact one\nOther\n    fact two\n", "notes.txt").topics
    assert len(topic.title) <= 200 and len(topic.short_title) <= 100 and len(topic.slug) <= 50
    assert topic.slug.startswith("a-very-long-subject-line")


@pytest.mark.parametrize(
    ("filename", "title"),
    [
        ("my-notes.txt", "My notes"),
        ("03-step_functions.txt", "Step functions"),
        ("notes/AWS notes.txt", "AWS notes"),
        ("01.txt", "Notes"),
    ],
)
def test_a_title_from_the_file_name(filename, title):
    assert title_from_filename(filename) == title


# --- stray lines -------------------------------------------------------------------------


def test_a_lone_character_or_punctuation_is_skipped_but_a_short_fact_is_not():
    text = "Go\n42\nb\n...\nLambda\n    x\n    --\n"
    reading = read_outline(text, "notes.txt")
    (topic,) = reading.topics
    assert [text for _, text in facts(topic)] == ["Go", "42", "x"]
    assert warnings(reading) == [
        "notes.txt:3: skipped 'b': a single character on its own line fits nowhere",
        "notes.txt:4: skipped '...': a line of punctuation only holds no fact",
        "notes.txt:7: skipped '--': a line of punctuation only holds no fact",
    ]


def test_single_letters_in_a_list_are_facts():
    text = "Grades:\nA\nB\nC\n"
    reading = read_outline(text, "grades.txt")
    assert [text for _, text in facts(reading.topics[0])] == ["A", "B", "C"]
    assert reading.warnings == []


def test_notes_of_stray_lines_only_give_no_topic():
    reading = read_outline("b\n---\n", "notes.txt")
    assert reading.topics == []
    assert len(reading.warnings) == 2


# --- term lists ---------------------------------------------------------------------------


def test_a_row_that_does_not_split_is_kept_as_a_plain_fact_with_a_warning():
    rows = "".join(f"term {n}\tdefinition {n}\n" for n in range(5))
    reading = read_outline(rows + "lonely row\n" + rows, "terms.txt")
    assert (11, "term 4 = definition 4") in facts(reading.topics[0])
    assert (6, "lonely row") in facts(reading.topics[0])
    assert warnings(reading) == [
        "terms.txt:6: 'lonely row' has no term and definition (tab, ' - ' or ','); kept as a plain fact"
    ]


def test_anki_export_headers_are_not_rows():
    reading = read_outline("#separator:tab\n#html:false\nuno\tone\ndos\ttwo\n", "anki.txt")
    assert facts(reading.topics[0]) == [(3, "uno = one"), (4, "dos = two")]
    assert reading.warnings == []


@pytest.mark.parametrize(
    "text",
    [
        "Lambda runs code, and it scales\nDynamoDB stores data\n",  # a comma in one sentence of two
        # prose before the comma
        "Lambda runs your code on demand and bills you by the millisecond, cheaply\nSQS, a queue\n",
        "hablar\tto speak\n\tcomer\tto eat\n",  # indented: an outline
        "hablar\tto speak\n",  # one row
    ],
)
def test_prose_and_outlines_are_not_term_lists(text):
    topics = read_outline(text, "notes.txt").topics
    assert not any(" = " in text for topic in topics for _, text in facts(topic))


# --- Markdown characters --------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "#hashtag and C#",
        "*not emphasis* and **not bold**",
        "snake_case and _under_",
        "`ticks`",
        "[a link](http://x.y)",
        "<b>not a tag</b> and <https://x.y>",
        "&amp; stays &amp;",
        "1. not a numbered item",
        "2) nor this",
        "> not a quote",
        "+ not a list",
        "{#not-an-anchor}",
        "a | b | c",
        "ends with a backslash\\",
        "~~~ not a fence",
        "```not code",
        "**Update:** not an update",
        "![not an image](x.png)",
        "a \\# b \\",
        "&copy; &#169;",
    ],
)
def test_markdown_characters_in_a_fact_read_back_as_written_and_show_on_the_page(line):
    text = f"Topic\n    Heading {line}\n        {line}\n"
    reading = read_outline(text, "notes.txt")
    (topic,) = reading.topics
    (item,) = topic.outline.sections[1].items
    assert (item.text, item.is_update) == (line, False)
    assert topic.outline.sections[1].title == f"Heading {line}"
    assert f"Heading {line}" in page_text(topic)
    assert line in page_text(topic)
    assert reading.warnings == []


# --- refusals -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "notes.txt:1: the notes are empty"),
        (" \n\t\n", "notes.txt:1: the notes are empty"),
        ("Lambda\n    ok\n    bad\x00\n", "notes.txt:3: invisible character U+0000 is not allowed; delete it"),
        (
            "Lambda\n" + "x" * (MAX_LINE + 1),
            f"notes.txt:2: line is {MAX_LINE + 1} characters long; the most is {MAX_LINE}",
        ),
        (
            "".join("\t" * n + f"level {n}\n" for n in range(MAX_DEPTH + 1)),
            f"notes.txt:{MAX_DEPTH + 1}: the outline nests deeper than {MAX_DEPTH} levels",
        ),
    ],
)
def test_it_refuses_only_unreadable_notes(text, message):
    with pytest.raises(ContentError) as caught:
        read_outline(text, "notes.txt")
    assert str(caught.value) == message


def test_it_reads_the_deepest_nesting_it_allows():
    text = "".join("\t" * n + f"level {n}\n" for n in range(MAX_DEPTH))
    (topic,) = read_outline(text, "notes.txt").topics
    assert len(facts(topic)) == MAX_DEPTH - 2  # two levels are headings


# --- any text -----------------------------------------------------------------------------

PIECES = st.sampled_from(
    [
        "",
        "    ",
        "  ",
        "\t",
        "\t\t",
        " " * 52,
        "\t" * 14,
        "x:",
        "- ",
        "#",
        "* ",
        "1. ",
        "> ",
        "=",
        "---",
        "b",
        "Label: value",
        "A = B",
        "a, b",
        "\tdef",
        " - ",
        "```",
        "<b>",
        "&amp;",
        "\\",
        "[x](y)",
        "\x00",
        "\r",
        "\u2028",
        "x" * (MAX_LINE // 2),
        "Update:",
        "**Update:** ",
    ]
)
# Mostly text a file may hold, so most notes get past the character check to the reading behind it.
PRINTABLE = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=6)
NOTES = st.lists(st.lists(st.one_of(PIECES, PRINTABLE), max_size=4).map("".join), max_size=30).map("\n".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(NOTES)
def test_any_text_reads_or_is_refused_with_a_line(text):
    try:
        reading = read_outline(text, "fuzz.txt")
    except ContentError as error:
        assert re.match(r"^fuzz\.txt:\d+: \S", str(error))
        return
    lines = max(1, len(text.splitlines()))
    for topic in reading.topics:
        assert topic.slug and len(topic.slug) <= 50 and len(topic.title) <= 200 and len(topic.summary) <= 300
        assert all(1 <= item.line <= lines for _, item in topic.outline.fact_lines())
    assert all(1 <= warning.line <= lines for warning in reading.warnings)


# --- stable card keys -----------------------------------------------------------------------

WORDS = st.sampled_from(["Lambda", "cost", "Memory", "timeout", "Ruby", "bread", "Rome", "oven", "SQS", "ten"])
TEXTS = st.one_of(
    st.lists(WORDS, min_size=1, max_size=4).map(" ".join),
    st.tuples(WORDS, WORDS).map(lambda p: f"{p[0]}: {p[1]} 15 MB"),
    st.tuples(WORDS, WORDS).map(lambda p: f"{p[0]} = {p[1]} thing"),
    st.tuples(WORDS, WORDS).map(lambda p: f"{p[0]} -> {p[1]}"),
)
TREES = st.recursive(
    st.tuples(TEXTS, st.builds(list)),
    lambda children: st.tuples(TEXTS, st.lists(children, min_size=1, max_size=4)),
    max_leaves=30,
)
FILES = st.lists(TREES, min_size=1, max_size=4)
UNITS = st.sampled_from(["  ", "    ", "\t", "        "])


def write(trees, unit: str, depth: int = 0) -> str:
    return "".join(f"{unit * depth}{text}\n" + write(children, unit, depth + 1) for text, children in trees)


def card_keys(text: str) -> set[tuple[str, str]]:
    return {(topic.slug, draft.key) for topic in read_outline(text, "notes.txt").topics for draft in cards(topic)}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(FILES, UNITS, UNITS)
def test_reindenting_keeps_the_outline(trees, unit, other):
    first, second = read_outline(write(trees, unit), "notes.txt"), read_outline(write(trees, other), "notes.txt")
    assert [t.outline.to_dict() for t in first.topics] == [t.outline.to_dict() for t in second.topics]
    assert card_keys(write(trees, unit)) == card_keys(write(trees, other))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(FILES, UNITS, st.data())
def test_moving_a_line_within_its_parent_keeps_the_card_keys(trees, unit, data):
    parents = list(_parents(trees))
    if not parents:
        return
    children = data.draw(st.sampled_from(parents))
    source = data.draw(st.integers(0, len(children) - 1))
    target = data.draw(st.integers(0, len(children) - 1))
    before = card_keys(write(trees, unit))
    children.insert(target, children.pop(source))
    assert card_keys(write(trees, unit)) == before


def _parents(trees):
    """The child lists of every line (the top level excluded: moving a top-level
    line across subjects moves it to another topic)."""
    for _, children in trees:
        if children:
            yield children
            yield from _parents(children)
