"""The reference tables (organisations, local authorities, provider services, custody suites,
postcodes) moved to the organisations app: state only. The tables keep their names and their
rows; nothing in the database changes (docs/decisions/0017)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_user_points_at_organisations"),
        ("reminders", "0003_reminders_point_at_organisations"),
        ("treatment", "0008_reference_tables_moved_to_organisations"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name="Organisation",
                ),
            ],
            database_operations=[],
        ),
    ]
