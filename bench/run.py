"""Load driver: the app's key requests over HTTP against two floors, per database and data size.

    python bench/run.py                  # what `make bench` runs (under 10 minutes)
    python bench/run.py --plan full      # every size on both databases (`make bench-full`)
    python bench/run.py --only sqlite:1x:grade --slice-seconds 2 --rounds 2

For each (database, size) it seeds the size once (cached under bench/data/ or
as a PostgreSQL database named by size), works on a fresh copy, starts
`gunicorn -w 2` on 127.0.0.1 with DEBUG off and the bench settings
(bench/settings.py: the floor pages and query counts), logs each simulated
learner in on their own account, and runs short alternating slices — static
floor, page floor, scenario — at the same concurrency, round after round. It
writes bench/results.json and bench/results.md (see bench/README.md).

The driver shares two cores with the server, so it is a single asyncio loop
with aiohttp, reads only what a scenario needs from each answer, and reports
the CPU it used per request.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import aiohttp

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.report import write_markdown  # noqa: E402
from bench.stats import Slice, pool, ratios  # noqa: E402

DATA = REPO / "bench" / "data"
PYTHON = sys.executable
SETTINGS = "bench.settings"  # production's plus the bench app; every manage.py and gunicorn here runs with them
PASSWORD = "bench-password"  # seed_bench's
PG_SOCKET = "/var/run/postgresql"
CONCURRENCY = 32
SPARES = 48  # extra learners, logged in up front, for a learner whose queue runs dry mid-run
NEW_SPARES = 16  # the same for learners with no history (seed_bench makes 48 of them)

SIZES = {
    "1x": {"learners": 50, "cards": 100, "reviews": 1000},
    "10x": {"learners": 500, "cards": 100, "reviews": 1000},
    "100x": {"learners": 5000, "cards": 100, "reviews": 1000},
    # One learner with a long history: the dashboard goal (100,000 reviews under 150 ms).
    "heavy": {"learners": 1, "cards": 6000, "reviews": 100_000, "instructors": 0},
}


SEED_VERSION = 5  # bumped when seed_bench makes different data: cached seeds of older versions are not used


def spec_name(size: dict) -> str:
    return f"v{SEED_VERSION}-l{size['learners']}-c{size['cards']}-r{size['reviews']}"


# --------------------------------------------------------------------------
# Databases: one seeded per size, kept; a fresh copy for each run
# --------------------------------------------------------------------------


class Database:
    def __init__(self, kind: str, size_name: str):
        self.kind, self.size_name, self.size = kind, size_name, SIZES[size_name]
        self.spec = spec_name(self.size)
        self.sidecar = DATA / f"{kind}-{self.spec}.json"
        if kind == "sqlite":
            self.template = DATA / f"sqlite-{self.spec}.sqlite3"
            self.copy = DATA / "run.sqlite3"
            self.template_url, self.url = f"sqlite:///{self.template}", f"sqlite:///{self.copy}"
        else:
            self.template = "bench_" + self.spec.replace("-", "_")
            self.copy = "bench_run"
            host = PG_SOCKET.replace("/", "%2F")
            self.template_url, self.url = f"postgres://{host}/{self.template}", f"postgres://{host}/{self.copy}"

    def _admin(self, sql: str) -> list:
        import psycopg

        with psycopg.connect(f"dbname=postgres host={PG_SOCKET}", autocommit=True) as conn:
            cur = conn.execute(sql)
            return cur.fetchall() if cur.description else []

    def _exists(self) -> bool:
        if self.kind == "sqlite":
            return self.template.exists()
        return bool(self._admin(f"SELECT 1 FROM pg_database WHERE datname = '{self.template}'"))

    def ensure_seeded(self, log) -> dict:
        """Seed this size unless a finished seed is cached; return how long seeding took (then or now)."""
        if self.sidecar.exists() and self._exists():
            # A cached seed follows the schema: apply migrations added since it was made.
            env = manage_env(self.template_url)
            subprocess.run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], cwd=REPO, env=env, check=True)
            info = json.loads(self.sidecar.read_text())
            return {**info, "cached": True}
        log(f"seeding {self.kind} {self.size_name} ({self.spec}) — first time only")
        if self.kind == "sqlite":
            for path in DATA.glob(f"sqlite-{self.spec}.sqlite3*"):
                path.unlink()
        else:
            self._admin(f"DROP DATABASE IF EXISTS {self.template} WITH (FORCE)")
            self._admin(f"CREATE DATABASE {self.template}")
        env = manage_env(self.template_url)
        started = time.perf_counter()
        subprocess.run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], cwd=REPO, env=env, check=True)
        size = self.size
        subprocess.run(
            [
                PYTHON,
                "manage.py",
                "seed_bench",
                "--learners",
                str(size["learners"]),
                "--cards-per-learner",
                str(size["cards"]),
                "--reviews-per-learner",
                str(size["reviews"]),
                "--instructors",
                str(size.get("instructors", 32)),
            ],
            cwd=REPO,
            env=env,
            check=True,
        )
        info = {"seed_seconds": round(time.perf_counter() - started, 1), "seeded_at": _now()}
        self.sidecar.write_text(json.dumps(info))
        return {**info, "cached": False}

    def cookies(self) -> dict:
        return json.loads(self.sidecar.read_text()).get("cookies", {}) if self.sidecar.exists() else {}

    def fresh_copy(self) -> None:
        if self.kind == "sqlite":
            for path in DATA.glob("run.sqlite3*"):
                path.unlink()
            import sqlite3

            with sqlite3.connect(self.template) as conn:  # fold any WAL left behind into the file we copy
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            shutil.copyfile(self.template, self.copy)
        else:
            self._admin(f"DROP DATABASE IF EXISTS {self.copy} WITH (FORCE)")
            self._admin(f"CREATE DATABASE {self.copy} TEMPLATE {self.template} STRATEGY FILE_COPY")

    def drop_copy(self) -> None:
        if self.kind == "sqlite":
            for path in DATA.glob("run.sqlite3*"):
                path.unlink()
        else:
            self._admin(f"DROP DATABASE IF EXISTS {self.copy} WITH (FORCE)")


# --------------------------------------------------------------------------
# The server: gunicorn, two sync workers, DEBUG off
# --------------------------------------------------------------------------


def manage_env(database_url: str) -> dict:
    """The environment of a manage.py command on a bench database (migrate, seed_bench)."""
    return {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": SETTINGS}


def server_env(database_url: str, conn_max_age: int) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": str(conn_max_age),
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on the loopback: no HTTPS redirect or secure-only cookies.
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
    }


def collectstatic() -> None:
    env = server_env("sqlite:////tmp/unused.sqlite3", 0)
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=REPO, env=env, check=True)


@contextmanager
def django_on_a_copy(kind: str, size: str, conn_max_age: int, log=print):
    """Django set up in this process, with the bench settings, on a fresh copy of the seeded database
    of that kind and size (seeded first if need be; the copy is dropped afterwards): for the
    in-process profilers."""
    database = Database(kind, size)
    database.ensure_seeded(log)
    database.fresh_copy()
    env = server_env(database.url, conn_max_age)
    env["ALLOWED_HOSTS"] = "testserver"
    os.environ.update(env)  # DJANGO_SETTINGS_MODULE included: the bench settings, floor pages and all
    try:
        import django

        django.setup()
        yield database
    finally:
        database.drop_copy()


class Server:
    def __init__(self, database_url: str, conn_max_age: int, backlog: int = 256):
        self.port, self.backlog = _free_port(), backlog
        self.env = server_env(database_url, conn_max_age)
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        log = open(DATA / "gunicorn.log", "a")
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "studyapp.wsgi",
                "-w",
                "2",
                "-b",
                f"127.0.0.1:{self.port}",
                "--backlog",
                str(self.backlog),
                "--timeout",
                "120",
            ],
            cwd=REPO,
            env=self.env,
            stdout=log,
            stderr=log,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as answer:
                    if answer.status == 200 and len(self.workers()) == 2:
                        return
            except OSError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited; see bench/data/gunicorn.log")
            time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def workers(self) -> list[int]:
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        except OSError:
            return []
        return [int(pid) for pid in children]

    def peak_rss_mb(self) -> list[float]:
        """VmHWM (peak resident set) of each worker, in MB."""
        peaks = []
        for pid in self.workers():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(round(int(line.split()[1]) / 1024, 1))
        return peaks

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------
# The client: accounts with their own cookies, one shared connection pool
# --------------------------------------------------------------------------

TOKEN = re.compile(r'name="token" value="([^"]+)"')
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Account:
    username: str
    cookies: dict = field(default_factory=dict)
    state: dict = field(default_factory=dict)

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())


class Client:
    def __init__(self, base: str, http: aiohttp.ClientSession):
        self.base, self.http = base, http

    async def call(
        self,
        account: Account,
        method: str,
        path: str,
        *,
        data: dict | None = None,
        htmx: bool = False,
        record: Slice | None = None,
        ok: str | None = None,
        read: bool = True,
    ):
        """One request as `account`; timed into `record` when given. Returns (status, body, headers)."""
        headers = {"Cookie": account.cookie_header()}
        if method == "POST":
            headers["X-CSRFToken"] = account.cookies.get("csrftoken", "")
        if htmx:
            headers["HX-Request"] = "true"
        started = time.perf_counter()
        try:
            async with self.http.request(
                method, self.base + path, data=data, headers=headers, allow_redirects=False
            ) as answer:
                body = await answer.text() if read else await answer.read()
                status, answer_headers = answer.status, answer.headers
                for name, morsel in answer.cookies.items():
                    account.cookies[name] = morsel.value
        except (TimeoutError, aiohttp.ClientError):
            if record is not None:
                record.record(time.perf_counter() - started, False, None)
            return 0, "", {}
        if record is not None:
            good = status == 200 and (ok is None or ok in body)
            queries = answer_headers.get("X-Queries")
            record.record(time.perf_counter() - started, good, int(queries) if queries else None)
        return status, body, answer_headers

    async def login(self, account: Account) -> None:
        _, page, _ = await self.call(account, "GET", "/accounts/login/")
        token = CSRF_FIELD.search(page).group(1)
        status, _, _ = await self.call(
            account,
            "POST",
            "/accounts/login/",
            data={"username": account.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        )
        if status != 302 or "sessionid" not in account.cookies:
            raise RuntimeError(f"log-in of {account.username} failed (HTTP {status})")


# --------------------------------------------------------------------------
# Scenarios: set-up (not timed) and one timed request per step
# --------------------------------------------------------------------------


class Scenario:
    """Adding one: a name, who runs it, an optional prepare(), and step() making one timed request."""

    name = ""
    role = "learner"  # or "instructor"
    exhaustible = False  # True when an account can run out of work (its queue) and must be swapped

    async def prepare(self, client: Client, account: Account) -> bool:
        return True

    async def step(self, client: Client, account: Account, record: Slice) -> bool:
        """Make one request; False when this account has nothing left to do."""
        raise NotImplementedError


class StaticFloor(Scenario):
    name = "static"

    async def step(self, client, account, record):
        await client.call(account, "GET", "/bench/floor/static", record=record)
        return True


class PageFloor(Scenario):
    name = "page"

    async def step(self, client, account, record):
        await client.call(account, "GET", "/bench/floor/page", record=record, ok="Hello")
        return True


async def _study_token(client: Client, account: Account) -> str | None:
    _, body, _ = await client.call(account, "GET", "/study/")
    found = TOKEN.search(body)
    return found.group(1) if found else None


class Grade(Scenario):
    """Post a grade, receive the next card (with its token): the study loop's round trip."""

    name = "grade"
    exhaustible = True
    RATINGS, WEIGHTS = ("1", "2", "3", "4"), (0.1, 0.05, 0.75, 0.1)

    async def prepare(self, client, account):
        account.state["token"] = await _study_token(client, account)
        return account.state["token"] is not None

    async def step(self, client, account, record):
        rating = random.choices(self.RATINGS, self.WEIGHTS)[0]
        status, body, _ = await client.call(
            account,
            "POST",
            "/study/grade/",
            htmx=True,
            record=record,
            data={"token": account.state["token"], "rating": rating},
            ok='data-count="new"',
        )
        if "not recorded" in body:
            record.rejected += 1
        found = TOKEN.search(body) if status == 200 else None
        account.state["token"] = found.group(1) if found else None
        return found is not None or status != 200


class Answer(Scenario):
    """Show the back of the current card with each grade's interval (read only)."""

    name = "answer"

    async def prepare(self, client, account):
        token = await _study_token(client, account)
        account.state["answer_path"] = f"/study/answer/?token={quote(token)}" if token else None
        return token is not None

    async def step(self, client, account, record):
        await client.call(account, "GET", account.state["answer_path"], htmx=True, record=record, ok='name="rating"')
        return True


class StudyLoop(Scenario):
    """The study loop as people run it: show the answer, then grade; each request timed on its own."""

    name = "study-loop"
    exhaustible = True

    async def prepare(self, client, account):
        account.state["token"], account.state["shown"] = await _study_token(client, account), False
        return account.state["token"] is not None

    async def step(self, client, account, record):
        token = account.state["token"]
        if token is None:  # nothing left to show: this learner's queue ran dry
            return False
        if not account.state["shown"]:
            path = f"/study/answer/?token={quote(token)}"
            status, _, _ = await client.call(account, "GET", path, htmx=True, record=record, ok='name="rating"')
            account.state["shown"] = status == 200
            return True
        rating = random.choices(Grade.RATINGS, Grade.WEIGHTS)[0]
        status, body, _ = await client.call(
            account, "POST", "/study/grade/", htmx=True, record=record, data={"token": token, "rating": rating}
        )
        if "not recorded" in body:
            record.rejected += 1
        found = TOKEN.search(body) if status == 200 else None
        account.state["token"], account.state["shown"] = (found.group(1) if found else None), False
        return found is not None or status != 200


class StudyLoopNew(StudyLoop):
    """The same loop for learners starting from zero (no history: new cards and their learning steps)."""

    name = "study-loop-new"
    role = "new-learner"


class TopicPage(Scenario):
    name = "topic"

    async def step(self, client, account, record):
        await client.call(account, "GET", "/topics/lambda/", record=record)
        return True


class Dashboard(Scenario):
    name = "dashboard"

    async def step(self, client, account, record):
        await client.call(account, "GET", "/progress/", record=record)
        return True


class QuizSave(Scenario):
    """Autosave one answer of an open quiz attempt (as the attempt page's HTMX does on input)."""

    name = "quiz-save"
    OPTION = re.compile(r'name="r-(\d+)" value="(\d+)"')

    async def prepare(self, client, account):
        _, body, _ = await client.call(account, "GET", "/quizzes/")
        quiz = re.search(r'href="/quizzes/(\d+)/"', body)
        if not quiz:
            return False
        status, _, headers = await client.call(account, "POST", f"/quizzes/{quiz.group(1)}/start/")
        attempt = headers.get("Location", "") if status == 302 else ""
        _, page, _ = await client.call(account, "GET", attempt)
        options: dict[str, list[str]] = {}
        for response, option in self.OPTION.findall(page):
            options.setdefault(response, []).append(option)
        account.state["quiz"] = (attempt + "save/", options)
        return bool(options)

    async def step(self, client, account, record):
        path, options = account.state["quiz"]
        response = random.choice(list(options))
        data = {"response": response, "shown": response, f"r-{response}": random.choice(options[response])}
        await client.call(account, "POST", path, data=data, htmx=True, record=record, ok="Saved")
        return True


class ClassView(Scenario):
    name = "class-view"
    role = "instructor"

    async def prepare(self, client, account):
        _, body, _ = await client.call(account, "GET", "/classes/")
        found = re.search(r'href="/classes/(\d+)/"', body)
        account.state["class_path"] = f"/progress/classes/{found.group(1)}/" if found else None
        return found is not None

    async def step(self, client, account, record):
        await client.call(account, "GET", account.state["class_path"], record=record)
        return True


SCENARIOS = {
    s.name: s
    for s in (Grade(), StudyLoop(), StudyLoopNew(), Answer(), TopicPage(), Dashboard(), QuizSave(), ClassView())
}
FLOORS = (StaticFloor(), PageFloor())

PLANS = {
    # Under 10 minutes: every scenario on SQLite, the grade round trip alone on PostgreSQL.
    "quick": [
        ("sqlite", "1x", list(SCENARIOS)),
        ("sqlite", "100x", list(SCENARIOS)),
        ("postgres", "1x", ["grade", "study-loop", "study-loop-new"]),
        ("postgres", "100x", ["grade", "study-loop", "study-loop-new"]),
        ("sqlite", "heavy", []),
    ],
    "full": [(db, size, list(SCENARIOS)) for db in ("sqlite", "postgres") for size in ("1x", "10x", "100x")]
    + [("sqlite", "heavy", []), ("postgres", "heavy", [])],
}


# --------------------------------------------------------------------------
# One run: a database at one size, its scenarios in alternating slices
# --------------------------------------------------------------------------


@dataclass
class Pool:
    """The accounts a scenario runs as: one per concurrent slot, plus spares for dry queues."""

    slots: list[Account]
    spares: list[Account]
    swaps: int = 0
    dry: int = 0


class Runner:
    def __init__(self, client: Client, log, slice_seconds: float, rounds: int):
        self.client, self.log = client, log
        self.slice_seconds, self.rounds = slice_seconds, rounds

    async def run_slice(self, scenario: Scenario, pool_: Pool, round_: int, seconds: float) -> Slice:
        record = Slice(scenario.name, round_)
        deadline = time.perf_counter() + seconds

        async def worker(slot: int) -> None:
            while time.perf_counter() < deadline:
                account = pool_.slots[slot]
                if not account.state.get("dry") and await scenario.step(self.client, account, record):
                    continue
                account.state["dry"] = True
                if not await self._swap(scenario, pool_, slot):
                    # No spare left: the slot keeps going on its dry account (a "nothing due" page).
                    pool_.dry += 1
                    await scenario.prepare(self.client, account)
                    account.state["dry"] = False

        if scenario.exhaustible:
            # Another scenario may have studied as the same learners since this pool last did: start from
            # the card each is shown now (untimed), not from a token the server would refuse.
            for account in pool_.slots:
                account.state["dry"] = not await scenario.prepare(self.client, account)
        cpu, started = time.process_time(), time.perf_counter()
        await asyncio.gather(*(worker(i) for i in range(len(pool_.slots))))
        record.seconds = time.perf_counter() - started
        record.driver_cpu = time.process_time() - cpu
        return record

    async def _swap(self, scenario: Scenario, pool_: Pool, slot: int) -> bool:
        while pool_.spares:
            spare = pool_.spares.pop(0)
            if await scenario.prepare(self.client, spare):
                pool_.slots[slot] = spare
                pool_.swaps += 1
                return True
        return False

    async def prepare(self, scenario: Scenario, accounts: list[Account]) -> Pool:
        ready = []
        for account in accounts:
            fresh = Account(account.username, account.cookies)  # own per-scenario state, shared cookies
            if await scenario.prepare(self.client, fresh):
                ready.append(fresh)
        if len(ready) < CONCURRENCY:
            raise RuntimeError(f"{scenario.name}: only {len(ready)} accounts ready, {CONCURRENCY} needed")
        return Pool(ready[:CONCURRENCY], ready[CONCURRENCY:] if scenario.exhaustible else [])

    async def run(self, scenario_names: list[str], accounts: dict[str, list[Account]]) -> dict:
        floor_pool = Pool(accounts["learner"][:CONCURRENCY], [])
        pools = {}
        for name in scenario_names:
            scenario = SCENARIOS[name]
            pools[name] = await self.prepare(scenario, accounts[scenario.role])
        # Warm up (templates compiled, connections open); not recorded.
        for scenario in FLOORS:
            await self.run_slice(scenario, floor_pool, -1, 1.0)
        for name in scenario_names:
            await self.run_slice(SCENARIOS[name], pools[name], -1, 1.0)
        slices: dict[str, list[dict]] = {name: [] for name in scenario_names}
        for round_ in range(self.rounds):
            for name in scenario_names:
                static = await self.run_slice(FLOORS[0], floor_pool, round_, self.slice_seconds)
                page = await self.run_slice(FLOORS[1], floor_pool, round_, self.slice_seconds)
                measured = await self.run_slice(SCENARIOS[name], pools[name], round_, self.slice_seconds)
                slices[name].append({"static": static, "page": page, "scenario": measured})
                s = measured.summary()
                self.log(
                    f"  round {round_ + 1} {name:<10} p50 {s['p50_ms']:>7} ms  {s['rps']:>6} req/s  "
                    f"(page floor {page.summary()['p50_ms']} ms, {page.summary()['rps']} req/s)"
                    f"  errors {s['errors']}"
                )
        results = {}
        for name, rounds in slices.items():
            per_slice = []
            for r in rounds:
                scen, static, page = r["scenario"].summary(), r["static"].summary(), r["page"].summary()
                per_slice.append(
                    {
                        "round": r["scenario"].round,
                        "scenario": scen,
                        "static": static,
                        "page": page,
                        "vs_page": ratios(scen, page),
                        "vs_static": ratios(scen, static),
                    }
                )
            pooled = {key: pool([r[key] for r in rounds]) for key in ("scenario", "static", "page")}
            pooled["vs_page"] = ratios(pooled["scenario"], pooled["page"])
            pooled["vs_static"] = ratios(pooled["scenario"], pooled["static"])
            results[name] = {
                "pooled": pooled,
                "slices": per_slice,
                "account_swaps": pools[name].swaps,
                "dry_queues": pools[name].dry,
            }
        return results


async def heavy_dashboard(client: Client, account: Account, requests: int = 15) -> dict:
    """The dashboard of one learner with a long history, one request at a time (≈ server time)."""
    record = Slice("dashboard-heavy", 0)
    for _ in range(3):
        await client.call(account, "GET", "/progress/")
    cpu, started = time.process_time(), time.perf_counter()
    for _ in range(requests):
        await client.call(account, "GET", "/progress/", record=record)
    record.seconds, record.driver_cpu = time.perf_counter() - started, time.process_time() - cpu
    return record.summary()


def accounts_for(db: Database, scenario_names: list[str]) -> dict[str, list[Account]]:
    """The accounts of each role the scenarios need (learners always: the floors run as them)."""
    roles = {SCENARIOS[name].role for name in scenario_names}
    n_learners = min(db.size["learners"], CONCURRENCY + SPARES)
    n_instructors = min(CONCURRENCY, db.size.get("instructors", 32)) if "instructor" in roles else 0
    n_new = CONCURRENCY + NEW_SPARES if "new-learner" in roles else 0
    return {
        "learner": [Account(f"bench-{n:05d}") for n in range(n_learners)],
        "instructor": [Account(f"bench-teacher-{n:03d}") for n in range(n_instructors)],
        "new-learner": [Account(f"bench-new-{n:05d}") for n in range(n_new)],
    }


async def sign_in(client: Client, accounts: list[Account], saved: dict) -> int:
    """Reuse the sessions saved with the seeded database; log in (for real) any account without a live one."""
    semaphore = asyncio.Semaphore(4)
    fresh = 0

    async def one(account: Account) -> None:
        nonlocal fresh
        async with semaphore:
            if account.username in saved:
                account.cookies = dict(saved[account.username])
                status, _, _ = await client.call(account, "GET", "/bench/floor/page")
                if status == 200:
                    return
                account.cookies = {}
            await client.login(account)
            fresh += 1

    await asyncio.gather(*(one(a) for a in accounts))
    return fresh


async def save_sessions(db: Database, log) -> None:
    """Log every bench account the driver may use in once, on the seeded database itself, and keep the cookies.

    Each run works on a copy of that database, so the sessions are there already and a run
    does not spend its first 20 seconds hashing passwords (a log-in costs a fifth of a second).
    """
    everyone = [a for accounts in accounts_for(db, list(SCENARIOS)).values() for a in accounts]
    server = Server(db.template_url, 0)
    server.start()
    try:
        connector = aiohttp.TCPConnector(limit=0, force_close=True)
        async with aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar()) as http:
            client = Client(server.base, http)
            started = time.perf_counter()
            await sign_in(client, everyone, {})
            log(f"  saved sessions of {len(everyone)} accounts ({time.perf_counter() - started:.1f} s of log-ins)")
    finally:
        server.stop()
    info = json.loads(db.sidecar.read_text())
    info["cookies"] = {a.username: a.cookies for a in everyone}
    db.sidecar.write_text(json.dumps(info))


async def run_config(db: Database, scenario_names: list[str], args, log) -> dict:
    seed = db.ensure_seeded(log)
    if not db.cookies():
        await save_sessions(db, log)
    seed.pop("cookies", None)
    log(f"{db.kind} {db.size_name}: fresh copy of {db.spec}")
    copy_started = time.perf_counter()
    db.fresh_copy()
    copy_seconds = time.perf_counter() - copy_started
    server = Server(db.url, args.conn_max_age)
    server.start()
    try:
        connector = aiohttp.TCPConnector(limit=0, force_close=True)  # gunicorn's sync workers close each connection
        timeout = aiohttp.ClientTimeout(total=120)
        async with aiohttp.ClientSession(
            connector=connector, cookie_jar=aiohttp.DummyCookieJar(), timeout=timeout
        ) as http:
            client = Client(server.base, http)
            accounts = accounts_for(db, scenario_names)
            everyone = [a for role in accounts.values() for a in role]
            started = time.perf_counter()
            fresh = await sign_in(client, everyone, db.cookies())
            log(
                f"  {len(everyone)} accounts signed in ({fresh} fresh log-ins) in {time.perf_counter() - started:.1f} s"
            )
            result = {
                "db": db.kind,
                "size": db.size_name,
                "spec": db.spec,
                "seed": seed,
                "copy_seconds": round(copy_seconds, 1),
                "conn_max_age": args.conn_max_age,
                "concurrency": CONCURRENCY,
            }
            if scenario_names:
                runner = Runner(client, log, args.slice_seconds, args.rounds)
                result["scenarios"] = await runner.run(scenario_names, accounts)
            if db.size_name == "heavy":
                result["heavy_dashboard"] = await heavy_dashboard(client, accounts["learner"][0])
                log(f"  heavy dashboard: p50 {result['heavy_dashboard']['p50_ms']} ms")
            result["worker_peak_rss_mb"] = server.peak_rss_mb()
    finally:
        server.stop()
        db.drop_copy()
    return result


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def machine() -> dict:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        (line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), "0"
    )
    import sqlite3

    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_gb": round(int(memory) / 1024 / 1024, 1),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
    }


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def optimizer_figures(log, sample: Path | None) -> dict | None:
    """The optimizer benchmark (bench/optimizer.py) on a review log, beside Anki's optimizer.

    The review log is real study data that the repository does not hold, so it is
    only ever the one given; without it this part is skipped, and says so.
    """
    if sample is None:
        log("optimizer: skipped — no review log given (--review-log PATH, a CSV of FSRS review logs)")
        return None
    log(f"optimizer benchmark on {sample}")
    out = DATA / "optimizer.json"
    command = [PYTHON, str(REPO / "bench" / "optimizer.py"), str(sample), "--json", str(out), "--anki"]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        log(f"optimizer: failed\n{done.stderr[-2000:]}")
        return {"error": done.stderr[-2000:]}
    return json.loads(out.read_text())


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plan", choices=sorted(PLANS), default="quick")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        help="db:size[:scenario,scenario] instead of the plan, e.g. sqlite:1x:grade (repeatable)",
    )
    parser.add_argument("--slice-seconds", type=float, default=2.5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--conn-max-age", type=int, default=600, help="persistent database connections (seconds; 0 = one per request)"
    )
    parser.add_argument(
        "--review-log",
        type=Path,
        help="an FSRS review log CSV (card_id, review_rating, review_time, review_duration) "
        "for the optimizer benchmark; without it that part is skipped",
    )
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results.json")
    args = parser.parse_args(argv)
    if args.review_log is not None and not args.review_log.is_file():
        parser.error(f"--review-log {args.review_log}: no such file")  # now, not after the whole run
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    DATA.mkdir(exist_ok=True)
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f}s] {message}", flush=True)

    plan = PLANS[args.plan]
    if args.only:
        plan = []
        for item in args.only:
            db, size, *names = item.split(":")
            plan.append((db, size, names[0].split(",") if names else ([] if size == "heavy" else list(SCENARIOS))))
    log("collectstatic")
    collectstatic()
    results = {
        "started": _now(),
        "machine": machine(),
        "plan": args.plan if not args.only else args.only,
        "slice_seconds": args.slice_seconds,
        "rounds": args.rounds,
        "runs": [],
    }
    for kind, size, names in plan:
        results["runs"].append(asyncio.run(run_config(Database(kind, size), names, args, log)))
    results["optimizer"] = optimizer_figures(log, args.review_log)
    results["seconds"] = round(time.perf_counter() - started, 1)
    args.out.write_text(json.dumps(results, indent=1, default=_jsonable))
    markdown = write_markdown(results)
    args.out.with_suffix(".md").write_text(markdown)
    log(f"wrote {args.out} and {args.out.with_suffix('.md')} in {results['seconds']} s")
    print(markdown)
    return 0


def _jsonable(value):
    return str(value)


if __name__ == "__main__":
    raise SystemExit(main())
