"""people 0008 puts every stored PNC ID and NHS number in its one stored form, with data.

Run in a process of its own against a scratch database (as tests/test_migrations.py does):
migrate to people 0007, store people with identifiers as the old release let them be stored,
migrate to the end, read back.
"""

from tests.test_migrations import migration_script_run, scratch_database  # noqa: F401 (a fixture)

SCRIPT = """
import datetime, json
import django
django.setup()
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

before = [("people", "0007_person_points_at_organisations")]
executor = MigrationExecutor(connection)
executor.migrate(before)
Person = executor.loader.project_state(before).apps.get_model("people", "Person")
stored = {
    "slashless": ("20030011985X", None),
    "four-digit-year": ("2004/123456B", "9990000018"),
    "lower-case-short": ("02/73319z", "999-000-0050"),
    "canonical": ("21/7654321H", "943 476 5919"),
    "invalid": ("NOT-A-PNC", "1234567890"),
    "ambiguous": ("200012345X", None),
    "placeholder-nhs": (None, "000 000 0000"),
    "placeholder-nhs-2": (None, "1111111111"),
    "holds-the-form": ("99/0000001G", None),
    "would-collide": ("1999/1G", None),
}
for n, (name, (pnc_id, nhs_number)) in enumerate(stored.items()):
    Person.objects.create(
        reference=f"ARS-26-{n:06d}", given_name=name, family_name="Synthetic",
        date_of_birth=datetime.date(1990, 1, 2), pnc_id=pnc_id, nhs_number=nhs_number,
    )

executor = MigrationExecutor(connection)
executor.migrate(executor.loader.graph.leaf_nodes())

from people.models import Person
print(json.dumps({p.given_name: [p.pnc_id, p.nhs_number] for p in Person.objects.all()}))
"""


def test_stored_identifiers_are_put_in_their_one_form_and_placeholders_removed(
    scratch_database,  # noqa: F811
):
    found = migration_script_run(scratch_database, SCRIPT)
    assert found == {
        "slashless": ["03/0011985X", None],
        "four-digit-year": ["04/0123456B", "999 000 0018"],
        "lower-case-short": ["02/0073319Z", "999 000 0050"],
        "canonical": ["21/7654321H", "943 476 5919"],
        # Cannot be put right: left as stored, for a worker to correct.
        "invalid": ["NOT-A-PNC", "1234567890"],
        "ambiguous": ["200012345X", None],
        # A placeholder NHS number would link every newcomer sent with it: removed.
        "placeholder-nhs": [None, None],
        "placeholder-nhs-2": [None, None],
        # Its stored form is another person's: a duplicate for a worker to merge, left as is.
        "holds-the-form": ["99/0000001G", None],
        "would-collide": ["1999/1G", None],
    }
