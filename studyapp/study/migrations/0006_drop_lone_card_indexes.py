"""Drop the lone card_id indexes of CardState and ReviewLog: every answer wrote one more random page to each.

No query reads states or reviews by card alone: every read starts from a learner
(the (user, …) indexes and unique constraints). Cards are never deleted (the only
use such an index would have, the PROTECT check of a delete). Dropped by name, as
in 0002, so SQLite does not rebuild the tables.
"""

import django.db.models.deletion
from django.db import migrations, models

DROPPED = [
    ("cardstate", "states", "study_cardstate", "study_cardstate_card_id_352b4c43"),
    ("reviewlog", "reviews", "study_reviewlog", "study_reviewlog_card_id_545934ea"),
]


class Migration(migrations.Migration):

    dependencies = [
        ("cards", "0002_card_queue_cover_index"),
        ("study", "0005_sqlite_planner_statistics"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name=model,
                    name="card",
                    field=models.ForeignKey(
                        db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name=related_name, to="cards.card",
                    ),
                )
                for model, related_name, _table, _index in DROPPED
            ],
            database_operations=[
                migrations.RunSQL(f"DROP INDEX IF EXISTS {index}", f"CREATE INDEX {index} ON {table} (card_id)")
                for _model, _related_name, table, index in DROPPED
            ],
        ),
    ]
