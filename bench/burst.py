"""The exam-day burst: N learners, already logged in, start the same timed quiz within seconds.

    python bench/burst.py                          # 1,000 learners on SQLite (part of `make bench`)
    python bench/burst.py --db postgres --learners 1000
    python bench/burst.py --learners 100 --window 5 --think 2   # a quick look

Each learner presses Start at a random moment in the first `--window` seconds (the "start"
figure: Start as the quiz page's button sends it, hx-boost, answered with the attempt page),
answers the 16 questions one by one through the page's autosave, thinking `--think` seconds
±50 % before each ("autosave"), then presses "Submit now" and opens the review ("submit").
Afterwards the database is read to check that every learner has one submitted attempt and
that every answer they gave was saved, once, as the last value they sent. The server is
bench/run.py's: gunicorn with two sync workers and the bench settings, on a fresh database
seeded by `seed_burst`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.run import DATA, PG_SOCKET, PYTHON, Server, collectstatic, manage_env, server_env  # noqa: E402
from bench.stats import percentile  # noqa: E402

OPTION = re.compile(r'name="r-(\d+)" value="(\d+)"')
PHASES = ("start", "autosave", "submit")


@dataclass
class Phase:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0

    def summary(self) -> dict:
        ms = lambda q: round(percentile(self.latencies, q) * 1000) if self.latencies else None  # noqa: E731
        return {
            "count": len(self.latencies),
            "errors": self.errors,
            "p50_ms": ms(50),
            "p95_ms": ms(95),
            "p99_ms": ms(99),
        }


@dataclass
class Learner:
    username: str
    cookies: dict
    sent: dict[int, int] = field(default_factory=dict)  # response id → the option last sent for it
    finished: bool = False

    def headers(self, post: bool = False) -> dict:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if post:
            headers["X-CSRFToken"] = self.cookies["csrftoken"]
        return headers


class Burst:
    def __init__(self, base: str, http: aiohttp.ClientSession, quiz: int, think: float, window: float):
        self.base, self.http, self.quiz, self.think, self.window = base, http, quiz, think, window
        self.phases = {name: Phase() for name in PHASES}

    async def request(
        self, learner: Learner, method: str, path: str, data: dict | None = None, htmx: bool = False, boosted=False
    ):
        headers = learner.headers(post=method == "POST")
        if htmx or boosted:
            headers["HX-Request"] = "true"
        if boosted:
            headers["HX-Boosted"] = "true"
        try:
            async with self.http.request(
                method, self.base + path, data=data, headers=headers, allow_redirects=False
            ) as answer:
                for name, morsel in answer.cookies.items():  # the session, CSRF and messages cookies
                    learner.cookies[name] = morsel.value
                return answer.status, await answer.text(), answer.headers
        except (TimeoutError, aiohttp.ClientError):
            return 0, "", {}

    async def pause(self) -> None:
        await asyncio.sleep(self.think * random.uniform(0.5, 1.5))

    async def take(self, learner: Learner) -> None:
        await asyncio.sleep(random.uniform(0, self.window))
        started = time.perf_counter()
        status, page, headers = await self.request(learner, "POST", f"/quizzes/{self.quiz}/start/", boosted=True)
        attempt = headers.get("HX-Push-Url", "")  # the attempt page's address, which htmx shows
        options: dict[int, list[int]] = {}
        for response, option in OPTION.findall(page):
            options.setdefault(int(response), []).append(int(option))
        if status != 200 or not attempt or len(options) == 0:
            self.phases["start"].errors += 1
            return
        self.phases["start"].latencies.append(time.perf_counter() - started)
        for response, choices in options.items():
            await self.pause()
            option = random.choice(choices)
            data = {"response": response, "shown": response, f"r-{response}": option}
            started = time.perf_counter()
            status, body, _ = await self.request(learner, "POST", attempt + "save/", data, htmx=True)
            if status == 200 and "Saved" in body:
                self.phases["autosave"].latencies.append(time.perf_counter() - started)
                learner.sent[response] = option
            else:
                self.phases["autosave"].errors += 1
        await self.pause()
        started = time.perf_counter()
        status, _, headers = await self.request(learner, "POST", attempt + "submit/", {"confirm": "1"})
        review = headers.get("Location", "") if status == 302 else ""
        status, page, _ = await self.request(learner, "GET", review) if review else (0, "", {})
        if status == 200 and "Your answers were submitted" in page:
            self.phases["submit"].latencies.append(time.perf_counter() - started)
            learner.finished = True
        else:
            self.phases["submit"].errors += 1


def seed(kind: str, learners: int, log) -> tuple[str, dict]:
    """A fresh database with the burst seeded; returns its URL and the sessions file's content."""
    sessions = DATA / "burst-sessions.json"
    if kind == "sqlite":
        for path in DATA.glob("burst.sqlite3*"):
            path.unlink()
        url = f"sqlite:///{DATA / 'burst.sqlite3'}"
    else:
        import psycopg

        with psycopg.connect(f"dbname=postgres host={PG_SOCKET}", autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS bench_burst WITH (FORCE)")
            conn.execute("CREATE DATABASE bench_burst")
        url = f"postgres://{PG_SOCKET.replace('/', '%2F')}/bench_burst"
    for command, env in (
        (["migrate", "--no-input", "-v0"], manage_env(url)),
        (["import_content", "-v0"], manage_env(url)),
        # The server's environment: sessions are signed with its secret key.
        (["seed_burst", "--learners", str(learners), "--sessions", str(sessions)], server_env(url, 0)),
    ):
        log(f"manage.py {command[0]}")
        subprocess.run([PYTHON, "manage.py", *command], cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)
    return url, json.loads(sessions.read_text())


def check_database(url: str, quiz: int, learners: list[Learner]) -> dict:
    """Every learner: one submitted attempt; every answer sent saved once, as the last value sent."""
    rows = _rows(
        url,
        "SELECT u.username, a.id, a.submitted_at IS NOT NULL, r.id, r.selected FROM quizzes_attempt a "
        "JOIN auth_user u ON u.id = a.learner_id JOIN quizzes_response r ON r.attempt_id = a.id WHERE a.quiz_id = %s",
        quiz,
    )
    attempts: dict[str, set[int]] = {}
    saved: dict[int, list[int]] = {}
    unsubmitted = set()
    for username, attempt, submitted, response, selected in rows:
        attempts.setdefault(username, set()).add(attempt)
        if not submitted:
            unsubmitted.add(attempt)
        saved[response] = json.loads(selected) if isinstance(selected, str) else selected
    sent = {response: option for learner in learners for response, option in learner.sent.items()}
    return {
        "learners_with_one_attempt": sum(1 for ids in attempts.values() if len(ids) == 1),
        "learners_with_more_attempts": sum(1 for ids in attempts.values() if len(ids) > 1),
        "attempts_not_submitted": len(unsubmitted),
        "answers_sent": len(sent),
        "answers_lost": sum(1 for response, option in sent.items() if saved.get(response) != [option]),
        "answers_doubled": sum(1 for value in saved.values() if value is not None and len(value) > 1),
    }


def _rows(url: str, sql: str, *params) -> list[tuple]:
    if url.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            return conn.execute(sql.replace("%s", "?"), params).fetchall()
    import psycopg

    with psycopg.connect(f"dbname=bench_burst host={PG_SOCKET}") as conn:
        return conn.execute(sql, params).fetchall()


async def drive(args, url: str, seeded: dict, log) -> dict:
    learners = [Learner(name, cookies) for name, cookies in seeded["cookies"].items()]
    server = Server(url, args.conn_max_age, backlog=args.backlog)
    server.start()
    try:
        connector = aiohttp.TCPConnector(limit=0, force_close=True)
        async with aiohttp.ClientSession(
            connector=connector, cookie_jar=aiohttp.DummyCookieJar(), timeout=aiohttp.ClientTimeout(total=300)
        ) as http:
            burst = Burst(server.base, http, seeded["quiz"], args.think, args.window)
            log(f"{len(learners)} learners start within {args.window:g} s, thinking {args.think:g} s ±50 %")
            started, cpu = time.perf_counter(), time.process_time()
            await asyncio.gather(*(burst.take(learner) for learner in learners))
            seconds, driver_cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        server.stop()
    return {
        "db": args.db,
        "learners": len(learners),
        "window_s": args.window,
        "think_s": args.think,
        "backlog": args.backlog,
        "seconds": round(seconds, 1),
        "driver_cpu_s": round(driver_cpu, 1),
        "finished": sum(1 for learner in learners if learner.finished),
        **{name: phase.summary() for name, phase in burst.phases.items()},
        "database": check_database(url, seeded["quiz"], learners),
    }


def markdown(result: dict) -> str:
    lines = [
        f"Exam-day burst, {result['db']}: {result['learners']} learners, start within {result['window_s']:g} s, "
        f"think {result['think_s']:g} s ±50 %; {result['finished']} finished in {result['seconds']} s.",
        "",
        "| | count | errors | p50 ms | p95 ms | p99 ms |",
        "|---|---|---|---|---|---|",
    ]
    for name in PHASES:
        p = result[name]
        lines.append(f"| {name} | {p['count']} | {p['errors']} | {p['p50_ms']} | {p['p95_ms']} | {p['p99_ms']} |")
    d = result["database"]
    lines += [
        "",
        f"Database: {d['learners_with_one_attempt']} learners with one attempt ({d['learners_with_more_attempts']} "
        f"with more), {d['attempts_not_submitted']} attempts not submitted, {d['answers_sent']} answers sent, "
        f"{d['answers_lost']} lost, {d['answers_doubled']} doubled.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--window", type=float, default=10.0, help="seconds over which learners press Start")
    parser.add_argument("--think", type=float, default=10.0, help="mean seconds before each answer (±50 %%)")
    parser.add_argument("--conn-max-age", type=int, default=600)
    parser.add_argument("--backlog", type=int, default=2048, help="connections the server's socket queues")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "burst.json")
    args = parser.parse_args(argv)
    random.seed(args.seed)
    DATA.mkdir(exist_ok=True)
    began = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - began:6.1f}s] {message}", flush=True)

    collectstatic()
    url, seeded = seed(args.db, args.learners, log)
    result = asyncio.run(drive(args, url, seeded, log))
    runs = json.loads(args.out.read_text()) if args.out.exists() else {}
    runs[args.db] = result
    args.out.write_text(json.dumps(runs, indent=1))
    print(markdown(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
