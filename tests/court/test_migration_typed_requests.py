"""Migration court 0005: requests made before it keep their link, and get the typed fields from
the record they point at, with the link recorded as the officer's at the time (decision 0019)."""

import json
from pathlib import Path

from tests.test_migrations import migration_script_run, scratch_database  # noqa: F401  (the fixture)

ROOT = Path(__file__).resolve().parent.parent.parent
BEFORE = ("court", "0004_report_points_at_organisations")

SCRIPT = """
import datetime, json, sys
import django
django.setup()
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

before = [tuple(json.loads(sys.argv[1]))]
executor = MigrationExecutor(connection)
executor.migrate(before)
apps = executor.loader.project_state(before).apps
User = apps.get_model("accounts", "User")
Person = apps.get_model("people", "Person")
ProbationRequest = apps.get_model("court", "ProbationRequest")
officer = User.objects.create(username="synthetic.probation", role="probation_officer")
person = Person.objects.create(
    reference="ARS-19-000001", given_name="Odette", family_name="Oldrequest",
    date_of_birth=datetime.date(1980, 2, 3), postcode="B5 4TT", pnc_id="19/1234567E",
)
made = timezone.now() - datetime.timedelta(days=3)
request = ProbationRequest.objects.create(
    officer=officer, person=person, court="Synthetic Magistrates' Court",
    hearing_date=datetime.date(2030, 1, 10), report_deadline=datetime.date(2030, 1, 3),
)
ProbationRequest.objects.filter(pk=request.pk).update(created_at=made)

executor = MigrationExecutor(connection)
executor.migrate(executor.loader.graph.leaf_nodes())

from court.models import ProbationRequest
after = ProbationRequest.objects.get(pk=request.pk)
print(json.dumps({
    "typed": [after.given_name, after.family_name, str(after.date_of_birth), after.pnc_id,
              after.postcode],
    "person": str(after.person_id) == str(person.pk),
    "linked_by_officer": after.linked_by_id == officer.pk,
    "linked_when_made": after.linked_at == made,
    "kind": after.report_kind,
}))
"""


def test_requests_made_before_keep_their_link_and_get_their_typed_fields(
    scratch_database,  # noqa: F811
):
    found = migration_script_run(scratch_database, SCRIPT, json.dumps(BEFORE))
    assert found == {
        "typed": ["Odette", "Oldrequest", "1980-02-03", "19/1234567E", "B5 4TT"],
        "person": True,
        "linked_by_officer": True,
        "linked_when_made": True,
        "kind": "standard",
    }
