"""Drop the lone user_id indexes of CardState and ReviewLog: the (user, …) indexes lead with it.

Dropped by name rather than through AlterField, which on SQLite rebuilds the
whole table (minutes for a long review history) to remove one index.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

DROPPED = [
    ("cardstate", "card_states", "study_cardstate", "study_cardstate_user_id_febcdd03"),
    ("reviewlog", "reviews", "study_reviewlog", "study_reviewlog_user_id_cc72f2c7"),
]


class Migration(migrations.Migration):

    dependencies = [
        ("study", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name=model,
                    name="user",
                    field=models.ForeignKey(
                        db_index=False, on_delete=django.db.models.deletion.CASCADE,
                        related_name=related_name, to=settings.AUTH_USER_MODEL,
                    ),
                )
                for model, related_name, _table, _index in DROPPED
            ],
            database_operations=[
                migrations.RunSQL(f"DROP INDEX IF EXISTS {index}", f"CREATE INDEX {index} ON {table} (user_id)")
                for _model, _related_name, table, index in DROPPED
            ],
        ),
    ]
