"""Profile the grade round trip in-process with pyinstrument, on a copy of a seeded bench database.

    python bench/profile_grade.py [--size 1x] [--db sqlite|postgres] [--requests 300] [--html out.html]

Runs the same settings as the load run (DEBUG off, BENCH on) through Django's
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

from bench.run import Database, server_env  # noqa: E402

TOKEN = re.compile(r'name="token" value="([^"]+)"')


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="1x")
    parser.add_argument("--db", default="sqlite")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--conn-max-age", type=int, default=600)
    parser.add_argument("--html", type=Path)
    args = parser.parse_args()
    db = Database(args.db, args.size)
    db.ensure_seeded(print)
    db.fresh_copy()
    env = server_env(db.url, args.conn_max_age)
    env["ALLOWED_HOSTS"] = "testserver"
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "studyapp.settings")
    try:
        import django

        django.setup()
        from django.contrib.auth.models import User
        from django.test import Client
        from pyinstrument import Profiler

        clients = []
        for n in range(10):
            client = Client(enforce_csrf_checks=False)
            client.force_login(User.objects.get(username=f"bench-{n:05d}"))
            token = TOKEN.search(client.get("/study/").content.decode()).group(1)
            clients.append([client, token])
        profiler = Profiler(interval=0.0005)
        done, started = 0, time.perf_counter()
        profiler.start()
        while done < args.requests:
            for entry in clients:
                client, token = entry
                response = client.post("/study/grade/", {"token": token, "rating": random.choice("1333334")},
                                       HTTP_HX_REQUEST="true")
                found = TOKEN.search(response.content.decode())
                entry[1] = found.group(1) if found else TOKEN.search(client.get("/study/").content.decode()).group(1)
                done += 1
        profiler.stop()
        elapsed = time.perf_counter() - started
        print(f"{done} grade requests in {elapsed:.2f} s: {elapsed / done * 1000:.1f} ms each (one process, profiled)")
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        if args.html:
            args.html.write_text(profiler.output_html())
    finally:
        db.drop_copy()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
