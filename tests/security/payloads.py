"""XSS payloads, and a checker that finds any of them alive in a page."""

from html.parser import HTMLParser

PAYLOADS = [
    "<script>alert('xss')</script>",
    "<img src=x onerror=alert('xss')>",
    "<svg onload=alert('xss')><circle r=1></svg>",
    "<svg><script>alert('xss')</script></svg>",
    "[click me](javascript:alert('xss'))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzJyk8L3NjcmlwdD4=)",
    "<a href=\"javascript:alert('xss')\">link</a>",
    "<iframe src=\"javascript:alert('xss')\"></iframe>",
    "<div style=\"background:url(javascript:alert('xss'))\">x</div>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss')>",
    "\"><script>alert('xss')</script>",
    "<a href=\"&#106;avascript:alert('xss')\">entity</a>",
    "![img](x\" onerror=\"alert('xss'))",
    "<details open ontoggle=alert('xss')>",
    "<object data=\"data:text/html,<script>alert('xss')</script>\"></object>",
]

ACTIVE_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "frame", "frameset", "base", "form-action"}
URL_ATTRIBUTES = {"href", "src", "data", "action", "formaction", "xlink:href"}


class _Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag in ACTIVE_TAGS and not _ours(tag, values):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag}[{name}]")
            if name == "style" and "javascript:" in (value or "").lower():
                self.found.append(f"{tag}[style=javascript:]")
            if name in URL_ATTRIBUTES and (value or "").strip().lower().startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                self.found.append(f"{tag}[{name}={value[:20]}]")

    handle_startendtag = handle_starttag


def _ours(tag: str, values: dict) -> bool:
    """The app's own active tags: its static scripts, and its charts (an `<svg role="img">` with a
    class, as progress/charts.py and quizzes/item_chart.py draw them; event handlers are still caught)."""
    if tag == "script":
        return (values.get("src") or "").startswith("/static/")
    return tag == "svg" and values.get("role") == "img" and bool(values.get("class"))


def alive(html: str) -> list[str]:
    """Every live script vector in the HTML (escaped text does not count)."""
    finder = _Finder()
    finder.feed(html)
    return finder.found
