"""Turn a topic's outline into flash-card drafts that follow the rules of
formulating knowledge (docs/cards.md has each rule with examples).

Pure and deterministic (no Django, no database), so the importer can diff the
drafts against stored cards by `key`. Keys are built only from the topic slug,
the heading path, the fact's label (or a list item's first few words) and the
card kind, never from line numbers: moving a line, or rewording a `Label: value`
fact's value, keeps its cards and their review history.

What each shape of note becomes:

- `Label: value` — one "fact" card asked from the label's shape ("How many …",
  "What is the maximum …", "When was …", "What happened in …"); in a family of
  named kinds (trigger types, offices) a "which" card asked from the description
  and a "fact" card asked from the name.
- `A = B` — a "definition" card, and its reverse when B is short.
- `**Update:**` / `**Correction:**` under a fact — the fact's card asks for the
  current figure; the superseded one is shown on the back as history.
- A line with a figure — a "cloze" blanking the figure in that one line.
- A cause and effect ("Increasing RAM improves CPU and network") — an "effect"
  card asking what the cause does.
- A short set (at most five short items) — one "list" card naming them; a few
  descriptive lines — one "describe" card; an ordered list or `A → B → C` flow —
  one card for the sequence, or a cloze per step when it is long.
- A `Uses` section — "use" cards ("What would you use for bot mitigation?").
- Sibling sections whose names share a head ("User Pools", "Identity
  Pools") — a "compare" card.
- A larger unordered set without structure gets no card (a set cloze only lets
  the learner recall positions): it is an ItemSet, taught by recognition in
  quiz questions ("Which of these …? Select all that apply").
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from studyapp.content.house_format import Item, Outline, Section, slugify

BLANK = "[...]"
MAX_FRONT = 199  # characters in a question
MAX_BACK = 300  # characters in an answer, history aside
MAX_LINES = 5  # list lines in an answer
MAX_KEY = 200
KEY_WORDS = 4  # a plain item's key uses its first few words
SHORT_ITEM_WORDS = 7  # a set of names: no item longer than this,
NAME_WORDS = 4  # and this many words an item on average
PAIR_WORDS = 3  # "France = Paris": a definition this short is a pair of terms

NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()
# A figure with its unit: "$0.20", "400,000 GB-seconds", "3 AZs", "1 hour", "12–13%".
UNITS = (
    r"degrees|bar|GB-seconds?|KB|MB|GB|TB|ms|milliseconds?|seconds?|minutes?|hours?|days?|weeks?|years?"
    r"|AZs?|%|°C|°F|g|kg"
)
NUMBER = r"\$?\d[\d,]*(?:\.\d+)?"
NUMBER_RE = re.compile(rf"(?<![\w.$:]){NUMBER}(?:(?:\s?[–-]\s?|\sto\s){NUMBER})?(?:\s?(?:{UNITS}))?(?![\w%:])")
DEFINITION_RE = re.compile(r"^(?P<lhs>[^=]{1,40}?)\s+=\s+(?P<rhs>\S.*)$")
SIZE_RE = re.compile(r"^\d[\d,.]*\s*(?:KB|MB|GB|TB)\b")
COUNTED_RE = re.compile(r"^\d[\d,.]*\s.+?(?=\s(?:of|per|in|for|with|from)\s|$)")  # "2 eventually consistent reads"
ABBREVIATION_RE = re.compile(r"^[A-Z][A-Za-z0-9&]{0,6}[A-Z0-9]$")
COUNT_RE = re.compile(r"^(?:up to |about |at most )?\d[\d,]*$", re.IGNORECASE)
YEAR_RE = re.compile(r"^(?:\d{1,4}\s?(?:BC|BCE|AD|CE)|(?:AD|CE)\s?\d{1,4}|1\d{3}|20\d{2})$")
# "264 to 241 BC", "27 BC – AD 14", "1914 to 1918": years and eras only (a bare "300" is a count)
DATE_VALUE_RE = re.compile(r"^(?:in |from |c\. )?(?:BCE|BC|AD|CE|\d{1,4}|to|–|-|\s)+$")
DATED_RE = re.compile(r"\b(?:BCE|BC|AD|CE|1\d{3}|20\d{2})\b")
WHEN_RE = re.compile(r"^(?:before|after|during|when|once|every|while|until)\b", re.IGNORECASE)
FOR_RE = re.compile(r"^(?:for|to|in|on|with|from|within|accessible|available|used|a|an|the)\b", re.IGNORECASE)
EXTREME_RE = re.compile(r"^(?:maximum|minimum|max|min|default|typical|average|total)\b", re.IGNORECASE)
FLOW_RE = re.compile(r"\s(?:→|->)\s")
# "Increasing RAM improves CPU and network": a cause, a verb of effect, the effect.
EFFECT_RE = re.compile(
    r"^(?P<cause>(?:increasing|decreasing|adding|removing|raising|lowering|reducing|using|more|less|fewer)\s.+?)\s"
    r"(?P<verb>improves|increases|decreases|reduces|raises|lowers|speeds up|slows down|causes|prevents|"
    r"leads to|makes|gives)\s(?P<effect>.+)$",
    re.IGNORECASE,
)
MID_SENTENCE_NAME_RE = re.compile(r"(?<![\w@.-])[a-z][\w'-]*,? (?=([A-Z][\w@.-]*))")
SCENARIO_RE = re.compile(r"^scenario:\s*(?P<what>.+)$", re.IGNORECASE)
USES_RE = re.compile(r"^(?:uses|use cases|used for|applications|when to use(?: it)?)$", re.IGNORECASE)
OVERVIEW_RE = re.compile(
    r"^(?:overview|introduction|summary|basics|key (?:facts|points|characteristics))$", re.IGNORECASE
)
LIMIT_TITLE_RE = re.compile(r"\b(?:limits?|quotas?|maximums?)\b", re.IGNORECASE)
# Plural titles that name properties of their subject, not things in it.
ATTRIBUTE_NOUNS = ("features", "options", "limits", "benefits", "characteristics", "properties", "settings")
HISTORY_WHEN_RE = re.compile(r"^(?:since|from|as of)\s+(?P<when>[^,:]{2,40})[,:]\s*(?P<text>\S.*)$", re.IGNORECASE)
TRAILING_WHEN_RE = re.compile(r"^(?P<text>.+?)\s*\((?:since|from|as of)\s+(?P<when>[^()]{2,40})\)\.?$", re.IGNORECASE)


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


@dataclass(frozen=True)
class ItemSet:
    """An unordered set from the notes ("Brewing methods"), for recognition questions."""

    key: str
    noun: str  # what its members are: "Brewing methods"
    members: tuple[str, ...]
    section: tuple[str, ...]
    anchor: str
    source_lines: tuple[int, ...]


@dataclass
class TopicCards:
    cards: list[CardDraft]
    sets: list[ItemSet]


def generate_cards(slug: str, short_title: str, outline: Outline) -> list[CardDraft]:
    """Every card of one topic, in note order."""
    return generate_topic(slug, short_title, outline).cards


def item_sets(slug: str, short_title: str, outline: Outline) -> list[ItemSet]:
    """The topic's unordered sets of short items, for "select all that apply" questions."""
    return generate_topic(slug, short_title, outline).sets


def generate_topic(slug: str, short_title: str, outline: Outline) -> TopicCards:
    builder = _Builder(slug, short_title, outline)
    for section in outline.sections:
        builder.section(section)
    builder.compare_siblings()
    drafts = [d for d in builder.cards if not _leaks(d)]
    _distinguish_fronts(drafts)
    _unique_keys(drafts)
    cards = [CardDraft(position=index, **draft) for index, draft in enumerate(drafts)]
    return TopicCards(cards, builder.sets)


# --- the builder ----------------------------------------------------------------------


@dataclass
class _Builder:
    slug: str
    short: str  # the topic's short title: "Espresso"
    outline: Outline
    cards: list[dict] = field(default_factory=list)
    sets: list[ItemSet] = field(default_factory=list)
    names: frozenset[str] = frozenset()
    section_updates: list[Item] = field(default_factory=list)  # of the section being read

    def __post_init__(self) -> None:
        self.names = names_in(self.outline)

    def add(
        self,
        section: Section,
        fact_key: str,
        kind: str,
        front: str,
        back: str,
        lines,
        *,
        key: str | None = None,
        context: tuple[str, ...] | None = None,
    ) -> None:
        self.cards.append(
            dict(
                key=key or f"{fact_key}/{kind}",
                fact_key=fact_key,
                kind=kind,
                front=_fit(front),
                back=back,
                section=context or (self.short, *section.path),
                anchor=section.anchor,
                source_lines=tuple(sorted(set(lines))),
            )
        )

    def is_name(self, phrase: str) -> bool:
        """Judged by its shape and the notes' own use of it (not by naming the topic)."""
        return _is_name(phrase, "", self.names)

    def base(self, section: Section) -> str:
        return "/".join([self.slug, *(_part(p) for p in section.path)])

    def owner(self, section: Section, upto: int | None = None) -> str:
        """What the section's facts are about: the nearest heading that is a name, else the topic."""
        path = section.path[:upto] if upto is not None else section.path
        for title in reversed(path):
            title = _strip_scenario(title)
            if _is_name(title, self.short, self.names):
                return title
        return self.short

    # --- a section ---------------------------------------------------------------------

    def section(self, section: Section) -> None:
        base = self.base(section)
        family = self.family_of(section)
        facts = [i for i in section.items if not i.is_update]
        self.section_updates = [i for i in section.items if i.is_update]
        for update in self.section_updates:  # an update right under a heading
            within = "" if _mentions(section.title, self.owner(section)) else f" in {self.owner(section)}"
            self.add(
                section,
                f"{base}/{_item_key(update)}",
                "fact",
                f"What is new about {section.title}{within}?",
                _current(update),
                [update.line],
            )
        kinds = _member_kind(section, facts)
        rest = self.items(section, facts, base, None, kinds)
        asked_by_kind = (
            family is not None
            and bool(rest)
            and rest[0] is section.items[0]
            and self.which(section, family, rest[0], base)
        )
        if asked_by_kind:
            rest.pop(0)
        if rest:
            self.whole_section(
                section, rest, base, partial=len(rest) < len(facts), family=family if asked_by_kind else None
            )

    def items(
        self, section: Section, items: list[Item], parent_key: str, parent: Item | None, kinds: str | None
    ) -> list[Item]:
        """Cards for the facts that stand alone; returns the plain lines left for the section as a whole."""
        rest = []
        for item, key in zip(items, _item_keys(items)):
            fact_key = f"{parent_key}/{key}"
            updates = [c for c in item.children if c.is_update]
            details = [c for c in item.children if not c.is_update]
            shape = _shape(item)
            taken_details = False
            if shape == "label":
                taken_details = self.label_fact(section, item, fact_key, parent, kinds, details, updates)
            elif shape == "definition":
                taken_details = self.definition(section, item, fact_key, details, updates)
            elif updates:
                self.updated_statement(section, item, fact_key, parent, updates)
            elif m := EFFECT_RE.match(item.text):
                self.add(
                    section,
                    fact_key,
                    "effect",
                    _effect_question(m, self.owner(section)),
                    _upper_first(m.group("effect").rstrip(".")),
                    [item.line],
                )
            elif parent is not None or (NUMBER_RE.search(item.text) and not FLOW_RE.search(item.text)):
                if not self.figure_cloze(section, item, fact_key, parent):
                    rest.append(item) if parent is None else self.statement(section, item, fact_key, parent)
            else:
                rest.append(item)
            if details and not taken_details:
                self.items(section, details, fact_key, item, None)
                if rest and rest[-1] is item:
                    rest.pop()  # a sub-heading in the list: its sub-items carry the facts
        if len(items) > 1:
            for flow in [i for i in rest if FLOW_RE.search(i.text)]:
                self.flow_cloze(section, flow, f"{parent_key}/{_item_key(flow)}")
                rest.remove(flow)
        return rest

    def flow_cloze(self, section: Section, item: Item, fact_key: str) -> None:
        """A flow among other lines: its last step asked from the steps before it."""
        steps = FLOW_RE.split(item.text)
        front = f"{_heading_cue(section)}{' → '.join(steps[:-1])} → {BLANK}"
        self.add(section, fact_key, "cloze", front, _upper_first(steps[-1]), [item.line], key=f"{fact_key}/cloze")

    # --- single facts --------------------------------------------------------------------

    def label_fact(self, section, item, fact_key, parent, kinds, details, updates) -> bool:
        """Returns whether the item's sub-items went into its answer."""
        answer, taken = _answer_with_details(_current(updates[-1]) if updates else _upper_first(item.value), details)
        back = _with_history(answer, item.value, updates)
        lines = [item.line, *(u.line for u in updates), *(_all_lines(details) if taken else [])]
        if kinds and not YEAR_RE.match(item.label):
            owner = self.owner(section, -1)  # the family's owner: "Pour-over" for its drippers
            which = _which_question(owner, self.is_name(owner), kinds, item.value, _is_plural(item.label))
            self.add(section, fact_key, "which", which, item.label, lines)
            self.add(
                section,
                fact_key,
                "fact",
                _kind_question(owner if self.is_name(owner) else None, kinds, item.label, item.value, section),
                back,
                lines,
            )
            return taken
        owner = self.owner(section)
        question = _label_question(item.label, item.value, owner, _is_name(owner, "", self.names), section, parent)
        self.add(section, fact_key, "fact", question, back, lines)
        return taken

    def definition(self, section, item, fact_key, details, updates) -> bool:
        lhs, rhs = _definition(item)
        forward, reverse = _definition_questions(lhs, rhs, _heading_cue(section) or f"{self.short}: ")
        value = m.group(0) if (m := COUNTED_RE.match(rhs)) and re.match(r"\d", lhs) else _upper_first(rhs)
        answer, taken = _answer_with_details(_current(updates[-1]) if updates else value, details)
        lines = [item.line, *(u.line for u in updates), *(_all_lines(details) if taken else [])]
        self.add(section, fact_key, "definition", forward, _with_history(answer, rhs, updates), lines)
        if reverse and not updates:
            self.add(section, fact_key, "definition-reverse", reverse, lhs, lines)
        return taken

    def updated_statement(self, section, item, fact_key, parent, updates) -> None:
        cue = f"{_cue_of(parent.text)}: " if parent else _heading_cue(section)
        if len(item.text.split()) <= NAME_WORDS:  # a name: "Go (Golang)"
            question = f"{cue}what has changed for {item.text}?"
        else:
            question = f"{cue}what does the update to “{item.text}” say?"
        self.add(section, fact_key, "fact", question, _current(updates[-1]), [item.line, *(u.line for u in updates)])

    def figure_cloze(self, section, item, fact_key, parent) -> bool:
        """Blank the figure of one line ("[...] per 1 million requests"); False when it has none."""
        m = NUMBER_RE.search(item.text)
        if not m:
            return False
        lead = f"{parent.text}: " if parent else ""
        blanked = re.sub(rf"(?<![\w.$]){re.escape(m.group(0))}(?![\w%])", lambda _: BLANK, item.text)
        front = f"{lead or _heading_cue(section)}{blanked}"
        self.add(section, fact_key, "cloze", front, m.group(0), [item.line], key=f"{fact_key}/cloze")
        return True

    def statement(self, section, item, fact_key, parent) -> None:
        """A sub-item without a figure, under its parent as the cue: a name or a counted word in it
        is blanked ("Second Punic War: Hannibal crosses the [...] with elephants"); failing those,
        the whole line is asked for."""
        cue = _cue_of(parent.text)
        term = self.term_in(item.text, f"{cue} {section.title} {self.short}")
        if term:
            blanked = re.sub(rf"(?<![\w-]){re.escape(term)}(?![\w-])", lambda _: BLANK, item.text)
            self.add(section, fact_key, "cloze", f"{cue}: {blanked}", term, [item.line], key=f"{fact_key}/cloze")
            return
        self.add(
            section,
            fact_key,
            "describe",
            f"{_heading_cue(section)}{cue} — what else do the notes say?",
            _upper_first(item.text),
            [item.line],
        )

    def term_in(self, text: str, context: str) -> str | None:
        """A word worth blanking in one line: a counted word ("Four sets") or a name the line uses
        mid-sentence ("the Alps"), never a word of its context."""
        if m := re.match(rf"^({'|'.join(NUMBER_WORDS[2:])})\s", text, re.IGNORECASE):
            return m.group(1)
        for m in MID_SENTENCE_NAME_RE.finditer(text):
            name = re.match(r"[A-Z][\w@.-]*(?:\s[A-Z][\w@.-]*)*", text[m.end() :]).group(0).rstrip(".")
            if not _mentions(context, name):
                return name
        return None

    # --- sections as a whole ---------------------------------------------------------------

    def whole_section(
        self, section: Section, rest: list[Item], base: str, *, partial: bool, family: str | None
    ) -> None:
        lines = _all_lines(rest)
        texts = [i.text for i in rest]
        owner = self.owner(section)
        if USES_RE.match(section.title):
            above = section.path[-2] if len(section.path) > 1 else self.short
            context = tuple(p for p in (self.short, *section.path[:-1]) if p != above) or (self.short,)
            for item, key in zip(rest, _item_keys(rest)):
                self.add(
                    section,
                    f"{base}/{key}",
                    "use",
                    f"What would you use for {_lower_first(item.text, self.names)}?",
                    above,
                    [item.line],
                    context=context,
                )
            self.add_set(section, base, f"uses of {above}", rest)
            return
        if all(i.ordered for i in rest) and len(rest) > MAX_LINES:
            self.sequence_clozes(section, rest, base)
            return
        flow = any(FLOW_RE.search(t) for t in texts)
        words = [len(re.findall(r"\w+", t)) for t in texts]
        short = max(words) <= SHORT_ITEM_WORDS and sum(words) / len(words) <= NAME_WORDS
        fits = len(rest) <= MAX_LINES and sum(len(t) + 3 for t in texts) <= MAX_BACK
        if len(rest) >= 3 and (short or not fits) and not flow:
            members = [i for i in section.items if _shape(i) == "plain" and not FLOW_RE.search(i.text)]
            self.add_set(section, base, _set_noun(section, owner, self.short, self.names), members)
        if not fits:
            return  # taught by recognition in quizzes (the ItemSet above), never by set clozes
        ordered = all(i.ordered for i in rest) and len(rest) > 1
        if short and len(rest) >= 2 and not flow and not partial:
            question = _list_question(section, owner, 0 if self.section_updates else len(rest), ordered, self.names)
            self.add(section, base, "list", question, _bullets(rest) + self.update_notes(), lines, key=f"{base}/list")
        else:
            question = _describe_question(section, owner, self.short, flow, partial, self.names, family, len(rest))
            back = rest[0].text if len(rest) == 1 else _bullets(rest)
            self.add(
                section,
                base,
                "describe",
                question,
                _upper_first(back) + self.update_notes(),
                lines,
                key=f"{base}/describe",
            )

    def update_notes(self) -> str:
        """An update under the heading itself (its own card asks it) shown after the section's answer."""
        return "".join(f"\n\nUpdate: {u.text}" for u in self.section_updates)

    def sequence_clozes(self, section: Section, items: list[Item], base: str) -> None:
        """A long ordered list: each step asked from the steps around it (order is a fair cue)."""
        for index, (item, key) in enumerate(zip(items, _item_keys(items))):
            before = f"{items[index - 1].text} → " if index else "first step → "
            after = f" → {items[index + 1].text}" if index + 1 < len(items) else " (last step)"
            front = f"{section.title}, step {index + 1}: {before}{BLANK}{after}"
            self.add(section, f"{base}/{key}", "cloze", front, item.text, [item.line], key=f"{base}/{key}/cloze")

    def add_set(self, section: Section, base: str, noun: str, items: list[Item]) -> None:
        """Every plain item of the section is a member (those with cards of their own too)."""
        self.sets.append(
            ItemSet(
                key=f"{base}/set",
                noun=noun,
                members=tuple(i.text for i in items),
                section=(self.short, *section.path),
                anchor=section.anchor,
                source_lines=tuple(i.line for i in items),
            )
        )

    # --- families of sibling sections --------------------------------------------------------

    def family_of(self, section: Section) -> str | None:
        """ "Endpoint types" › "Regional": the kind each sibling is ("endpoint type"), when the
        parent heading names a plural family with at least three member sections."""
        if len(section.path) < 2:
            return None
        parent = tuple(section.path[:-1])
        siblings = [
            s for s in self.outline.sections if tuple(s.path[:-1]) == parent and len(s.path) == len(section.path)
        ]
        title = _strip_count(parent[-1])
        if len(siblings) < 2 or not (_is_plural(title) or len(siblings) >= 3):
            return None
        return _singular(_lower_first(title)) if _is_plural(title) else f"{_lower_first(title)} option"

    def which(self, section: Section, kind: str, first: Item, base: str) -> bool:
        """The family member asked from its first line, when that line reads as its description."""
        owner = self.owner(section, -1)
        question = _which_question(owner, self.is_name(owner), kind, _lower_first(first.text, self.names))
        if "described as" in question or _contains(question, section.title):
            return False
        self.add(
            section, base, "which", question, section.title, [first.line], context=(self.short, *section.path[:-1])
        )
        return True

    def compare_siblings(self) -> None:
        """Sibling headings that name two kinds of one thing ("User Pools", "Identity
        Pools") get a card asking what each is for."""
        by_parent: dict[tuple[str, ...], list[Section]] = {}
        for s in self.outline.sections:
            if s.path and s.items:
                by_parent.setdefault(tuple(s.path[:-1]), []).append(s)
        for sections in by_parent.values():
            for i, a in enumerate(sections):
                for b in sections[i + 1 :]:
                    if not _same_head(a.title, b.title):
                        continue
                    first_a, first_b = _first_fact(a), _first_fact(b)
                    if not (first_a and first_b):
                        continue
                    first, second = sorted((a, b), key=lambda s: s.title)  # a key that survives reordering
                    key = f"{self.base(first)}/vs-{_part(second.title)}"
                    self.add(
                        a,
                        key,
                        "compare",
                        f"{a.title} or {b.title}: what does each do?",
                        f"- {a.title}: {first_a.text}\n- {b.title}: {first_b.text}",
                        [first_a.line, first_b.line],
                        context=(self.short, *a.path[:-1]),
                    )


# --- phrasing ---------------------------------------------------------------------------


def _label_question(label: str, value: str, owner: str, named: bool, section: Section, parent: Item | None) -> str:
    name = _lower_first(label)
    lead = f"{_cue_of(parent.text)} — " if parent else ""
    if YEAR_RE.match(label):
        return f"{lead}What happened in {label}?"
    if DATE_VALUE_RE.match(value) and DATED_RE.search(value):
        return f"{lead}When was {_definite(label)}?"
    if m := re.match(r"^number of (.+)$", label, re.IGNORECASE):
        return f"{lead}How many {m.group(1)} {_does(owner)} {owner} {_allow(section)}?"
    if COUNT_RE.match(value) and (_is_plural(label) or _is_plural(label.split()[0])):
        return f"{lead}How many {name} {_does(owner)} {owner} {_allow(section)}?"
    if _mentions(label, owner):
        return f"{lead}What is the {label}?"
    if _is_plural(label) and SIZE_RE.match(value):
        return f"{lead}How large can {_possessive(owner) if named else 'the'} {name} be?"
    if named and (EXTREME_RE.match(label) or NUMBER_RE.match(value)):
        return f"{lead}What is the {name} of {owner}?"
    if re.match(r"(?:a|an|the)\s", value, re.IGNORECASE) and not parent:
        return _what_is(label)
    return f"{lead or _heading_cue(section)}{_upper_first(name)}?"


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _which_question(owner: str, named: bool, kind: str, description: str, plural: bool = False) -> str:
    """A kind asked from its description: "Which Edge trigger type runs after …?",
    "What is a snapshot of the whole project?", "Which office judged cases …?"."""
    described = _lower_first(description.rstrip("."))
    if not named or _mentions(kind, owner):
        subject = kind
    elif owner.startswith("The "):
        subject = f"{kind} of the {owner[4:]}"
    else:
        subject = f"{owner} {kind}"
    if WHEN_RE.match(described):
        return f"Which {subject} runs {described}?"
    first = described.split()[0]
    if re.match(r"(?:a|an|the)\b", described):
        return f"What {'are' if plural else 'is'} {described}?"
    if FOR_RE.match(described):
        return f"Which {subject} is {described}?"
    if first.endswith(("s", "ed")) and not first.endswith("ss") and first.isalpha():
        return f"Which {subject} {described}?"
    return f"Which {subject} is described as “{described}”?"


def _kind_question(owner: str | None, kind: str, name: str, description: str, section: Section) -> str:
    """The reverse of a "which" card: asked from the kind's name (`owner` when it is a name)."""
    if WHEN_RE.match(description):
        noun = kind.removesuffix(" type").removesuffix(" kind")
        return f"When does the {f'{owner} ' if owner else ''}{name} {noun} run?"
    if re.match(r"(?:a|an|the)\b", description, re.IGNORECASE):
        return _what_is(name)
    return f"{_heading_cue(section)}{name}?"


def _what_is(term: str, names: frozenset[str] = frozenset()) -> str:
    """ "What is a commit?", "What is HEAD?", "What are branches?", "What is the staging area?"."""
    if m := re.match(r"(a|an|the)\s+(.+)$", term, re.IGNORECASE):
        return f"What is {m.group(1).lower()} {m.group(2)}?"
    verb = "are" if _is_plural(term) else "is"
    if len(term.split()) == 1 or _is_name(term, "", names):
        return f"What {verb} {term}?"  # "Git", "Praetorian Guard", "mirepoix" as the notes write them
    lower = _lower_first(term, names)
    if lower != term and not _is_plural(term):
        return f"What {verb} the {lower}?"  # a common noun phrase: "Staging area"
    return f"What {verb} {lower}?"


def _definition_questions(lhs: str, rhs: str, cue: str) -> tuple[str, str | None]:
    if ABBREVIATION_RE.match(lhs) and lhs.upper() == lhs and len(rhs.split()) <= 6:
        return f"What does {lhs} stand for?", f"What is the abbreviation for {rhs}?"
    if re.match(r"\d", lhs) and (m := re.match(r"\d[\d,.]*\s+(.+)", rhs)):
        # "1 RCU = 2 eventually consistent reads of 4 KB per second": asking
        # "how many <reads ...>" keeps two facts about 1 RCU apart.
        return f"How many {_pluralize_head(m.group(1))} does {lhs} give?", f"How much capacity do you need for {rhs}?"
    if len(rhs.split()) <= PAIR_WORDS:  # "France = Paris", "hablar = to speak": a pair, asked both ways
        return f"{cue}{lhs} = ?", f"{cue}? = {rhs}"
    reverse = f"Which term means “{rhs}”?" if len(rhs.split()) <= 6 else None
    return _what_is(lhs), reverse


def _effect_question(m: re.Match, owner: str) -> str:
    verb = m.group("verb").lower()
    base = {"leads to": "lead to", "speeds up": "speed up", "slows down": "slow down"}.get(verb, verb[:-1])
    if verb.endswith("es") and verb not in (
        "makes",
        "gives",
        "causes",
        "improves",
        "increases",
        "decreases",
        "reduces",
        "raises",
        "lowers",
    ):
        base = verb[:-2]
    cause = m.group("cause")[:1].lower() + m.group("cause")[1:]
    return f"What does {cause} {base}{'' if owner.lower() in cause.lower() else f' in {owner}'}?"


def _list_question(section: Section, owner: str, n: int, ordered: bool, names: frozenset[str]) -> str:
    title = _strip_count(section.title)
    if ordered:
        return f"What are the steps of {_lower_first(title, names)}, in order?"
    if m := re.fullmatch(r"(.+) support", title, re.IGNORECASE):
        return f"Which {_lower_first(m.group(1), names)}s does {owner} support?"
    if OVERVIEW_RE.match(title) or not section.path:
        return f"What are the {_count(n)}key characteristics of {owner}?"
    noun = _lower_first(title, names)
    return f"Name the {_count(n)}{noun}." if _mentions(title, owner) else f"Name the {_count(n)}{noun} of {owner}."


def _describe_question(
    section: Section,
    owner: str,
    short: str,
    flow: bool,
    partial: bool,
    names: frozenset[str],
    family: str | None,
    lines: int,
) -> str:
    """A question for a few lines under one heading, from the heading's shape."""
    title = section.title
    lower = _lower_first(title, names)
    if m := SCENARIO_RE.match(title):
        return f"How would you build {_lower_first(m.group('what'), names)} with {owner}?"
    if not section.path or OVERVIEW_RE.match(title):
        return f"What are the {'other ' if partial else ''}key characteristics of {owner}?"
    if family:
        return f"What {'else ' if partial else ''}is true of the {title} {family}?"
    if flow:
        if _is_plural(title):
            return f"How do {lower} work in {owner}?"
        return f"How do you build {_with_article(lower)} with {owner}?"
    within = "" if _mentions(title, owner) else f" in {owner}"
    if title.lower().endswith("ing"):
        return f"How does {lower} work{within}?"
    if _is_name(title, short, names):
        if lines > 1:
            return f"What are the key features of {title}?"
        return f"What are the {title}?" if _is_plural(title) else f"What is {title}?"
    if _is_plural(title):
        if title.lower().endswith(ATTRIBUTE_NOUNS):
            return f"What are the {lower} of {owner}?" if within else f"What are the {lower}?"
        return f"What are {lower}{within}?"
    return f"What is {_possessive(owner)} {lower}?" if within else f"What is {title}?"


def _set_noun(section: Section, owner: str, short: str, names: frozenset[str]) -> str:
    title = _strip_count(section.title)
    if OVERVIEW_RE.match(title) or not section.path:
        return f"key characteristics of {owner}"
    if m := re.fullmatch(r"(.+) support", title, re.IGNORECASE):
        return f"{_lower_first(m.group(1), names)}s {owner} supports"
    lower = _lower_first(title, names)
    return lower if _mentions(title, owner) else f"{lower} of {owner}"


def _heading_cue(section: Section) -> str:
    """The heading as a context cue ("Ingredients: "), for fronts no sentence can carry."""
    return f"{_strip_scenario(section.title)}: " if section.title else ""


def _cue_of(text: str) -> str:
    m = re.match(r"^([^:]{1,60}):\s", text)
    return m.group(1) if m else text


# --- items ------------------------------------------------------------------------------


def _shape(item: Item) -> str:
    if item.is_update:
        return "update"
    if item.label and len(item.label.split()) <= 8:
        return "label"
    if DEFINITION_RE.match(item.text):
        return "definition"
    return "plain"


def _member_kind(section: Section, facts: list[Item]) -> str | None:
    """ "Four trigger types" or "Offices" whose items are `Name: description`: the kind
    each is ("trigger type", "office"); None when the items are attributes with figures."""
    labels = [i for i in facts if _shape(i) == "label"]
    if len(labels) < 3 or len(labels) < len(facts) - 1 or not section.path:
        return None
    if sum(bool(NUMBER_RE.search(i.value)) for i in labels) > len(labels) // 3:
        return None
    if any(YEAR_RE.match(i.label) for i in labels) or not _is_plural(_strip_count(section.title)):
        return None
    descriptions = [i.value.casefold() for i in labels]
    if len(set(descriptions)) != len(descriptions):
        return None
    return _singular(_lower_first(_strip_count(section.title)))


def _definition(item: Item) -> tuple[str, str]:
    m = DEFINITION_RE.match(item.text)
    return m.group("lhs").strip(), m.group("rhs").strip()


def _current(update: Item) -> str:
    """The current figure an Update or Correction gives, without its "(since …)"."""
    text = update.text
    if m := HISTORY_WHEN_RE.match(text):
        text = m.group("text")
    elif m := TRAILING_WHEN_RE.match(text):
        text = m.group("text")
    return _upper_first(text.rstrip("."))


def _with_history(answer: str, old: str, updates: list[Item]) -> str:
    """The answer, then what the notes said before the update or correction."""
    if not updates:
        return answer
    update = updates[-1]
    if getattr(update, "is_correction", False):
        return f"{answer}\n\nCorrection: the notes said {old}."
    when = HISTORY_WHEN_RE.match(update.text) or TRAILING_WHEN_RE.match(update.text)
    history = f"Was {old} until {when.group('when')}" if when else f"Before the update: {old}"
    return f"{answer}\n\n{history.rstrip('.')}."


def _answer_with_details(answer: str, details: list[Item]) -> tuple[str, bool]:
    """The value with its plain sub-items as bullets, when they fit in one answer and
    none of them is a fact of its own."""
    if not details or any(_shape(d) != "plain" or d.children or NUMBER_RE.search(d.text) for d in details):
        return answer, False
    combined = answer + "\n" + _bullets(details)
    if len(details) > MAX_LINES - 1 or len(combined) > MAX_BACK:
        return answer, False
    return combined, True


def _first_fact(section: Section) -> Item | None:
    """A section's first statement of what it does (names such as "Fargate" say nothing of that)."""
    return next(
        (i for i in section.items if not i.is_update and _shape(i) == "plain" and len(i.text.split()) >= 3), None
    )


def _item_key(item: Item) -> str:
    return _item_keys([item])[0]


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

    minimum = [KEY_WORDS if _shape(i) in ("plain", "update") else 1 for i in items]
    keys = [_part(" ".join(words(i)[:n])) for i, n in zip(items, minimum)]
    for extra in (3, 6, 12, 100):
        clashes = {k for k in keys if keys.count(k) > 1}
        if not clashes:
            break
        keys = [_part(" ".join(words(i)[: n + extra])) if k in clashes else k for i, n, k in zip(items, minimum, keys)]
    return keys


def _bullets(items: list[Item], depth: int = 0) -> str:
    lines = []
    for item in items:
        lines.append(" " * 4 * depth + f"- {item.text}")
        if item.children:
            lines.append(_bullets([c for c in item.children if not c.is_update], depth + 1))
    return "\n".join(line for line in lines if line)


def _all_lines(items: list[Item]) -> list[int]:
    return [n for i in items for n in (i.line, *_all_lines(i.children))]


# --- words ------------------------------------------------------------------------------


def _count(n: int) -> str:
    """ "six " for "the six key characteristics"; nothing for a lone item."""
    return "" if n < 2 else (NUMBER_WORDS[n] if n < len(NUMBER_WORDS) else str(n)) + " "


def _strip_count(title: str) -> str:
    return re.sub(rf"^(?:{'|'.join(NUMBER_WORDS)}|\d+)\s+", "", title, flags=re.IGNORECASE)


def _strip_scenario(title: str) -> str:
    m = SCENARIO_RE.match(title)
    return m.group("what") if m else title


def _is_plural(phrase: str) -> bool:
    """Whether the head noun is plural: "Brewing methods", not "Tribune of the plebs"."""
    phrase = re.split(r"\s(?:of|per|in|for|with|from|on|to)\s", re.sub(r"\s*\(.*\)$", "", phrase))[0]
    word = (phrase.split() or [""])[-1]
    return len(word) > 2 and word.endswith("s") and not word.lower().endswith(("ss", "us", "is"))


def _singular(phrase: str) -> str:
    """ "trigger types" → "trigger type", "words of the Principate" → "word of the Principate"."""
    if m := re.search(r"\s(?:of|per|in|for|with|from|on|to)\s", phrase):
        return _singular(phrase[: m.start()]) + phrase[m.start() :]
    head, _, word = phrase.rpartition(" ")
    if word.endswith("ies"):
        word = word[:-3] + "y"
    elif word.endswith(("ches", "shes", "sses", "xes")):
        word = word[:-2]
    elif word.endswith("s"):
        word = word[:-1]
    return f"{head} {word}".strip()


def _is_name(title: str, short: str, names: frozenset[str] = frozenset()) -> bool:
    """A proper name ("HEAD", "Pour-over", "Kalita Wave") rather than a common noun ("Cost per call").
    One capitalised word is a name when the notes write it capitalised mid-sentence (`names`)."""
    words = title.split()
    if not words:
        return False
    first, last = words[0], re.sub(r"\W+$", "", words[-1])
    if len(words) > 1 and last.islower() and _is_plural(last):
        return False  # "Brewing methods", "Espresso drinks": kinds of things, not a name
    return (
        sum(c.isupper() for c in first) > 1
        or (first[:1].isupper() and not first[1:].islower())
        or any(w[:1].isupper() for w in words[1:])
        or (bool(short) and _mentions(title, short))
        or (len(words) == 1 and first in names)
    )


def names_in(outline: Outline) -> frozenset[str]:
    """Capitalised words the notes use after a lowercase word: names, not sentence starts."""
    texts = [item.text for _, item in outline.fact_lines()] + [t for s in outline.sections for t in s.path]
    return frozenset(m.group(1) for text in texts for m in MID_SENTENCE_NAME_RE.finditer(text))


def _mentions(text: str, phrase: str) -> bool:
    """Whole words only: "detail" is not in "detail-type", "Java" not in "JavaScript"."""
    return bool(phrase) and re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text, re.IGNORECASE) is not None


def _does(owner: str) -> str:
    return "do" if _is_plural(owner) and owner[:1].islower() else "does"


def _allow(section: Section) -> str:
    return "allow" if any(LIMIT_TITLE_RE.search(p) for p in section.path) else "have"


def _definite(label: str) -> str:
    words = label.split()
    if len(words) == 1 and label[:1].isupper():
        return label  # "Cannae"
    return f"the {label}" if not label.lower().startswith("the ") else label


def _lower_first(phrase: str, names: frozenset[str] = frozenset()) -> str:
    """Lowercase a leading common word, keeping names: "Global tables" → "global tables",
    but "SPQR motto", "Kalita Wave" and (when the notes name Git mid-sentence)
    "Git commands" stay."""
    if not phrase:
        return phrase
    first = phrase.split()[0]
    if first[1:] != first[1:].lower() or first.isupper() or first in names:
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
    m = re.search(r"\s(?:of|per|in|for|with|from)\s", phrase)
    head, tail = (phrase[: m.start()], phrase[m.start() :]) if m else (phrase, "")
    return head + ("" if head.endswith("s") else "s") + tail


def _same_head(a: str, b: str) -> bool:
    """ "User Pools" and "Identity Pools (Federated Identity)": two kinds of one thing (one head noun)."""
    wa, wb = re.sub(r"\s*\(.*\)$", "", a).split(), re.sub(r"\s*\(.*\)$", "", b).split()
    return len(wa) >= 2 and len(wb) >= 2 and wa[-1] == wb[-1] and wa != wb


def _contains(front: str, answer: str) -> bool:
    """Whether the answer appears word for word (whole words, any case) in the front."""
    answer = answer.strip()
    return bool(answer) and re.search(rf"(?<![\w-]){re.escape(answer)}(?![\w-])", front, re.IGNORECASE) is not None


def _leaks(draft: dict) -> bool:
    """A card whose answer is printed on its front (or in its path) teaches nothing."""
    answer = draft["back"].split("\n\n")[0]
    return _contains(draft["front"], answer) or (
        draft["kind"] in ("which", "use") and _contains(" ".join(draft["section"]), answer)
    )


def _fit(front: str) -> str:
    return front if len(front) <= MAX_FRONT else front[: MAX_FRONT - 1].rstrip() + "…"


def _part(text: str) -> str:
    """One key segment: a slug of at most 60 characters, cut at a hyphen."""
    slug = slugify(text)
    return slug if len(slug) <= 60 else slug[:60].rsplit("-", 1)[0]


# --- whole-topic clean-up -----------------------------------------------------------------


def _distinguish_fronts(drafts: list[dict]) -> None:
    """Cards that would read the same get their section (or a number) added."""
    groups: dict[str, list[dict]] = {}
    for draft in drafts:
        groups.setdefault(draft["front"].casefold(), []).append(draft)
    for group in (g for g in groups.values() if len(g) > 1):
        by_section = len({d["section"] for d in group}) == len(group)
        for n, draft in enumerate(group, 1):
            extra = " › ".join(draft["section"][1:] or draft["section"]) if by_section else f"#{n}"
            draft["front"] = _fit(f"{draft['front']} ({extra})")


def _unique_keys(drafts: list[dict]) -> None:
    seen: set[str] = set()
    for draft in drafts:
        for name in ("fact_key", "key"):  # over-long keys end in a hash of the same stable parts
            if len(draft[name]) > MAX_KEY:
                draft[name] = draft[name][: MAX_KEY - 9] + "-" + hashlib.sha1(draft[name].encode()).hexdigest()[:8]
        key, n = draft["key"], 2
        while key in seen:  # only when the notes repeat a line word for word
            key, n = f"{draft['key'][: min(MAX_KEY - 4, MAX_KEY - 1 - len(str(n)))]}-{n}", n + 1
        seen.add(key)
        draft["key"] = key
