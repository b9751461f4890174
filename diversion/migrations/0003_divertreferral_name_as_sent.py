"""The name as the officer sent it, on the referral (issue 21).

Referrals made before this migration did not keep what was sent: they get the name their
person record has now, the nearest there is (what the officer's pages showed until now).
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def name_from_person(apps, schema_editor):
    DivertReferral = apps.get_model("diversion", "DivertReferral")
    Person = apps.get_model("people", "Person")
    person = Person.objects.filter(pk=OuterRef("person_id"))
    DivertReferral.objects.update(
        given_name=Subquery(person.values("given_name")[:1]),
        family_name=Subquery(person.values("family_name")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("diversion", "0002_divert_open_cases_index"),
        ("people", "0006_person_contact_by_sms"),
    ]

    operations = [
        migrations.AddField(
            model_name="divertreferral",
            name="given_name",
            field=models.CharField(db_default="", max_length=100),
        ),
        migrations.AddField(
            model_name="divertreferral",
            name="family_name",
            field=models.CharField(db_default="", max_length=100),
        ),
        migrations.RunPython(name_from_person, migrations.RunPython.noop, elidable=True),
    ]
