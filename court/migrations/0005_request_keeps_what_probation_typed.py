"""A probation request keeps the person as probation typed them, and is linked to a record only
when a custody worker or team leader confirms the match (issue 21); it says which kind of
pre-sentence report is wanted (issue 20). A report is for no record until then.

Requests made before this were linked when they were made: they keep that link, their typed
fields are filled from the record they point at (what probation typed was not kept), and the
link is recorded as made by the requesting officer when the request was made (decision 0019).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery


def fill_typed_from_record(apps, schema_editor):
    ProbationRequest = apps.get_model("court", "ProbationRequest")
    Person = apps.get_model("people", "Person")
    person = Person.objects.filter(pk=OuterRef("person_id"))
    ProbationRequest.objects.update(
        given_name=Subquery(person.values("given_name")[:1]),
        family_name=Subquery(person.values("family_name")[:1]),
        date_of_birth=Subquery(person.values("date_of_birth")[:1]),
        postcode=Subquery(person.values("postcode")[:1]),
        linked_at=F("created_at"),
        linked_by=F("officer"),
    )
    ProbationRequest.objects.filter(person__pnc_id__isnull=False).update(
        pnc_id=Subquery(person.values("pnc_id")[:1])
    )
    # Check the new foreign keys now, not at commit: the table is altered below in the same
    # transaction, which PostgreSQL refuses while their checks are pending.
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("court", "0004_report_points_at_organisations"),
        ("people", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="probationrequest",
            name="given_name",
            field=models.CharField(default="", max_length=100),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="probationrequest",
            name="family_name",
            field=models.CharField(default="", max_length=100),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="probationrequest",
            name="date_of_birth",
            field=models.DateField(null=True),
        ),
        migrations.AddField(
            model_name="probationrequest",
            name="pnc_id",
            field=models.CharField(blank=True, max_length=20, verbose_name="PNC ID"),
        ),
        migrations.AddField(
            model_name="probationrequest",
            name="postcode",
            field=models.CharField(blank=True, max_length=10),
        ),
        migrations.AddField(
            model_name="probationrequest",
            name="linked_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="probationrequest",
            name="linked_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="probationrequest",
            name="report_kind",
            field=models.CharField(
                choices=[
                    ("oral", "Oral (on the day)"),
                    ("short", "Short written (within 5 working days)"),
                    ("standard", "Standard written (within 15 working days)"),
                ],
                default="standard",
                max_length=8,
            ),
        ),
        migrations.RunPython(fill_typed_from_record, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="probationrequest",
            name="date_of_birth",
            field=models.DateField(),
        ),
        migrations.AlterField(
            model_name="probationrequest",
            name="person",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="probation_requests",
                to="people.person",
            ),
        ),
        migrations.AlterField(
            model_name="suitabilityreport",
            name="person",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="suitability_reports",
                to="people.person",
            ),
        ),
        migrations.AddConstraint(
            model_name="probationrequest",
            constraint=models.CheckConstraint(
                condition=models.Q(person__isnull=True)
                | (models.Q(linked_at__isnull=False) & models.Q(linked_by__isnull=False)),
                name="court_request_link_has_who",
            ),
        ),
    ]
