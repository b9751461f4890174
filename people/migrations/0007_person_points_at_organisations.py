"""The reference tables (organisations, local authorities, provider services, custody suites,
postcodes) moved to the organisations app: state only. The tables keep their names and their
rows; nothing in the database changes (docs/decisions/0017)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0001_take_over_reference_tables"),
        ("people", "0006_person_contact_by_sms"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="consenttoshare",
                    name="provider_service",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="consents",
                        to="organisations.providerservice",
                    ),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="local_authority",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="residents",
                        to="organisations.localauthority",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
