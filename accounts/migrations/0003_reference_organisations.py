"""Reference data: the organisations whose staff use the service (names editable later)."""

from django.db import migrations

ORGANISATIONS = [
    ("West Midlands Arrest Referral Service", "arrest_referral"),
    ("West Midlands Police", "police"),
    ("Probation Service – West Midlands", "probation"),
    ("Office of the Police and Crime Commissioner – West Midlands", "opcc"),
    # Treatment providers: invented names (demo reference data; real contracts are configured
    # by an administrator).
    ("Brindley Recovery Services", "treatment_provider"),
    ("Phoenix Path", "treatment_provider"),
    ("Castle Gate Recovery", "treatment_provider"),
    ("Arboretum Wellbeing", "treatment_provider"),
]


def load(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    for name, kind in ORGANISATIONS:
        Organisation.objects.update_or_create(name=name, defaults={"kind": kind})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
