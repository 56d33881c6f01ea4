"""axe-core on a loaded page, light and dark, without loading it twice.

Every rule runs on the page in the light scheme; then the page switches to the dark scheme and the rules that
read colour run again. The stylesheets' dark blocks set colours and nothing else (tests/core/test_stylesheets.py
holds them to that), so the other rules would find in dark exactly what they found in light.
"""

from axe_playwright_python.sync_playwright import Axe

COLOUR_RULES = ["color-contrast", "link-in-text-block"]
SERIOUS = ("serious", "critical")

_axe = Axe()


def findings(page, where: str) -> tuple[list[str], list[str]]:
    """The (serious, minor) findings on `page` as it stands, light then dark; the page is left in light."""
    serious, minor = [], []
    # Colours change at once, not through the stylesheets' transitions, so the dark run reads dark colours.
    page.emulate_media(color_scheme="light", reduced_motion="reduce")
    page.evaluate(_axe.axe_script)
    runs = (
        ("light", {"resultTypes": ["violations"]}),
        ("dark", {"runOnly": COLOUR_RULES, "resultTypes": ["violations"]}),
    )
    for scheme, options in runs:
        page.emulate_media(color_scheme=scheme)
        for violation in page.evaluate("options => axe.run(document, options)", options)["violations"]:
            node = violation["nodes"][0]
            line = (
                f"{where}, {scheme}: {violation['impact']} {violation['id']}: {violation['help']} "
                f"[{len(violation['nodes'])} node(s): {node['target']} {node.get('failureSummary', '')}]"
            )
            (serious if violation["impact"] in SERIOUS else minor).append(line)
    page.emulate_media(color_scheme="light", reduced_motion="no-preference")
    return serious, minor
