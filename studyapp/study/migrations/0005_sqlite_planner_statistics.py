"""Give SQLite's query planner statistics (ANALYZE), as PostgreSQL's autovacuum does on its own.

Without them SQLite picks between indexes that share a leading column by guesswork:
the class view's "last active" read each learner's whole history through
review_user_day_cover instead of one row of review_user_time (42 against 24 ms for
a class of 50 in bench/). The statistics describe the shape of the indexes, which
stays the same as the data grows.

On a new database this runs while the tables are empty and records nothing, and
statistics taken once go stale as indexes are added; the SQLite backend
(studyapp/core/sqlite_backend) keeps them fresh with `PRAGMA optimize` as connections close.
"""

from django.db import migrations


def analyze(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("ANALYZE")


class Migration(migrations.Migration):

    dependencies = [("study", "0004_covering_indexes_for_queue_and_days")]

    operations = [migrations.RunPython(analyze, migrations.RunPython.noop)]
