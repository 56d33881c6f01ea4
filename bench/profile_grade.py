"""Profile the grade round trip in-process with pyinstrument, on a copy of a seeded bench database.

    python bench/profile_grade.py [--size 1x] [--db sqlite|postgres] [--requests 300] [--html out.html]
                                  [--show-answer]

With --show-answer each grade follows the answer page, as the study loop runs it (the profile then
holds both requests, and --no-profile times each).

Runs the same settings as the load run (DEBUG off, bench/settings.py) through Django's
test client, so every middleware is included; prints where the time goes.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.run import django_on_a_copy  # noqa: E402

TOKEN = re.compile(r'name="token" value="([^"]+)"')


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="1x")
    parser.add_argument("--db", default="sqlite")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--conn-max-age", type=int, default=600)
    parser.add_argument("--html", type=Path)
    parser.add_argument("--show-answer", action="store_true", help="open the answer before each grade")
    parser.add_argument(
        "--no-profile", action="store_true", help="time grade and page-floor requests in turn instead of profiling"
    )
    args = parser.parse_args()
    with django_on_a_copy(args.db, args.size, args.conn_max_age):
        from django.contrib.auth.models import User
        from django.test import Client
        from pyinstrument import Profiler

        clients = []
        for n in range(32):
            client = Client(enforce_csrf_checks=False)
            client.force_login(User.objects.get(username=f"bench-{n:05d}"))
            token = TOKEN.search(client.get("/study/").content.decode()).group(1)
            clients.append([client, token])
        if args.no_profile:
            return time_against_floor(clients, args.requests, args.show_answer)
        profiler = Profiler(interval=0.0005)
        done, started = 0, time.perf_counter()
        profiler.start()
        while done < args.requests:
            for entry in clients:
                if args.show_answer:
                    show_answer(entry)
                grade_once(entry)
                done += 1
        profiler.stop()
        elapsed = time.perf_counter() - started
        print(f"{done} grade requests in {elapsed:.2f} s: {elapsed / done * 1000:.1f} ms each (one process, profiled)")
        print(profiler.output_text(unicode=True, color=False, show_all=bool(os.environ.get("PROFILE_ALL"))))
        if args.html:
            args.html.write_text(profiler.output_html())
    return 0


def show_answer(entry: list) -> None:
    client, token = entry
    response = client.get("/study/answer/", {"token": token}, HTTP_HX_REQUEST="true")
    assert b'name="rating"' in response.content, response.content[:300]


def grade_once(entry: list) -> None:
    client, token = entry
    response = client.post(
        "/study/grade/", {"token": token, "rating": random.choice("1333334")}, HTTP_HX_REQUEST="true"
    )
    found = TOKEN.search(response.content.decode())
    entry[1] = found.group(1) if found else TOKEN.search(client.get("/study/").content.decode()).group(1)


def time_against_floor(clients: list, requests: int, with_answers: bool = False) -> int:
    """Unprofiled, one process: ms per grade (and answer page) and per page-floor request, alternating rounds."""
    grade_ms, answer_ms, floor_ms = [], [], []
    rounds = requests // 5
    for _ in range(5):
        started = time.perf_counter()
        for n in range(rounds):
            clients[n % len(clients)][0].get("/bench/floor/page")
        floor_ms.append((time.perf_counter() - started) / rounds * 1000)
        spent_answering = spent_grading = 0.0
        for n in range(rounds):
            entry = clients[n % len(clients)]
            if with_answers:
                started = time.perf_counter()
                show_answer(entry)
                spent_answering += time.perf_counter() - started
            started = time.perf_counter()
            grade_once(entry)
            spent_grading += time.perf_counter() - started
        grade_ms.append(spent_grading / rounds * 1000)
        answer_ms.append(spent_answering / rounds * 1000)
    floor, grade, answer = sorted(floor_ms)[2], sorted(grade_ms)[2], sorted(answer_ms)[2]
    print(
        f"page floor {floor:.2f} ms, grade {grade:.2f} ms: "
        f"grade costs {grade / floor:.2f} page floors (medians of 5 rounds)"
    )
    if with_answers:
        print(f"answer page {answer:.2f} ms: {answer / floor:.2f} page floors")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
