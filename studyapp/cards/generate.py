"""Turn a topic's outline into flash-card drafts.

Pure and deterministic (no Django, no database), so the importer can diff the
drafts against stored cards by `key`. Keys are built only from the topic slug,
the heading path, the fact's label (or a list item's first few words) and the
card kind, never from line numbers: moving a line, or rewording a `Label: value`
fact's value, keeps its cards and their review history.

A section of plain items gets one card for the whole section ("list" when the
items are short names, "describe" when they describe the heading); `Label:
value` facts get "fact" questions, `A = B` lines "definition" cards both ways,
`**Update:**` callouts "update" cards; items holding a number get a "cloze" with
the figure blanked, and items of long lists a "cloze" blanking the item itself.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from studyapp.content.outline import Item, Outline, Section, slugify

BLANK = "[...]"
UPDATE_PREFIX = "Current figure (updated since the notes): "
MAX_FRONT = 199
MAX_KEY = 200
LONG_LIST = 4  # lists this long also get one cloze card per item
KEY_WORDS = 4  # a plain item's key uses its first few words

NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()
# A figure with its unit: "$0.20", "400,000 GB-seconds", "3 AZs", "1 hour".
NUMBER_RE = re.compile(
    r"(?<![\w.$])\$?\d[\d,]*(?:\.\d+)?"
    r"(?:\s?(?:GB-seconds?|KB|MB|GB|TB|ms|seconds?|minutes?|hours?|days?|AZs|%))?(?!\w)"
)
DEFINITION_RE = re.compile(r"^(?P<lhs>[^=]{1,40}?)\s+=\s+(?P<rhs>\S.*)$")
ABBREVIATION_RE = re.compile(r"^[A-Z][A-Z0-9&]{1,7}$")
SIZE_RE = re.compile(r"^\d[\d,.]*\s*(?:KB|MB|GB|TB)\b")
COUNT_RE = re.compile(r"^\d[\d,]*$")
WHEN_RE = re.compile(r"^(?:before|after|during|when|once|every)\b", re.IGNORECASE)
PREPOSITION_RE = re.compile(r"\s(?:of|per|in|for|with|from)\s")

# How facts about a topic name their subject ("... of a Lambda function").
TOPIC_NOUNS = {"lambda": "a Lambda function"}
# Whole-section questions where no general rule reads well, keyed by
# (topic slug, heading path joined by "/").
SECTION_QUESTIONS = {
    ("lambda", "Cost"): "Is AWS Lambda expensive to run?",
    ("lambda", "Cost/Pay per duration"): "How does Lambda's pay-per-duration pricing work?",
    ("api-gateway", "Overview"): "What does Amazon API Gateway do?",
    ("dynamodb", "Capacity planning"): "Which capacity modes can you choose between in DynamoDB?",
}
# Noun phrases for lists whose heading is too terse to name them.
LIST_SUBJECTS = {("serverless-offerings", "Services"): "serverless offerings in AWS"}
# Plural titles that name properties of the topic, not things in it.
ATTRIBUTE_NOUNS = ("features", "options", "uses", "limits", "benefits")


@dataclass(frozen=True)
class CardDraft:
    """One card to store; `fact_key` is shared by the cards of one fact."""

    key: str
    fact_key: str
    kind: str
    front: str
    back: str
    section: tuple[str, ...]
    anchor: str
    source_lines: tuple[int, ...]
    position: int


@dataclass
class _Topic:
    slug: str
    short: str  # the topic's short title: "Lambda"
    noun: str  # what its facts are about: "a Lambda function"


def generate_cards(slug: str, short_title: str, outline: Outline) -> list[CardDraft]:
    """Every card of one topic, in note order."""
    topic = _Topic(slug, short_title, TOPIC_NOUNS.get(slug, short_title))
    drafts = [d for section in outline.sections for d in _section_cards(topic, section)]
    # A card whose answer is printed on its front teaches nothing.
    drafts = [d for d in drafts if d["kind"] == "cloze" or not _contains(d["front"], d["back"])]
    _distinguish_fronts(drafts)
    _unique_keys(drafts)
    return [CardDraft(position=index, **draft) for index, draft in enumerate(drafts)]


# --- sections -----------------------------------------------------------------


def _section_cards(topic: _Topic, section: Section) -> list[dict]:
    context = (topic.short, *section.path)
    base = "/".join([topic.slug, *(_part(p) for p in section.path)])
    cards: list[dict] = []

    def card(fact_key: str, kind: str, front: str, back: str, lines: list[int], key: str | None = None) -> None:
        cards.append(dict(key=key or f"{fact_key}/{kind}", fact_key=fact_key, kind=kind, front=front,
                          back=back, section=context, anchor=section.anchor,
                          source_lines=tuple(sorted(set(lines)))))

    summary = _summary_card(topic, section)
    if summary:
        card(base, *summary[:3], _all_lines(section.items))
    lead = summary[3] if summary else " › ".join(context)  # what the list's cloze fronts start with
    types = _is_type_list(section)
    names = [i.label if types else i.text for i in section.items]
    long_list = len(section.items) >= LONG_LIST

    def walk(items: list[Item], parent: Item | None, parent_key: str, parent_question: str | None) -> None:
        for index, (item, key) in enumerate(zip(items, _item_keys(items))):
            fact_key = f"{parent_key}/{key}"
            if item.is_update:  # the update belongs to the fact above it
                card(parent_key, "update", _update_front(section, parent, parent_question), _answer(item.text, item),
                     [item.line, *_all_lines(item.children)] + ([parent.line] if parent else []),
                     key=f"{parent_key}/{key}")
                continue
            question = _fact_cards(topic, section, item, fact_key, card)
            cloze, cloze_fact = _cloze(context, item, parent), fact_key
            if not cloze and parent is None and long_list and (types or _shape(item) == "plain"):
                # A list's gaps test the list itself: they share its fact_key, so the
                # list card and its gaps are never shown on the same day.
                cloze, cloze_fact = _list_cloze(lead, names, index), base
            if cloze:
                updates = [c.line for c in item.children if c.is_update]
                card(cloze_fact, "cloze", cloze[0], _with_updates(cloze[1], item), [item.line, *updates],
                     key=f"{fact_key}/cloze")
            walk(item.children, item, fact_key, question)

    walk(section.items, None, base, None)
    return cards


def _summary_card(topic: _Topic, section: Section) -> tuple[str, str, str, str] | None:
    """The card for a whole section: kind, front, back and the cloze lead.
    None when its facts are all `Label: value` attributes (Limits), which are
    better asked one by one."""
    items = section.items
    if not (_is_type_list(section) or any(_shape(i) == "plain" for i in items)):
        return None
    override = SECTION_QUESTIONS.get((topic.slug, "/".join(section.path)))
    if _is_type_list(section) or _is_name_list(section) or _is_overview(section):
        question, lead = _list_phrases(topic, section)
        return "list", override or question, _bullets(items), lead
    back = items[0].text if len(items) == 1 and not items[0].children else _bullets(items)  # a lone line: plain
    question = override or _describe_question(topic, section)
    return "describe", question, back, " › ".join((topic.short, *section.path))


def _fact_cards(topic: _Topic, section: Section, item: Item, fact_key: str, card) -> str | None:
    """Question cards for one fact; returns the question its update card reuses."""
    lines = _all_lines([item])
    shape = _shape(item)
    if shape == "label":
        question = _label_question(topic, section, item)
        card(fact_key, "fact", question, _with_updates(_answer(item.value, item), item), lines)
        return question
    if shape == "definition":
        lhs, rhs = _definition(item)
        forward, reverse = _definition_questions(item)
        card(fact_key, "definition", forward, _with_updates(_answer(rhs, item), item), lines)
        if reverse:
            card(fact_key, "definition-reverse", reverse, lhs, lines)
        return forward
    return None


def _update_front(section: Section, parent: Item | None, question: str | None) -> str:
    if question:
        return _fit(UPDATE_PREFIX + question)
    if parent is None:
        return _fit(f"{UPDATE_PREFIX}What is new about {section.title}?")
    return _fit(f'{UPDATE_PREFIX}What replaces "{parent.text}"?')


# --- phrasing: whole sections ---------------------------------------------------


def _list_phrases(topic: _Topic, section: Section) -> tuple[str, str]:
    """The list card's question and the noun phrase that leads its cloze cards."""
    n = _count(len(section.items))
    title, path = _strip_count(section.title), "/".join(section.path)
    if _is_overview(section):
        subject = f"key characteristics of {topic.short}"
        return f"What are the {n}{subject}?", _upper_first(subject)
    if m := re.fullmatch(r"(.+) support", title, re.IGNORECASE):
        noun = _lower_first(m.group(1), topic) + "s"
        return f"Which {noun} does {topic.short} support?", _upper_first(f"{noun} {topic.short} supports")
    subject = LIST_SUBJECTS.get((topic.slug, path))
    if subject is None and title.lower().endswith("types"):
        subject = f"{_owner(topic, section)} {_lower_first(title, topic)}"  # "Lambda@Edge trigger types"
    elif subject is None and len(section.path) > 1:
        subject = f"{_lower_first(title, topic)} of {section.path[-2]}"  # "uses of Lambda@Edge"
    elif subject is None:
        mentions = topic.short.lower() in title.lower()  # "Lambda integrations"
        subject = title if mentions else f"{_lower_first(title, topic)} of {topic.short}"
    return f"Name the {n}{subject}.", _upper_first(subject)


def _describe_question(topic: _Topic, section: Section) -> str:
    title, S = section.title, topic.short
    parent = section.path[-2] if len(section.path) > 1 else None
    if m := re.fullmatch(r"Scenario:\s*(.+)", title, re.IGNORECASE):
        return f"How does {S} handle {_lower_first(m.group(1), topic)}?"
    if any("→" in i.text for i in section.items):  # a flow: "A → B → C"
        if _is_plural(title):
            return f"How do {_lower_first(title, topic)} work in {S}?"
        return f"How do you build {_with_article(_lower_first(title, topic))} with {S}?"
    if title.lower() == "security":
        return f"How is {S} secured?"
    if parent and parent.lower() == "security":
        plural = _is_plural(title)
        subject = title if plural else _with_article(title)
        return f"How {'do' if plural else 'does'} {subject} secure {S}?"
    if parent and parent.lower().endswith("types"):
        return f"What is the {title} {parent[:-1].lower()} in {S}?"
    within = f"{S} {_lower_first(parent, topic)}" if parent else S
    if title.lower().endswith("ing"):
        return f"How does {_lower_first(title, topic)} work {'for' if parent else 'in'} {within}?"
    mentions = S.lower() in title.lower()
    if _is_plural(title):
        name = _lower_first(title, topic)
        if title.lower().endswith(ATTRIBUTE_NOUNS):
            return f"What are the {name} of {within}?"
        return f"What are {name}?" if mentions else f"What are {name} in {within}?"
    if _is_name(title, topic):
        return f"What is {title}?" if mentions or not parent else f"What is {title} in {within}?"
    return f"What is {S}'s {_lower_first(title, topic)}?"


# --- phrasing: single facts -------------------------------------------------------


def _label_question(topic: _Topic, section: Section, item: Item) -> str:
    label, value = item.label, item.value
    name = _lower_first(label, topic)
    if _is_type_list(section):
        kind = _strip_count(section.title)[: -len("types")].strip().lower() or "type"
        owner = _owner(topic, section)
        if WHEN_RE.match(value):
            return f"When does {_with_article(f'{owner} {label} {kind}')} run?"
        return f"What is the {label} {kind} type in {owner}?"
    if topic.short.lower() in label.lower():
        return f"What is the {name}?"
    if " of " in label.lower():
        return f"What is the {name} for {topic.noun}?"
    if _is_plural(label) and SIZE_RE.match(value):
        return f"How much space can {topic.noun}'s {name} use?"
    if COUNT_RE.match(value) and (_is_plural(label) or _is_plural(label.split()[0])):
        return f"How many {name} does {topic.short} allow?"
    return f"What is the {name} of {topic.noun}?"


def _definition_questions(item: Item) -> tuple[str, str | None]:
    lhs, rhs = _definition(item)
    if ABBREVIATION_RE.match(lhs) and len(rhs.split()) <= 6:
        return f"What does {lhs} stand for?", f"What is the abbreviation for {rhs}?"
    if re.match(r"\d", lhs) and (m := re.match(r"\d[\d,.]*\s+(.+)", rhs)):
        # "1 RCU = 2 eventually consistent reads of 4 KB per second": asking
        # "how many <reads ...>" keeps two facts about 1 RCU apart.
        return f"How many {_pluralize_head(m.group(1))} does {lhs} give?", f"How much capacity do you need for {rhs}?"
    reverse = f'Which term means "{rhs}"?' if len(rhs.split()) <= 6 else None
    return f"What is {lhs}?", reverse


def _cloze(context: tuple[str, ...], item: Item, parent: Item | None) -> tuple[str, str] | None:
    """Blank the figure of a fact that holds a number."""
    lead = " › ".join(context) + " — " + (f"{parent.text}: " if parent else "")
    shape = _shape(item)
    if shape == "label" and NUMBER_RE.search(item.value):
        return _fit(f"{lead}{item.label}: {BLANK}"), _answer(item.value, item)
    if shape == "plain" and (m := NUMBER_RE.search(item.text)):
        front = item.text[: m.start()] + BLANK + item.text[m.end():]
        return _fit(lead + front), m.group(0)
    return None


def _list_cloze(lead: str, names: list[str], index: int) -> tuple[str, str] | None:
    """Show the list around one item with that item blanked."""
    # Sentences (or items with their own commas) need a stronger separator.
    long_items = sum(len(n.split()) for n in names) / len(names) > 4
    sep = "; " if long_items or any("," in n for n in names) else ", "
    shown = [BLANK if i == index else n for i, n in enumerate(names)]
    lo = hi = index

    def render(a: int, b: int) -> str:
        body = sep.join(shown[a : b + 1])
        return f"{lead}: {'… ' if a > 0 else ''}{body}{' …' if b < len(names) - 1 else ''}"

    grew = True
    while grew:  # widen the window one neighbour each side at a time while it fits
        grew = False
        for side in (-1, 1):
            a, b = (lo - 1, hi) if side < 0 else (lo, hi + 1)
            if 0 <= a and b < len(names) and len(render(a, b)) <= MAX_FRONT:
                lo, hi, grew = a, b, True
    front, answer = render(lo, hi), names[index]
    if len(front) > MAX_FRONT or _contains(front, answer):
        return None  # the list gives the answer away (or cannot fit); the section card covers it
    return front, answer


# --- items ------------------------------------------------------------------------


def _shape(item: Item) -> str:
    if item.is_update:
        return "update"
    if item.label and len(item.label.split()) <= 8:
        return "label"
    if DEFINITION_RE.match(item.text):
        return "definition"
    return "plain"


def _definition(item: Item) -> tuple[str, str]:
    m = DEFINITION_RE.match(item.text)
    return m.group("lhs").strip(), m.group("rhs").strip()


def _item_keys(items: list[Item]) -> list[str]:
    """Key parts for sibling items: the label, the defined term or the first few
    words, lengthened with more words only where two siblings would collide."""
    def words(item: Item) -> list[str]:
        shape = _shape(item)
        if shape == "label":
            return [item.label, *item.value.split()]
        if shape == "definition":
            lhs, rhs = _definition(item)
            return [lhs, *rhs.split()]
        return (["update"] if item.is_update else []) + item.text.split()

    minimum = [KEY_WORDS if _shape(i) == "plain" else 1 for i in items]
    keys = [_part(" ".join(words(i)[:n])) for i, n in zip(items, minimum)]
    for extra in (3, 6, 12, 100):
        clashes = {k for k in keys if keys.count(k) > 1}
        if not clashes:
            break
        keys = [_part(" ".join(words(i)[: n + extra])) if k in clashes else k
                for i, n, k in zip(items, minimum, keys)]
    return keys


def _owner(topic: _Topic, section: Section) -> str:
    """Whose kinds a "... types" list names: a named parent ("Lambda@Edge"), else the topic."""
    parent = section.path[-2] if len(section.path) > 1 else None
    return parent if parent and _is_name(parent, topic) else topic.short


def _is_overview(section: Section) -> bool:
    return section.title == "Overview" or not section.path  # no path: items above the first heading


def _is_type_list(section: Section) -> bool:
    """ "Four trigger types" with `Name: description` items names a set of kinds."""
    return (_strip_count(section.title).lower().endswith("types")
            and bool(section.items) and all(_shape(i) == "label" for i in section.items))


def _is_name_list(section: Section) -> bool:
    """Short items (names, features) make a list; longer ones describe the heading."""
    items = section.items
    lengths = [len(re.findall(r"\w+", i.text)) for i in items]
    return len(items) >= 3 and sum(lengths) / len(lengths) <= 4 and max(lengths) <= 7


def _bullets(items: list[Item], depth: int = 0) -> str:
    lines = []
    for item in items:
        text = f"Update: {item.text}" if item.is_update else item.text
        lines.append(" " * 4 * depth + f"- {text}")
        if item.children:
            lines.append(_bullets(item.children, depth + 1))
    return "\n".join(lines)


def _all_lines(items: list[Item]) -> list[int]:
    return [n for i in items for n in (i.line, *_all_lines(i.children))]


def _with_updates(back: str, item: Item) -> str:
    # The notes' figure stays the answer, but a learner should see it has moved.
    notes = [f"Update: {c.text}" for c in item.children if c.is_update]
    return "\n\n".join([back, *notes])


def _answer(value: str, item: Item) -> str:
    """The value, plus any plain sub-items as bullets."""
    value = _upper_first(value) if re.match(r"[a-z]+\b", value) else value
    details = [c for c in item.children if not c.is_update]
    return value + ("\n" + _bullets(details) if details else "")


# --- words ------------------------------------------------------------------------


def _count(n: int) -> str:
    """ "six " for "the six key characteristics"; nothing for a lone item."""
    return "" if n < 2 else (NUMBER_WORDS[n] if n < len(NUMBER_WORDS) else str(n)) + " "


def _strip_count(title: str) -> str:
    return re.sub(rf"^(?:{'|'.join(NUMBER_WORDS)}|\d+)\s+", "", title, flags=re.IGNORECASE)


def _is_plural(phrase: str) -> bool:
    word = (re.sub(r"\s*\(.*\)$", "", phrase).split() or [""])[-1]
    return len(word) > 2 and word.endswith("s") and not word.lower().endswith(("ss", "us", "is"))


def _is_name(title: str, topic: _Topic) -> bool:
    """A proper name ("DAX", "Cognito Sync") rather than a common noun ("Cost per call")."""
    words = title.split()
    return (words[0].isupper() and len(words[0]) > 1) or any(w[:1].isupper() for w in words[1:]) \
        or topic.short.lower() in title.lower()


def _lower_first(phrase: str, topic: _Topic) -> str:
    """Lowercase a leading common word, keeping names: "Global tables" → "global tables",
    but "IAM permissions", "Lambda integrations" and "DynamoDB Streams" stay."""
    first = phrase.split()[0]
    if first[1:] != first[1:].lower() or first.lower() in topic.short.lower().split() or first.isupper():
        return phrase
    return phrase[:1].lower() + phrase[1:]


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _with_article(phrase: str) -> str:
    first = phrase.split()[0]
    if first.isupper() and len(first) > 1:  # spoken letter by letter: "an RCU", "a DAX"
        vowel = first[0] in "AEFHILMNORSX"
    else:
        vowel = first[0].lower() in "aeio"
    return f"{'an' if vowel else 'a'} {phrase}"


def _pluralize_head(phrase: str) -> str:
    """ "strongly consistent read of 4 KB" → "strongly consistent reads of 4 KB"."""
    m = PREPOSITION_RE.search(phrase)
    head, tail = (phrase[: m.start()], phrase[m.start():]) if m else (phrase, "")
    return head + ("" if head.endswith("s") else "s") + tail


def _contains(front: str, answer: str) -> bool:
    """Whether the answer appears word for word (whole words, any case) in the front."""
    return bool(re.search(rf"(?<!\w){re.escape(answer.strip())}(?!\w)", front, re.IGNORECASE))


def _fit(front: str) -> str:
    return front if len(front) <= MAX_FRONT else front[: MAX_FRONT - 1].rstrip() + "…"


def _part(text: str) -> str:
    """One key segment: a slug of at most 60 characters, cut at a hyphen."""
    slug = slugify(text)
    return slug if len(slug) <= 60 else slug[:60].rsplit("-", 1)[0]


# --- whole-topic clean-up -----------------------------------------------------------


def _distinguish_fronts(drafts: list[dict]) -> None:
    """Cards that would read the same get their section (or a number) added."""
    groups: dict[str, list[dict]] = {}
    for draft in drafts:
        groups.setdefault(draft["front"].casefold(), []).append(draft)
    for group in (g for g in groups.values() if len(g) > 1):
        by_section = len({d["section"] for d in group}) == len(group)
        for n, draft in enumerate(group, 1):
            extra = " › ".join(draft["section"]) if by_section else f"#{n}"
            draft["front"] = _fit(f"{draft['front']} ({extra})")


def _unique_keys(drafts: list[dict]) -> None:
    seen: set[str] = set()
    for draft in drafts:
        for field in ("fact_key", "key"):  # over-long keys end in a hash of the same stable parts
            if len(draft[field]) > MAX_KEY:
                draft[field] = draft[field][: MAX_KEY - 9] + "-" + hashlib.sha1(draft[field].encode()).hexdigest()[:8]
        key, n = draft["key"], 2
        while key in seen:  # only when the notes repeat a line word for word
            # Room for "-999" as ever (keys are identities); more only past that.
            key, n = f"{draft['key'][: min(MAX_KEY - 4, MAX_KEY - 1 - len(str(n)))]}-{n}", n + 1
        seen.add(key)
        draft["key"] = key
