"""Test results per drug (a reference list), the power a test was taken under, the
appropriate adult, a follow-up imposed with the initial assessment, and leaving before the end.

The schema only: 0008 moves the data, 0009 drops the fixed opiates and cocaine columns."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("custody", "0006_outcome_time_and_open_contacts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="DrugTestResult",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "result",
                    models.CharField(
                        choices=[
                            ("positive", "Positive"),
                            ("negative", "Negative"),
                            ("refused", "Refused"),
                            ("not_tested", "Not tested"),
                        ],
                        max_length=12,
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="TestedDrug",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.SlugField(max_length=40, unique=True)),
                ("label", models.CharField(max_length=100)),
                ("order", models.PositiveSmallIntegerField(default=0)),
                ("active", models.BooleanField(default=True)),
            ],
            options={
                "ordering": ["order", "label"],
            },
        ),
        migrations.RemoveConstraint(
            model_name="drugtest",
            name="drug_test_sample_time_when_tested",
        ),
        migrations.RemoveConstraint(
            model_name="requiredassessment",
            name="required_follow_up_has_time_and_place",
        ),
        migrations.AddField(
            model_name="drugtest",
            name="appropriate_adult",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="drugtest",
            name="authorisation_grounds",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="drugtest",
            name="authorised_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="drugtest",
            name="authorising_officer",
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AddField(
            model_name="drugtest",
            name="authorising_rank",
            field=models.CharField(
                blank=True,
                choices=[
                    ("constable", "Constable"),
                    ("sergeant", "Sergeant"),
                    ("inspector", "Inspector"),
                    ("chief_inspector", "Chief inspector"),
                    ("superintendent", "Superintendent"),
                    ("chief_superintendent", "Chief superintendent"),
                    ("chief_officer", "Assistant chief constable or above"),
                ],
                max_length=24,
            ),
        ),
        migrations.AddField(
            model_name="drugtest",
            name="basis",
            field=models.CharField(
                blank=True,
                choices=[
                    ("trigger_offence", "Trigger offence"),
                    ("inspector_authorised", "Authorised by an officer of inspector rank or above"),
                ],
                max_length=24,
            ),
        ),
        migrations.AddField(
            model_name="drugtest",
            name="stage",
            field=models.CharField(
                choices=[("arrest", "On arrest"), ("charge", "On charge")],
                default="arrest",
                max_length=8,
            ),
        ),
        migrations.AddField(
            model_name="offencecategory",
            name="trigger_ends_with_vagrancy_act",
            field=models.BooleanField(db_default=False, default=False),
        ),
        migrations.AddField(
            model_name="policenotification",
            name="reason",
            field=models.CharField(
                choices=[
                    ("not_attended", "Did not attend"),
                    ("left_early", "Attended but left before the end"),
                ],
                default="not_attended",
                max_length=12,
            ),
        ),
        migrations.AlterField(
            model_name="requiredassessment",
            name="follow_up",
            field=models.CharField(
                choices=[("set", "Required"), ("cancelled", "Ended at the initial assessment")],
                default="set",
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="requiredassessment",
            name="follow_up_attendance",
            field=models.CharField(
                choices=[
                    ("pending", "Not yet recorded"),
                    ("attended", "Attended and stayed to the end"),
                    ("left_early", "Attended but left before the end"),
                    ("not_attended", "Did not attend"),
                ],
                default="pending",
                max_length=14,
            ),
        ),
        migrations.AlterField(
            model_name="requiredassessment",
            name="initial_attendance",
            field=models.CharField(
                choices=[
                    ("pending", "Not yet recorded"),
                    ("attended", "Attended and stayed to the end"),
                    ("left_early", "Attended but left before the end"),
                    ("not_attended", "Did not attend"),
                ],
                default="pending",
                max_length=14,
            ),
        ),
        migrations.AddField(
            model_name="drugtestresult",
            name="test",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="results",
                to="custody.drugtest",
            ),
        ),
        migrations.AddField(
            model_name="drugtestresult",
            name="drug",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="custody.testeddrug",
            ),
        ),
        migrations.AddConstraint(
            model_name="drugtestresult",
            constraint=models.UniqueConstraint(
                fields=("test", "drug"), name="drug_test_one_result_per_drug"
            ),
        ),
        migrations.AddConstraint(
            model_name="drugtestresult",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("result__in", ["positive", "negative", "refused", "not_tested"])
                ),
                name="drug_test_result_valid",
            ),
        ),
    ]
