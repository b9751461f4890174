"""The reference tables (organisations, local authorities, provider services, custody suites,
postcodes) moved to the organisations app: state only. The tables keep their names and their
rows; nothing in the database changes (docs/decisions/0017)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        # The tables as they were made in accounts, treatment and custody.
        ("accounts", "0005_sign_out_everywhere"),
        ("custody", "0003_tests_required_assessments_naloxone_release"),
        ("treatment", "0007_referral_finished_at_for_the_inbox"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="LocalAuthority",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=100, unique=True)),
                        ("gss_code", models.CharField(max_length=9, unique=True)),
                        ("slug", models.SlugField(unique=True)),
                    ],
                    options={
                        "verbose_name_plural": "local authorities",
                        "db_table": "treatment_localauthority",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="CustodySuite",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("code", models.SlugField(max_length=20, unique=True)),
                        ("name", models.CharField(max_length=100, unique=True)),
                        ("active", models.BooleanField(default=True)),
                        (
                            "local_authority",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="custody_suites",
                                to="organisations.localauthority",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "custody_custodysuite",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="Organisation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=200, unique=True)),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("arrest_referral", "Arrest referral service"),
                                    ("treatment_provider", "Treatment provider"),
                                    ("police", "Police force"),
                                    ("probation", "Probation Service"),
                                    ("opcc", "Office of the Police and Crime Commissioner"),
                                ],
                                max_length=32,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "accounts_organisation",
                        "ordering": ["name"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    (
                                        "kind__in",
                                        [
                                            "arrest_referral",
                                            "treatment_provider",
                                            "police",
                                            "probation",
                                            "opcc",
                                        ],
                                    )
                                ),
                                name="organisation_kind_valid",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Postcode",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("postcode", models.CharField(max_length=8, unique=True)),
                        ("gss_code", models.CharField(blank=True, max_length=9)),
                        (
                            "local_authority",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="postcodes",
                                to="organisations.localauthority",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "treatment_postcode",
                        "ordering": ["postcode"],
                    },
                ),
                migrations.CreateModel(
                    name="PostcodeDistrict",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("district", models.CharField(max_length=4, unique=True)),
                        ("straddles", models.BooleanField(default=False)),
                        ("note", models.CharField(blank=True, max_length=200)),
                        (
                            "local_authority",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="postcode_districts",
                                to="organisations.localauthority",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "treatment_postcodedistrict",
                        "ordering": ["district"],
                    },
                ),
                migrations.CreateModel(
                    name="ProviderService",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=200, unique=True)),
                        ("email", models.EmailField(blank=True, max_length=254)),
                        ("phone", models.CharField(blank=True, max_length=30)),
                        ("active", models.BooleanField(default=True)),
                        (
                            "local_authority",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="provider_services",
                                to="organisations.localauthority",
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="provider_services",
                                to="organisations.organisation",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "treatment_providerservice",
                        "ordering": ["local_authority__name", "name"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("organisation", "local_authority"),
                                name="provider_service_unique_per_authority",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
