"""Custody record numbers are compared without spaces (custody.models.record_number_normalised):
take the spaces out of those stored with them, so the new comparison finds them. Where two
contacts of a suite would then have the same number, the earlier arrest's is changed and the
other is left as it was (unique per suite), for a person to look at."""

from django.db import migrations

NORMALISE = r"""
WITH candidates AS (
    SELECT DISTINCT ON (suite_id, regexp_replace(custody_record_number, '\s', '', 'g'))
        id, suite_id, regexp_replace(custody_record_number, '\s', '', 'g') AS normalised
    FROM custody_custodycontact
    WHERE custody_record_number ~ '\s'
    ORDER BY suite_id, regexp_replace(custody_record_number, '\s', '', 'g'), arrested_at
)
UPDATE custody_custodycontact AS contact
SET custody_record_number = candidates.normalised
FROM candidates
WHERE contact.id = candidates.id
  AND NOT EXISTS (
      SELECT 1 FROM custody_custodycontact AS other
      WHERE other.suite_id = candidates.suite_id
        AND other.custody_record_number = candidates.normalised
  )
"""


class Migration(migrations.Migration):
    dependencies = [("custody", "0004_custody_suite_moved_to_organisations")]

    operations = [migrations.RunSQL(NORMALISE, migrations.RunSQL.noop)]
