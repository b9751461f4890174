"""fuzzystrmatch (levenshtein) for scoring name matches alongside pg_trgm's similarity."""

from django.contrib.postgres.operations import CreateExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("people", "0003_person_identity_consent_flags_merges")]
    operations = [CreateExtension("fuzzystrmatch")]
