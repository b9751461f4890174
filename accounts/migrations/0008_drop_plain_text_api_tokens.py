"""DRF's authtoken kept API tokens in plain text (authtoken_token); knox keeps hashes. The old
table is dropped with every token in it: machine clients are given new tokens
(`manage.py create_api_token USERNAME`). Docs/decisions/0022."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_organisation_moved_to_organisations"),
        ("knox", "0009_extend_authtoken_field"),
    ]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS authtoken_token CASCADE", migrations.RunSQL.noop),
    ]
