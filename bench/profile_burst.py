"""The exam-day burst in one process: ms per request for each step a learner takes, or a profile of one step.

    python bench/profile_burst.py --no-profile            # ms per step against the page floor (medians of rounds)
    python bench/profile_burst.py --step start            # where Start spends its time (pyinstrument)
    python bench/profile_burst.py --db postgres --step start --html /tmp/start.html

Seeds a burst database of its own once per number of learners (`seed_burst`: one timed
16-question quiz and its logged-in learners; SQLite files in /tmp, or PostgreSQL databases
`bench_profile_burst_<learners>`; `--reseed` after a migration), works on a fresh copy, then
walks each learner through the burst with Django's test client under the load run's settings
(DEBUG off, bench/settings.py, every middleware) as bench/burst.py does: Start as the quiz page's
button sends it (hx-boost), which answers with the attempt page (the learner's first page with the
header, as in the burst), the attempt page reloaded (which the burst does not do), one autosave per
question, "Submit…", "Submit now" and the review; then the quiz page, which the burst does not open.
A learner can start the quiz once, so each round takes fresh learners; the first round warms the
process up and is not counted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from http.cookies import SimpleCookie
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.run import PG_SOCKET, PYTHON, collectstatic, manage_env, server_env  # noqa: E402

OPTION = re.compile(r'name="r-(\d+)" value="(\d+)"')
STEPS = ("start", "attempt", "autosave", "submit-ask", "submit-now", "review", "quiz")
SQLITE = Path("/tmp/profile-burst.sqlite3")
PG_NAME = "bench_profile_burst"
SESSIONS = Path("/tmp/profile-burst-sessions.json")
BOOSTED = {"HTTP_HX_REQUEST": "true", "HTTP_HX_BOOSTED": "true"}  # the quiz page's Start button


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--rounds", type=int, default=5, help="counted rounds (one more warms up)")
    parser.add_argument("--per-round", type=int, default=40, help="learners per round")
    parser.add_argument("--conn-max-age", type=int, default=600)
    parser.add_argument("--step", choices=STEPS, default="start", help="the step to profile")
    parser.add_argument("--html", type=Path)
    parser.add_argument(
        "--reseed", action="store_true", help="seed again (after a migration or a change to seed_burst)"
    )
    parser.add_argument("--no-profile", action="store_true", help="time every step and the page floor instead")
    args = parser.parse_args()
    learners = (args.rounds + 1) * args.per_round
    collectstatic()  # DEBUG off: pages name their static files through the manifest, as in the load run
    url = seed(args.db, learners, args.reseed)
    env = server_env(url, args.conn_max_age)
    env["ALLOWED_HOSTS"] = "testserver"
    os.environ.update(env)  # the bench settings, floor pages and all
    import django

    django.setup()
    from django.test import Client

    seeded = json.loads(SESSIONS.read_text())
    # One test client (a client loads the middleware on its first request, and WhiteNoise then
    # scans the static files), wearing each learner's cookies in turn.
    client = Client()
    clients = []
    for cookies in seeded["cookies"].values():
        jar = SimpleCookie()
        for name, value in cookies.items():
            jar[name] = value
        clients.append(As(client, jar))
    rounds = [clients[n * args.per_round : (n + 1) * args.per_round] for n in range(args.rounds + 1)]
    walk = Walk(seeded["quiz"])
    if args.no_profile:
        return report_times(walk, rounds)
    return report_profile(walk, rounds, args.step, args.html)


def seed(kind: str, learners: int, again: bool) -> str:
    """A fresh copy of a seeded burst database (seeded once per number of learners, then kept); its URL."""
    if kind == "sqlite":
        template, copy = SQLITE.with_name(f"{SQLITE.stem}-{learners}{SQLITE.suffix}"), SQLITE
        sessions = template.with_suffix(".json")
        if again or not template.exists() or not sessions.exists():
            for path in template.parent.glob(f"{template.name}*"):
                path.unlink()
            _seed(f"sqlite:///{template}", learners, sessions)
        for path in copy.parent.glob(f"{copy.name}*"):
            path.unlink()
        shutil.copyfile(template, copy)
        SESSIONS.write_text(sessions.read_text())
        return f"sqlite:///{copy}"
    import psycopg

    host = PG_SOCKET.replace("/", "%2F")
    template, sessions = f"{PG_NAME}_{learners}", SESSIONS.with_name(f"{SESSIONS.stem}-pg-{learners}.json")
    with psycopg.connect(f"dbname=postgres host={PG_SOCKET}", autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone()
        if again or not found or not sessions.exists():
            conn.execute(f"DROP DATABASE IF EXISTS {template} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {template}")
            _seed(f"postgres://{host}/{template}", learners, sessions)
        conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {PG_NAME} TEMPLATE {template}")
    SESSIONS.write_text(sessions.read_text())
    return f"postgres://{host}/{PG_NAME}"


def _seed(url: str, learners: int, sessions: Path) -> None:
    for command, env in (
        (["migrate", "--no-input", "-v0"], manage_env(url)),
        (["import_content", "-v0"], manage_env(url)),
        # Sessions are signed with the secret key of the process that reads them: the server's.
        (["seed_burst", "--learners", str(learners), "--sessions", str(sessions)], server_env(url, 0)),
    ):
        subprocess.run([PYTHON, "manage.py", *command], cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)


class As:
    """The shared test client as one learner: their cookies on, for each request."""

    def __init__(self, client, jar: SimpleCookie):
        self.client, self.jar = client, jar

    def get(self, *args, **kwargs):
        self.client.cookies = self.jar
        return self.client.get(*args, **kwargs)

    def post(self, *args, **kwargs):
        self.client.cookies = self.jar
        return self.client.post(*args, **kwargs)


class Walk:
    """One learner's way through the burst, each request timed by the step it belongs to."""

    def __init__(self, quiz: int):
        self.quiz = quiz
        self.seconds = {step: 0.0 for step in STEPS}
        self.counts = {step: 0 for step in STEPS}
        self.around: Callable | None = None  # wraps the timed step (the profiler), when set
        self.only = ""

    def timed(self, step: str, request: Callable, expect: int):
        if self.around and step == self.only:
            self.around[0]()
        started = time.process_time()
        response = request()
        self.seconds[step] += time.process_time() - started
        if self.around and step == self.only:
            self.around[1]()
        self.counts[step] += 1
        if response.status_code != expect:
            raise SystemExit(f"{step}: status {response.status_code}, expected {expect}")
        return response

    def take(self, client) -> None:
        quiz = f"/quizzes/{self.quiz}/"
        started = self.timed("start", lambda: client.post(f"{quiz}start/", **BOOSTED), 200)
        attempt, page = started["HX-Push-Url"], started.content.decode()
        self.timed("attempt", lambda: client.get(attempt), 200)  # a reload, which the burst does not make
        answers = dict(OPTION.findall(page))  # the last option of each question
        for response, option in answers.items():
            data = {"response": response, "shown": response, f"r-{response}": option}
            saved = self.timed(
                "autosave", lambda data=data: client.post(f"{attempt}save/", data, HTTP_HX_REQUEST="true"), 200
            )
            if b"Saved" not in saved.content:
                raise SystemExit("autosave: not saved")
        self.timed("submit-ask", lambda: client.post(f"{attempt}submit/", HTTP_HX_REQUEST="true"), 200)
        review = self.timed("submit-now", lambda: client.post(f"{attempt}submit/", {"confirm": "1"}), 302).url
        self.timed("review", lambda: client.get(review), 200)
        self.timed("quiz", lambda: client.get(quiz), 200)

    def per_request_ms(self) -> dict[str, float]:
        return {step: self.seconds[step] / self.counts[step] * 1000 for step in STEPS if self.counts[step]}

    def reset(self) -> None:
        self.seconds = dict.fromkeys(STEPS, 0.0)
        self.counts = dict.fromkeys(STEPS, 0)


def report_times(walk: Walk, rounds: list[list]) -> int:
    """Unprofiled: each round, page-floor requests then the learners' walks; medians over the rounds.

    Times are this process's CPU (`time.process_time`), which is what a server worker spends on a
    request, and which other work on a shared machine does not inflate as it does the wall clock."""
    floors, steps = [], {step: [] for step in STEPS}
    for number, clients in enumerate(rounds):
        started = time.process_time()
        for client in clients:
            client.get("/bench/floor/page")
        floor = (time.process_time() - started) / len(clients) * 1000
        walk.reset()
        for client in clients:
            walk.take(client)
        if number == 0:
            continue  # warming up
        floors.append(floor)
        for step, ms in walk.per_request_ms().items():
            steps[step].append(ms)
    floor = statistics.median(floors)
    print(f"{len(rounds) - 1} rounds of {len(rounds[0])} learners; CPU ms per request, medians of the rounds' means")
    print(f"{'step':<12} {'CPU ms':>7} {'floors':>7}")
    print(f"{'page floor':<12} {floor:7.2f} {1:7.2f}")
    for step, values in steps.items():
        ms = statistics.median(values)
        print(f"{step:<12} {ms:7.2f} {ms / floor:7.2f}")
    submit = statistics.median(steps["submit-now"]) + statistics.median(steps["review"])
    print(
        f"start (Start, with the attempt page) {statistics.median(steps['start']):.1f} ms; "
        f"submit (Submit now + review) {submit:.1f} ms"
    )
    return 0


def report_profile(walk: Walk, rounds: list[list], step: str, html: Path | None) -> int:
    from pyinstrument import Profiler

    for client in rounds[0]:
        walk.take(client)  # warming up, not profiled
    walk.reset()
    profiler = Profiler(interval=0.0005)
    walk.around, walk.only = (profiler.start, profiler.stop), step
    for clients in rounds[1:]:
        for client in clients:
            walk.take(client)
    print(f"{walk.counts[step]} {step} requests: {walk.per_request_ms()[step]:.1f} CPU ms each (profiled)")
    print(profiler.output_text(unicode=True, color=False, show_all=bool(os.environ.get("PROFILE_ALL"))))
    if html:
        html.write_text(profiler.output_html())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
