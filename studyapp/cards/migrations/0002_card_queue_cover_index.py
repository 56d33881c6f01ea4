"""A topic's cards in order, with the columns the study queue filters new cards on.

The queue (study.queue) scans a topic's unstarted cards on every answer; with
retired_at and fact_key in the index it never reads the card rows. SQLite gets
statistics for the new index (see study.0005).
"""

from django.conf import settings
from django.db import migrations, models


def analyze(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("ANALYZE card_topic_position_cover")


class Migration(migrations.Migration):

    dependencies = [
        ('cards', '0001_initial'),
        ('content', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='card',
            name='card_topic_position',
        ),
        migrations.AddIndex(
            model_name='card',
            index=models.Index(fields=['topic', 'position', 'retired_at', 'fact_key'], name='card_topic_position_cover'),
        ),
        migrations.RunPython(analyze, migrations.RunPython.noop),
    ]
