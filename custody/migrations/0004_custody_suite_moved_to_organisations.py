"""The reference tables (organisations, local authorities, provider services, custody suites,
postcodes) moved to the organisations app: state only. The tables keep their names and their
rows; nothing in the database changes (docs/decisions/0017)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_user_points_at_organisations"),
        ("custody", "0003_tests_required_assessments_naloxone_release"),
        ("organisations", "0001_take_over_reference_tables"),
        ("reporting", "0003_figures_point_at_organisations"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="custodycontact",
                    name="suite",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="contacts",
                        to="organisations.custodysuite",
                    ),
                ),
                migrations.DeleteModel(
                    name="CustodySuite",
                ),
            ],
            database_operations=[],
        ),
    ]
