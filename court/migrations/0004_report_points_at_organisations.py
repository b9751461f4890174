"""The reference tables (organisations, local authorities, provider services, custody suites,
postcodes) moved to the organisations app: state only. The tables keep their names and their
rows; nothing in the database changes (docs/decisions/0017)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("court", "0003_officer_list_index"),
        ("organisations", "0001_take_over_reference_tables"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="suitabilityreport",
                    name="provider_service",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="organisations.providerservice",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
