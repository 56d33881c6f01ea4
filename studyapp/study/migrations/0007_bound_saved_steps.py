"""Bring learning and relearning steps saved before steps were bounded (at most 10, each at most 7 days)
within those bounds, so reading them never fails. A step over 7 days becomes 7 days; steps past the
tenth are dropped. Self-contained on purpose: migrations must not follow later changes to the app."""

import re

from django.db import migrations

UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
STEP = re.compile(r"^(?P<number>\d+(?:\.\d+)?)(?P<unit>[smhd]?)$")
MAX_SECONDS, MAX_STEPS = 7 * 86400, 10


def bounded(text: str) -> str:
    tokens = [t for t in re.split(r"[\s,]+", text.strip().lower()) if t][:MAX_STEPS]
    kept = []
    for token in tokens:
        match = STEP.match(token)
        if match and float(match["number"]) * UNIT_SECONDS[match["unit"] or "m"] > MAX_SECONDS:
            token = "7d"
        kept.append(token)
    return " ".join(kept)


def bound_steps(apps, schema_editor):
    StudySettings = apps.get_model("study", "StudySettings")
    for settings in StudySettings.objects.only("pk", "learning_steps", "relearning_steps").iterator():
        learning, relearning = bounded(settings.learning_steps), bounded(settings.relearning_steps)
        if (learning, relearning) != (settings.learning_steps, settings.relearning_steps):
            StudySettings.objects.filter(pk=settings.pk).update(learning_steps=learning, relearning_steps=relearning)


class Migration(migrations.Migration):

    dependencies = [("study", "0006_drop_lone_card_indexes")]

    operations = [migrations.RunPython(bound_steps, migrations.RunPython.noop)]
