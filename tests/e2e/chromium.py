"""How the browser tests and the screenshot script (docs/take_screenshots.py) start Debian's Chromium.

Imports nothing but the standard library, so the screenshot script can use it without Django.
"""

import os

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Headless in a container: no sandbox or GPU, and nothing that reaches out to the network on its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    # One page after another, each in a fresh context: reuse two renderer processes rather than start one per
    # page (a test site on localhost needs no process per site). About 15 % off the accessibility checks.
    "--disable-site-isolation-trials",
    "--disable-features=site-per-process,IsolateOrigins",
    "--renderer-process-limit=2",
]


def launch_chromium(playwright):
    """A Playwright browser on that Chromium with those arguments."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
