"""The Django admin no longer shows people (issue 21). Its "recent actions" and history pages
read django_admin_log, whose rows name the object changed (object_repr: a person's name).
The rows about the models that were in the admin and hold people are deleted; the access log
(audit.AccessLog) keeps who did what, by reference."""

from django.db import migrations

PERSON_MODELS = [
    ("people", "person"),
    ("people", "consenttoshare"),
    ("people", "personflag"),
    ("people", "personmerge"),
    ("reminders", "reminder"),
    ("audit", "accesslog"),
]


def forget(apps, schema_editor):
    LogEntry = apps.get_model("admin", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for app_label, model in PERSON_MODELS:
        content_types = ContentType.objects.filter(app_label=app_label, model=model)
        LogEntry.objects.filter(content_type__in=content_types).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_access_log_detail_and_merge"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forget, migrations.RunPython.noop)]
