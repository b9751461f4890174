"""The fixed opiates and cocaine columns go (their results are rows since 0008); the new
constraints hold once 0008 has moved the data."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("custody", "0008_move_results_triggers_and_follow_ups")]

    operations = [
        migrations.RemoveField(
            model_name="drugtest",
            name="cocaine",
        ),
        migrations.RemoveField(
            model_name="drugtest",
            name="opiates",
        ),
        migrations.AddConstraint(
            model_name="drugtest",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("basis", "inspector_authorised"), _negated=True),
                    models.Q(
                        (
                            "authorising_rank__in",
                            [
                                "inspector",
                                "chief_inspector",
                                "superintendent",
                                "chief_superintendent",
                                "chief_officer",
                            ],
                        ),
                        models.Q(("authorising_officer", ""), _negated=True),
                        ("authorised_at__isnull", False),
                        models.Q(("authorisation_grounds", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="drug_test_authorisation_complete",
            ),
        ),
        migrations.AddConstraint(
            model_name="requiredassessment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("follow_up_attendance", "pending"),
                    models.Q(
                        ("follow_up", "set"),
                        ("follow_up_at__isnull", False),
                        models.Q(("follow_up_place", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="required_follow_up_outcome_has_appointment",
            ),
        ),
    ]
