"""The reference tables (organisations, local authorities, provider services, custody suites,
postcodes) moved to the organisations app: state only. The tables keep their names and their
rows; nothing in the database changes (docs/decisions/0017)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_user_points_at_organisations"),
        ("court", "0004_report_points_at_organisations"),
        ("custody", "0004_custody_suite_moved_to_organisations"),
        ("organisations", "0001_take_over_reference_tables"),
        ("people", "0007_person_points_at_organisations"),
        ("reminders", "0003_reminders_point_at_organisations"),
        ("reporting", "0003_figures_point_at_organisations"),
        ("treatment", "0007_referral_finished_at_for_the_inbox"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="postcode",
                    name="local_authority",
                ),
                migrations.RemoveField(
                    model_name="providerservice",
                    name="local_authority",
                ),
                migrations.RemoveField(
                    model_name="providerservice",
                    name="organisation",
                ),
                migrations.AlterField(
                    model_name="referral",
                    name="proposed_provider_service",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organisations.providerservice",
                    ),
                ),
                migrations.AlterField(
                    model_name="referral",
                    name="provider_service",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="referrals",
                        to="organisations.providerservice",
                    ),
                ),
                migrations.DeleteModel(
                    name="PostcodeDistrict",
                ),
                migrations.DeleteModel(
                    name="Postcode",
                ),
                migrations.DeleteModel(
                    name="LocalAuthority",
                ),
                migrations.DeleteModel(
                    name="ProviderService",
                ),
            ],
            database_operations=[],
        ),
    ]
