"""Save screenshots of the main pages (desktop and phone, light and dark).

Run by `make screenshots`, against a server with the demo data:
    python docs/take_screenshots.py --base-url http://127.0.0.1:8000 [--only NAME ...]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

# Chromium starts as in the browser tests: their launch settings, from the repository root.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.e2e.chromium import launch_chromium  # noqa: E402

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
PASSWORD = "study-serverless"

# name, user to log in as (None: anonymous), path, actions before the shot
# ("press:KEY" presses a key; "click:SELECTOR" clicks; "follow:SELECTOR" clicks if present).
PAGES: list[tuple[str, str | None, str, tuple[str, ...]]] = [
    ("home", None, "/", ()),
    ("signup", None, "/accounts/signup/", ()),
    ("login", None, "/accounts/login/", ()),
    ("topics", "learner", "/topics/", ()),
    ("topic-lambda", "learner", "/topics/lambda/", ()),
    ("cards-lambda", "learner", "/topics/lambda/cards/?q=memory", ("click:.flashcard summary",)),
    ("cards-lambda-instructor", "instructor", "/topics/lambda/cards/?q=execution", ()),
    ("study-front", "maya", "/study/", ()),
    ("study-answer", "maya", "/study/", ("press:Space",)),
    ("study-settings", "learner", "/study/settings/", ()),
    ("progress", "learner", "/progress/", ()),
    ("quizzes", "sofia", "/quizzes/", ()),
    ("quiz-attempt", "sofia", "/quizzes/1/", ("follow:form[action$='/start/'] button", "follow:a[href*='/attempts/']")),
    ("quiz-review", "learner", "/quizzes/attempts/1/review/", ()),
    ("question-bank", "instructor", "/quizzes/bank/", ()),
    ("quiz-builder", "instructor", "/quizzes/1/edit/", ()),
    ("quiz-results", "instructor", "/quizzes/1/results/", ()),
    ("class", "instructor", "/classes/1/", ()),
    ("class-progress", "instructor", "/progress/classes/1/", ()),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default=str(Path(__file__).parent / "screenshots"))
    parser.add_argument("--only", nargs="*", help="page names to take (default: all)")
    parser.add_argument("--full-page", action="store_true")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    pages = [p for p in PAGES if not args.only or p[0] in args.only]
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for scheme in ("light", "dark"):
            for size, viewport in VIEWPORTS.items():
                sessions: dict[str | None, object] = {}
                for name, user, path, actions in pages:
                    if user not in sessions:
                        context = browser.new_context(viewport=viewport, color_scheme=scheme)
                        if user:
                            _log_in(context, args.base_url, user)
                        sessions[user] = context
                    page = sessions[user].new_page()
                    page.goto(args.base_url + path)
                    for action in actions:
                        verb, _, arg = action.partition(":")
                        if verb == "press":
                            page.keyboard.press(arg)
                        elif verb == "click":
                            page.click(arg)
                        elif verb == "follow":  # click when present (a link or button that may be gone)
                            if page.locator(arg).count():
                                page.locator(arg).first.click()
                        page.wait_for_timeout(400)
                    page.screenshot(path=str(out / f"{name}-{size}-{scheme}.png"), full_page=args.full_page)
                    page.close()
                for context in sessions.values():
                    context.close()
        browser.close()
    print(f"Saved screenshots to {out}")


def _log_in(context, base_url: str, username: str) -> None:
    page = context.new_page()
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.close()


if __name__ == "__main__":
    main()
