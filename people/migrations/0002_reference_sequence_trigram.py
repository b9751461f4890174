"""The sequence behind person references (ARS-YY-NNNNNN) and pg_trgm for matching people."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [
        TrigramExtension(),
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS people_person_reference_seq START 1;",
            "DROP SEQUENCE IF EXISTS people_person_reference_seq;",
        ),
    ]
