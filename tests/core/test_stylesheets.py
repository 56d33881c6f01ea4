"""The stylesheets' dark scheme changes colours alone.

The accessibility checks rely on it: in dark they run only axe's colour rules again (tests/e2e/axe.py).
"""

import re
from pathlib import Path

from django.conf import settings

DARK_BLOCK = re.compile(r"@media\s*\(prefers-color-scheme:\s*dark\)\s*\{")
COLOUR_PROPERTIES = {"color", "background-color", "background", "border-color", "fill", "stroke", "outline-color"}
COLOUR_VALUE = re.compile(r"^(#[0-9a-fA-F]{3,8}|rgba?\([^)]*\)|var\(--[\w-]+\)|transparent)$")


def dark_blocks(css: str) -> list[str]:
    """The text inside each `@media (prefers-color-scheme: dark) { ... }`, nested braces included."""
    blocks = []
    for match in DARK_BLOCK.finditer(css):
        depth, end = 1, match.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            end += 1
        blocks.append(css[match.end() : end - 1])
    return blocks


def not_colour(block: str) -> list[str]:
    """The declarations in a block that set something other than a colour."""
    declarations = re.findall(r"([\w-]+)\s*:\s*([^;{}]+?)\s*(?:;|\})", re.sub(r"/\*.*?\*/", "", block, flags=re.S))
    return [
        f"{name}: {value}"
        for name, value in declarations
        if not (name in COLOUR_PROPERTIES or name.startswith("--")) or not COLOUR_VALUE.match(value)
    ]


def test_the_dark_scheme_sets_colours_and_nothing_else():
    sheets = sorted((Path(settings.BASE_DIR) / "static" / "css").glob("*.css"))
    assert sheets
    found = [(sheet.name, not_colour(block)) for sheet in sheets for block in dark_blocks(sheet.read_text())]
    assert len(found) >= 3, "the dark blocks were not found"
    assert not [(name, wrong) for name, wrong in found if wrong]


def test_the_check_refuses_a_dark_block_that_hides_or_moves_things():
    css = "p { margin: 0 } @media (prefers-color-scheme: dark) { :root { --a: #fff; } .x { display: none; } }"
    assert not_colour(dark_blocks(css)[0]) == ["display: none"]
