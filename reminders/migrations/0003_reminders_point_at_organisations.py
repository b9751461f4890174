"""The reference tables (organisations, local authorities, provider services, custody suites,
postcodes) moved to the organisations app: state only. The tables keep their names and their
rows; nothing in the database changes (docs/decisions/0017)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0001_take_over_reference_tables"),
        ("reminders", "0002_reminders_and_drug_alerts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="drugalert",
                    name="local_authority",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="drug_alerts",
                        to="organisations.localauthority",
                    ),
                ),
                migrations.AlterField(
                    model_name="reminder",
                    name="organisation",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reminders",
                        to="organisations.organisation",
                    ),
                ),
                migrations.AlterField(
                    model_name="reminder",
                    name="provider_service",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reminders",
                        to="organisations.providerservice",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
