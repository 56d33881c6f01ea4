"""Settings for benchmark runs: production's, plus the bench app (floor pages, query counts, `seed_bench`).

bench/run.py starts manage.py and gunicorn with DJANGO_SETTINGS_MODULE=bench.settings;
production runs studyapp.settings, which installs none of this. Everything else,
DEBUG=0 and the database included, comes from the environment as in production.
"""

from studyapp.settings import *  # noqa: F403
from studyapp.settings import INSTALLED_APPS, MIDDLEWARE

# New lists: the star import shares production's, which must stay as they are.
INSTALLED_APPS = [*INSTALLED_APPS, "bench.benchapp"]
# First, so the count covers every query of the request, the other middleware's included.
MIDDLEWARE = ["bench.benchapp.middleware.QueryCountMiddleware", *MIDDLEWARE]
ROOT_URLCONF = "bench.benchapp.urls"
