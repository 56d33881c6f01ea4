# Serverless Study — the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
PG_URL ?= postgres://%2Fvar%2Frun%2Fpostgresql/studyapp
REDIS_TEST_URL ?= redis://127.0.0.1:6379/0

.PHONY: run test test-postgres test-two-servers test-fast lint migrate content demo check-deploy screenshots clean bench bench-full

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed-run

migrate: $(VENV)/.installed-run
	$(PY) manage.py migrate --no-input

content: migrate
	$(PY) manage.py import_content

demo: content
	$(PY) manage.py seed_demo

run: demo
	@echo "Serving on http://$(HOST) — log in with a demo account above."
	$(PY) manage.py runserver $(HOST)

# One pytest worker per core (pytest-xdist); each has its own test database, live server and browser.
test: $(VENV)/.installed-dev
	$(PY) -m pytest -n auto --dist worksteal

# The same suite against PostgreSQL (browser tests test pages, not the database).
test-postgres: $(VENV)/.installed-dev
	DATABASE_URL="$${DATABASE_URL:-$(PG_URL)}" $(PY) -m pytest -m "not e2e"

# Two app servers (runserver) on one PostgreSQL test database and one Redis, a learner's requests
# sent to each in turn (tests/scale/test_two_servers.py). It empties the Redis database it is given.
test-two-servers: $(VENV)/.installed-dev
	DATABASE_URL="$${DATABASE_URL:-$(PG_URL)}" REDIS_URL="$${REDIS_URL:-$(REDIS_TEST_URL)}" \
	  $(PY) -m pytest -m two_servers tests/scale/test_two_servers.py

test-fast: $(VENV)/.installed-dev
	$(PY) -m pytest -n auto --dist worksteal -m "not e2e"

# Lint and format check (ruff, configured in pyproject.toml); `ruff format .` fixes the format.
lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check-deploy: $(VENV)/.installed-run
	DEBUG=0 SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=study.example.com $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# The screenshot gallery (docs/screenshots/): a fresh demo database on port 8765.
screenshots: $(VENV)/.installed-dev
	rm -f /tmp/studyapp-screens.sqlite3*
	DATABASE_URL=sqlite:////tmp/studyapp-screens.sqlite3 $(PY) manage.py migrate --no-input -v0
	DATABASE_URL=sqlite:////tmp/studyapp-screens.sqlite3 $(PY) manage.py import_content
	DATABASE_URL=sqlite:////tmp/studyapp-screens.sqlite3 $(PY) manage.py seed_demo
	DATABASE_URL=sqlite:////tmp/studyapp-screens.sqlite3 $(PY) manage.py runserver 127.0.0.1:8765 --noreload & \
	  pid=$$!; sleep 3; $(PY) docs/take_screenshots.py --base-url http://127.0.0.1:8765; status=$$?; kill $$pid; exit $$status

# Benchmarks (bench/README.md): gunicorn on 127.0.0.1 with bench/settings.py against seeded
# databases kept in bench/data/ and PostgreSQL databases bench_*; writes bench/results.json and
# bench/results.md. The optimizer part runs only on a review log given as REVIEW_LOG=path.csv.
REVIEW_LOG ?=
BENCH_ARGS = $(if $(REVIEW_LOG),--review-log $(REVIEW_LOG))

bench: $(VENV)/.installed-dev
	pg_ctlcluster 15 main start 2>/dev/null || true
	$(PY) bench/run.py --plan quick $(BENCH_ARGS)
	$(PY) bench/burst.py --db sqlite --learners 1000
	$(PY) bench/burst.py --db postgres --learners 1000

bench-full: $(VENV)/.installed-dev
	pg_ctlcluster 15 main start 2>/dev/null || true
	$(PY) bench/run.py --plan full --out bench/results-full.json $(BENCH_ARGS)
