"""Django's SQLite backend, with the query planner's statistics kept fresh: `PRAGMA optimize` as each connection closes.

Without statistics SQLite's planner guesses between indexes that share leading
columns, and statistics that leave out an index (one a migration added since
the last ANALYZE) mislead it worse: the class view read every learner's whole
history through review_user_day_cover (study.0005). PostgreSQL's autovacuum
keeps its own statistics; SQLite leaves it to the application, and advises
`PRAGMA optimize` before a connection closes.

In SQLite 3.40 (the version docs/performance.md's figures were measured on) optimize
analyzes a table only if this connection's queries used it in a way where
statistics help, and one of its indexes has none or the table has grown
25-fold since its last ANALYZE. Otherwise it does nothing, in about 10 µs, and
it runs after the response has been sent. Django closes connections at the end
of each request, or every CONN_MAX_AGE seconds when they persist.
"""

from django.db.backends.sqlite3 import base

# Rows sampled per index by an ANALYZE that optimize runs, so one never takes
# long on a large table (SQLite's advice: 100 to 1000).
ANALYSIS_LIMIT = 400
# How long optimize may wait for the write lock its ANALYZE needs; past that it
# gives up, and the next connection that closes tries again.
BUSY_MS = 50


class DatabaseWrapper(base.DatabaseWrapper):
    def _close(self) -> None:
        if self.connection is not None and not self.connection.in_transaction and not self.is_in_memory_db():
            self.refresh_statistics()
        super()._close()

    def refresh_statistics(self) -> None:
        try:
            self.connection.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
            self.connection.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
            self.connection.execute("PRAGMA optimize")
        except base.Database.Error:
            pass  # locked or read-only: statistics can wait, closing cannot
