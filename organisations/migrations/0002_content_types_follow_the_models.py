"""The content types of the moved models follow them (accounts.organisation becomes
organisations.organisation, ...), so what points at a content type (the Django admin's log,
permissions) still finds its model. On a new database there are none yet: nothing to do."""

from django.db import migrations

MOVED = {
    "organisation": "accounts",
    "localauthority": "treatment",
    "providerservice": "treatment",
    "postcodedistrict": "treatment",
    "postcode": "treatment",
    "custodysuite": "custody",
}


def _move(apps, *, forward: bool) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    for model, old_app in MOVED.items():
        if forward:
            source, target = old_app, "organisations"
        else:
            source, target = "organisations", old_app
        if content_type.objects.filter(app_label=target, model=model).exists():
            continue  # already there (made by a run that saw the new app): leave both
        content_type.objects.filter(app_label=source, model=model).update(app_label=target)


def forwards(apps, schema_editor):
    _move(apps, forward=True)


def backwards(apps, schema_editor):
    _move(apps, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("organisations", "0001_take_over_reference_tables"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
