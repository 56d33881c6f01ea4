"""Time or profile the learner dashboard and the class view in-process, on a copy of a seeded bench database.

    python bench/profile_pages.py [--size 100x] [--db sqlite|postgres] [--requests 40] [--rounds 5]
    python bench/profile_pages.py --profile dashboard|class-view [--html out.html]
    python bench/profile_pages.py --cold      # every request with nothing cached (a first view)

Without --profile: ms per request for the page floor, the dashboard (32 learners in turn) and the class
view (32 instructors, each their own class of 50), in alternating rounds, and the medians of the rounds
(the machine is shared: compare medians of repeated runs). Every account's first request is made before
timing, so the rounds time repeated views; --cold empties Django's cache before each request instead.
With --profile: where one page's time goes (pyinstrument). Same settings as the load run (DEBUG off,
bench/settings.py), through Django's test client, so every middleware is included.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.run import collectstatic, django_on_a_copy  # noqa: E402

CONCURRENT = 32  # as many accounts as the load run's concurrent slots


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="100x")
    parser.add_argument("--db", default="sqlite")
    parser.add_argument("--requests", type=int, default=40, help="requests per page in each round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--conn-max-age", type=int, default=600)
    parser.add_argument("--profile", choices=["dashboard", "class-view"], help="profile this page instead of timing")
    parser.add_argument("--html", type=Path)
    parser.add_argument("--cold", action="store_true", help="empty the cache before each request: first views")
    args = parser.parse_args()
    collectstatic()  # the pages link static files through WhiteNoise's manifest
    with django_on_a_copy(args.db, args.size, args.conn_max_age):
        pages = {"page floor": floor_requests(), "dashboard": dashboard_requests(), "class-view": class_requests()}
        if args.profile:
            profile(pages[args.profile], args.requests * args.rounds, args.html)
        else:
            time_pages(pages, args.requests, args.rounds, args.cold)
    return 0


def _client(username: str):
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def floor_requests() -> list:
    return [(_client(f"bench-{n:05d}"), "/bench/floor/page") for n in range(CONCURRENT)]


def dashboard_requests() -> list:
    return [(_client(f"bench-{n:05d}"), "/progress/") for n in range(CONCURRENT)]


def class_requests() -> list:
    from studyapp.classes.models import Class

    classes = Class.objects.filter(instructor__username__startswith="bench-teacher-").select_related("instructor")
    return [(_client(k.instructor.username), f"/progress/classes/{k.pk}/") for k in classes.order_by("pk")[:CONCURRENT]]


def run(requests: list, count: int, cold: bool = False) -> float:
    """ms per request over `count` requests, taking the accounts in turn (with nothing cached when cold)."""
    from django.core.cache import cache

    elapsed = 0.0
    for n in range(count):
        client, path = requests[n % len(requests)]
        if cold:
            cache.clear()
        started = time.perf_counter()
        response = client.get(path)
        elapsed += time.perf_counter() - started
        assert response.status_code == 200, (path, response.status_code)
    return elapsed / count * 1000


def time_pages(pages: dict, count: int, rounds: int, cold: bool) -> None:
    for requests in pages.values():
        run(requests, len(requests))  # warm every account's first request
    times: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(rounds):
        for name, requests in pages.items():
            times[name].append(run(requests, count, cold))
    floor = statistics.median(times["page floor"])
    for name, values in times.items():
        median = statistics.median(values)
        spread = f"{min(values):.2f}–{max(values):.2f}"
        print(f"{name:>10}: {median:7.2f} ms (rounds {spread}), {median / floor:5.2f} page floors")
    views = "first views (nothing cached)" if cold else "repeated views"
    print(f"medians of {rounds} rounds of {count} requests each, {views}; one process, no concurrency")


def profile(requests: list, count: int, html: Path | None) -> None:
    from pyinstrument import Profiler

    run(requests, len(requests))
    profiler = Profiler(interval=0.0005)
    profiler.start()
    started = time.perf_counter()
    run(requests, count)
    elapsed = time.perf_counter() - started
    profiler.stop()
    print(f"{count} requests in {elapsed:.2f} s: {elapsed / count * 1000:.1f} ms each (one process, profiled)")
    print(profiler.output_text(unicode=True, color=False, show_all=bool(os.environ.get("PROFILE_ALL"))))
    if html:
        html.write_text(profiler.output_html())


if __name__ == "__main__":
    raise SystemExit(main())
