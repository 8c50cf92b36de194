"""Open steps by due date, for the step reminders (``goals/reminders.py``)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="step",
            index=models.Index(
                condition=models.Q(("done_at__isnull", True), ("due_on__isnull", False)),
                fields=["due_on"],
                name="step_open_by_due_date",
            ),
        ),
    ]
