"""The reference tables (organisations, local authorities, provider services, custody suites,
postcodes) moved to the organisations app: state only. The tables keep their names and their
rows; nothing in the database changes (docs/decisions/0017)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_sign_out_everywhere"),
        ("organisations", "0001_take_over_reference_tables"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="user",
                    name="organisation",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="staff",
                        to="organisations.organisation",
                    ),
                ),
                migrations.AlterField(
                    model_name="user",
                    name="custody_suite",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="staff",
                        to="organisations.custodysuite",
                    ),
                ),
                migrations.AlterField(
                    model_name="user",
                    name="provider_services",
                    field=models.ManyToManyField(
                        blank=True, related_name="staff", to="organisations.providerservice"
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
