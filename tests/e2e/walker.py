"""Walk the site as one person: follow every link, submit every form once with good data and once with bad.

The forms are found on the pages, not listed by hand, so a new form is covered
the day it appears. After each step the page must still be one page (one
<main>, one site header), free of console errors and server errors; good data
must not come back with field errors and bad data must.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

# Links that leave, end the session, download a file or belong to Django's admin.
SKIP_LINK = re.compile(r"^/(admin/|accounts/logout)|\.(csv|json|apkg|md|txt|zip)$|/export|/download|/my-data")
# Forms whose good submission ends the walk (log out, delete the account) are only sent bad data.
ENDS_THE_WALK = re.compile(r"/accounts/logout/|/delete")
ERROR_SHOWN = ".errorlist li, .form-errors, [aria-invalid=true], .message-error"
FORMS = "main form, header form"
SETTLED = (
    "() => document.readyState === 'complete' && !!document.querySelector('main')"
    " && !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')"
)
TYPED = (
    "f => [...f.elements].filter(e => e.name && !['hidden', 'submit', 'button', 'checkbox', 'radio', 'file']"
    ".includes(e.type)).length"
)
# The page's <main> elements, its site headers, and the ids it uses twice, in one call.
PAGE_SHAPE = """() => { const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
    return [document.querySelectorAll('main').length, document.querySelectorAll('header.site-header').length,
            [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))]]; }"""
# A person submits a form with a button they can press, or with Enter in a field.
CAN_SUBMIT = (
    "f => [...f.querySelectorAll('button, input[type=submit]')].some(b => !b.disabled && b.checkVisibility())"
    " || [...f.elements].some(e => e.name && !['hidden', 'submit', 'button'].includes(e.type))"
)
FIELDS = "input:not([type=hidden]):not([type=submit]):not([type=button]), textarea, select"
# Each field as the filling loop sees it; visible (a closed <details> hides) and enabled as Playwright means them.
DESCRIBE_FIELDS = """(form, selector) => [...form.querySelectorAll(selector)].map(e => {
    const box = e.getBoundingClientRect();
    return {
        name: e.getAttribute('name') || '',
        kind: (e.getAttribute('type') || e.tagName).toLowerCase(),
        usable: e.checkVisibility() && box.width > 0 && box.height > 0 && getComputedStyle(e).visibility !== 'hidden'
            && !e.matches(':disabled'),
        value: e.value,
        group: e.name ? form.querySelectorAll(`[name="${CSS.escape(e.name)}"]`).length : 0,
        choices: e.tagName === 'SELECT' ? [...e.options].map(o => o.value).filter(v => v) : [],
        min: e.getAttribute('min'),
    };
})"""
QUIET_MS = 100  # no new request for this long after the last one ended: the page is done
SETTLE_LOOKS = 200  # one look each QUIET_MS / 2: a page not settled in 10 s never will
HUGE_TEXT = "x" * 100_000
LONG_QUERY = "y" * 2_000  # GET forms: a long search, within what a URL may carry


def pattern(path: str) -> str:
    """One entry per kind of page or form: the records its path names (a number, a topic's slug, as its route says;
    a join code) stand for any, while a choice it names (a question kind, a format) makes a kind of its own; its query
    counts by the names of its fields, not their values (a filter or a choice sent again with other values).
    Every topic's pages are opened by tests/content/test_views.py."""
    parts = urlsplit(path)
    try:
        match = resolve(parts.path)
        kind = "/" + re.sub(r"<str:(\w+)>", lambda name: str(match.kwargs[name[1]]), match.route)
    except Resolver404:
        kind = parts.path
    kind = re.sub(r"/[A-Z0-9]{8}(?=/|$)", "/CODE", kind)
    fields = sorted({name for name, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return kind + (f"?{'&'.join(fields)}" if fields else "")


class NeverSettled(AssertionError):
    """A page that never came to rest: the walk stops there rather than read a page half swapped."""


@dataclass
class Walk:
    page: object
    base_url: str
    good_values: dict[str, str]  # by field name, or by "action-pattern name" for one form's field
    anonymous: bool = False
    send_forms: bool = True  # False: open every page, send nothing (a second walk on another screen)
    problems: list[str] = field(default_factory=list)
    seen_pages: set[str] = field(default_factory=set)
    seen_forms: set[tuple[str, str, tuple[str, ...]]] = field(default_factory=set)
    forms_sent: list[str] = field(default_factory=list)
    left_unvisited: list[str] = field(default_factory=list)  # kinds of page still queued when max_pages was reached
    _events: list[str] = field(default_factory=list)
    _requests_started: int = 0
    _in_flight: set = field(default_factory=set)  # requests of the current document not yet answered
    _links_on: dict[str, tuple[int, list[str]]] = field(default_factory=dict)  # path -> (forms sent then, links)
    _untouched: str | None = None  # the page just opened, as the server sent it: no need to open it again to send

    def __post_init__(self):
        self.page.on("request", self._request_started)
        self.page.on("requestfinished", self._request_ended)
        self.page.on("requestfailed", self._request_ended)
        self.page.on("framenavigated", lambda frame: frame == self.page.main_frame and self._in_flight.clear())
        self.page.on("console", lambda msg: msg.type == "error" and self._events.append(f"console: {msg.text}"))
        self.page.on("pageerror", lambda error: self._events.append(f"page error: {error}"))
        self.page.on(
            "response",
            lambda response: (
                response.status >= 500 and self._events.append(f"server error {response.status} on {response.url}")
            ),
        )

    def _request_started(self, request) -> None:
        self._requests_started += 1
        self._in_flight.add(request)

    def _request_ended(self, request) -> None:
        self._in_flight.discard(request)

    # --- the walk ---------------------------------------------------------------------------

    def run(self, start: str = "/", max_pages: int = 80) -> None:
        queue = deque([(start, "the start")])
        while queue and len(self.seen_pages) < max_pages:
            path, came_from = queue.popleft()
            if pattern(path) in self.seen_pages:
                continue
            self.seen_pages.add(pattern(path))
            if self._gone(path, came_from):
                continue
            if not self._visit(path, f"open {path} (linked from {came_from})"):
                continue
            queue.extend((link, path) for link in self._links(path))
            for key in self._new_forms(path) if self.send_forms else ():
                for good in (True, False):
                    try:
                        queue.extend((landed, f"a form on {path}") for landed in self._send(path, key, good))
                    except PlaywrightError as error:
                        self.problems.append(f"{'good' if good else 'bad'} {key} from {path}: {error.message[:300]}")
                    if self.anonymous:
                        self.page.context.clear_cookies()  # a visitor who signed up or logged in is one again
        self.left_unvisited = sorted({pattern(path) for path, _ in queue} - self.seen_pages)

    def _gone(self, path: str, came_from: str) -> bool:
        """A link found before a form changed the world (the learner left the class) that its page no longer shows."""
        if not came_from.startswith("/"):
            return False
        sent, links = self._links_on.get(came_from, (None, ()))
        if sent != len(self.forms_sent):  # a form was sent since its page was read
            if self.page.request.get(self.base_url + path).ok:
                return False  # still there, whatever its page shows now: no need to open that again to know
            self.page.goto(self.base_url + came_from)
            self.page.wait_for_function(SETTLED)
            links = self._read_links(came_from)
        return path not in links

    def _visit(self, path: str, step: str) -> bool:
        self._events.clear()
        response = self.page.goto(self.base_url + path)
        self._untouched = path
        self.page.wait_for_function(SETTLED)
        self._read_links(path)
        if response is None or response.status >= 400:
            self._events.append(f"status {response.status if response else 'none'}")
        return self._check(step)

    def _links(self, path: str) -> list[str]:
        return [link for link in self._links_on[path][1] if pattern(link) not in self.seen_pages]

    def _read_links(self, path: str) -> list[str]:
        """The page's links, remembered with the number of forms sent so far."""
        links = self._all_links()
        self._links_on[path] = (len(self.forms_sent), links)
        return links

    def _all_links(self) -> list[str]:
        hrefs = self.page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
        found = []
        for href in hrefs:
            parts = urlsplit(href)
            if parts.netloc and self.base_url.split("//")[1] != parts.netloc or parts.scheme not in ("", "http"):
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path and path.startswith("/") and not SKIP_LINK.search(parts.path):
                found.append(path)
        return found

    def _form_keys(self) -> list[tuple[str, str, tuple[str, ...]]]:
        forms = self.page.eval_on_selector_all(
            FORMS,
            """forms => forms.map(f => [
            (f.getAttribute('hx-post') || f.getAttribute('action') || location.pathname),
            (f.getAttribute('method') || 'get').toLowerCase(),
            [...f.elements].filter(e => e.name && !['hidden', 'submit', 'button'].includes(e.type))
                           .map(e => e.name).sort()])""",
        )
        return [(pattern(urlsplit(action).path), method, tuple(names)) for action, method, names in forms]

    def _new_forms(self, path: str) -> list[tuple[str, str, tuple[str, ...]]]:
        new = [key for key in dict.fromkeys(self._form_keys()) if key not in self.seen_forms]
        self.seen_forms.update(new)
        return new

    def _send(self, path: str, key: tuple, good: bool) -> list[str]:
        action, method, names = key
        if good and ENDS_THE_WALK.search(action):
            return []
        if self._untouched != path:
            self._visit(path, f"reopen {path}")
        self._untouched = None  # the form is filled and sent from here on
        if key not in self._form_keys():
            return []  # the page moved on (a card answered, a draft approved): nothing to send
        form = self.page.locator(FORMS).nth(self._form_keys().index(key))
        if not form.evaluate(CAN_SUBMIT) or not good and not form.evaluate(TYPED):
            return []  # a disabled button, or nothing a person could type wrong
        filled = self._fill_good(form, action) if good else self._fill_bad(form, method)
        step = f"{'good' if good else 'bad'} {method.upper()} {action} from {path} ({', '.join(names) or 'no fields'})"
        self.forms_sent.append(step)
        self._events.clear()
        self._submit(form)
        if not self._check(step):
            return []
        shown_errors = self.page.locator(ERROR_SHOWN).count()
        if good and filled and shown_errors:
            texts = self.page.locator(ERROR_SHOWN).all_inner_texts()
            self.problems.append(f"{step}: good data came back with errors {texts[:3]}")
        if not good and method == "post" and not shown_errors:
            self.problems.append(f"{step}: bad data was not refused with an error")
        landed = urlsplit(self.page.url)
        return [landed.path + (f"?{landed.query}" if landed.query else "")]

    # --- filling ------------------------------------------------------------------------------

    def _fill_good(self, form, action: str) -> bool:
        """Fill the empty fields a person must fill; True when the form asks for anything."""
        self.page.evaluate(
            "form => form.closest('details') && (form.closest('details').open = true)", form.element_handle()
        )
        fields = form.locator(FIELDS)
        asked = False
        # What the loop needs of each field, read in one call rather than a few round trips per field, and read
        # again after each field it fills: a choice may show, hide or swap other fields.
        described = form.evaluate(DESCRIBE_FIELDS, FIELDS)
        for i in range(len(described)):
            if i >= len(described) or not described[i]["usable"] or not described[i]["name"]:
                continue
            asked = True
            if self._fill_field(form, fields.nth(i), described[i], action):
                described = form.evaluate(DESCRIBE_FIELDS, FIELDS)
        return asked

    def _fill_field(self, form, element, described: dict, action: str) -> bool:
        """Fill one field as a person must; True when it was changed."""
        name, kind = described["name"], described["kind"]
        known = self.good_values.get(f"{action} {name}", self.good_values.get(name))
        if known is not None:
            if kind == "file":
                element.set_input_files(known)  # the path of a file the test wrote
            elif kind == "radio" or kind == "checkbox" and described["group"] > 1:
                form.locator(f"[name='{name}'][value='{known}']").check()
            elif kind == "checkbox":
                element.check()
            elif kind == "select":
                element.select_option(known)
            else:
                element.fill(known)
        elif kind == "radio" or kind == "checkbox" and described["group"] > 1:
            # A choice of one, or of several (classes, topics): pick the first when none is picked yet.
            group = form.locator(f"[name='{name}']")
            if any(group.nth(j).is_checked() for j in range(group.count())):
                return False
            group.first.check()
        elif kind == "select" and not described["value"] and described["choices"]:
            element.select_option(described["choices"][0])
        elif kind not in ("checkbox", "file", "select") and not described["value"]:
            element.fill(_plausible(kind, name, described["min"]))
        else:
            return False
        return True

    def _fill_bad(self, form, method: str) -> bool:
        """What no person should get away with: far too long text, absurd numbers and dates, unknown choices."""
        text = HUGE_TEXT if method == "post" else LONG_QUERY
        self.page.evaluate(
            """([form, text]) => {
            form.noValidate = true;
            if (form.closest('details')) form.closest('details').open = true;
            for (const e of form.elements) {
                if (!e.name || ['hidden', 'submit', 'button', 'file', 'checkbox', 'radio'].includes(e.type)) continue;
                e.removeAttribute('maxlength'); e.removeAttribute('min'); e.removeAttribute('max');
                e.removeAttribute('pattern'); e.removeAttribute('required');
                if (e.tagName === 'SELECT') {
                    e.add(new Option('bogus', 'no-such-choice-999999'));
                    e.value = 'no-such-choice-999999';
                } else if (e.type === 'number' || e.type === 'range') { e.type = 'text'; e.value = '99999999999999'; }
                else if (e.type === 'date' || e.type === 'datetime-local' || e.type === 'time') {
                    const kind = e.type; e.type = 'text'; e.value = kind === 'time' ? '99:99' : '99999-99-99';
                }
                else e.value = e.name.includes('step') ? '99999999999d' : text;
            }
        }""",
            [form.element_handle(), text],
        )
        return True

    def _submit(self, form) -> None:
        button = form.locator("button[type=submit], button:not([type]), input[type=submit]").first
        if button.count() and button.is_visible():
            button.click()
        else:
            form.evaluate("f => f.requestSubmit()")
        self._settle()

    def _settle(self) -> None:
        """Wait until htmx has swapped, or the page it sent the browser to (HX-Redirect) has loaded: no request
        in flight, none started for a moment, and the page settled."""
        quiet_since = None
        for _ in range(SETTLE_LOOKS):
            self.page.wait_for_timeout(QUIET_MS // 2)
            try:
                settled = not self._in_flight and self.page.evaluate(SETTLED)
            except PlaywrightError:  # the page navigated away while we looked: look again
                settled = False
            if not settled:
                quiet_since = None
            elif quiet_since == self._requests_started:
                return
            else:
                quiet_since = self._requests_started
        raise NeverSettled(self._why_unsettled())

    def _why_unsettled(self) -> str:
        seconds = SETTLE_LOOKS * QUIET_MS / 2000
        waiting = sorted(f"{request.method} {request.url}" for request in self._in_flight)
        if waiting:
            why = f"requests still unanswered: {', '.join(waiting)}"
        else:
            why = "requests kept starting, or the page kept no <main> or an htmx request, swap or settle going"
        return f"The page at {self.page.url} did not settle in {seconds:g} s: {why}."

    # --- checks -------------------------------------------------------------------------------

    def _check(self, step: str) -> bool:
        found = list(self._events)
        mains, headers, twice = self.page.evaluate(PAGE_SHAPE)
        if (mains, headers) != (1, 1):
            found.append(f"{mains} <main> and {headers} site headers")
        if twice:
            found.append(f"ids used twice (labels and fragments find the wrong one): {twice}")
        if found:
            self.problems.append(f"{step}: {'; '.join(found)}")
        return not found


def _plausible(kind: str, name: str, minimum: str | None) -> str:
    """A value a person would type: numbers at their minimum, dates ahead, text that names its field."""
    if kind == "number":
        return minimum or "1"
    if kind == "email":
        return "walker@example.com"
    if kind == "date":
        return "2030-06-01"
    if kind == "datetime-local":
        return "2030-06-08T09:00" if "close" in name or "end" in name else "2030-06-01T09:00"
    if kind == "time":
        return "09:00"
    if kind == "url":
        return "https://example.com/"
    if kind == "password":
        return "a-long-fine-password-42"
    return f"My {name.replace('_', ' ')}"
