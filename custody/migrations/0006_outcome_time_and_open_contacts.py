"""When each contact's outcome was recorded (Today at my suite keeps finished contacts for a
day and open ones until they have an outcome), its indexes, and the time filled in for the
outcomes already recorded: when the person was seen, or else the contact's last change."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("custody", "0005_record_numbers_without_spaces"),
        ("organisations", "0002_content_types_follow_the_models"),
        ("people", "0007_person_points_at_organisations"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="custodycontact",
            name="outcome_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunSQL(
            "UPDATE custody_custodycontact SET outcome_at = COALESCE(seen_at, updated_at) "
            "WHERE outcome <> '' AND outcome_at IS NULL",
            migrations.RunSQL.noop,
        ),
        migrations.AddIndex(
            model_name="custodycontact",
            index=models.Index(
                condition=models.Q(("outcome", "")),
                fields=["suite", "arrested_at"],
                name="custody_contact_open_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="custodycontact",
            index=models.Index(fields=["suite", "outcome_at"], name="custody_contact_finished_idx"),
        ),
    ]
