"""The fixed opiates/cocaine columns become one result row per drug (custody 0007-0009), on a
database with tests in it: every result moves, the power is recorded where the offence was a
trigger offence, and a follow-up not yet decided becomes one imposed (Drugs Act 2005 s10(2))."""

from tests.test_migrations import migration_script_run, scratch_database  # noqa: F401 (a fixture)

SCRIPT = """
import datetime, json
import django
django.setup()
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

executor = MigrationExecutor(connection)
before = [n for n in executor.loader.graph.leaf_nodes() if n[0] != "custody"]
before.append(("custody", "0006_outcome_time_and_open_contacts"))
executor.migrate(before)
old = MigrationExecutor(connection).loader.project_state(before, at_end=True).apps
Person = old.get_model("people", "Person")
Contact = old.get_model("custody", "CustodyContact")
Suite = old.get_model("organisations", "CustodySuite")
Offence = old.get_model("custody", "OffenceCategory")
DrugTest = old.get_model("custody", "DrugTest")
Required = old.get_model("custody", "RequiredAssessment")
suite = Suite.objects.get(code="bhm-north")
now = timezone.now()
rows = {
    "theft-both": ("theft", "positive", "positive"),
    "theft-opiates": ("theft", "positive", "negative"),
    "theft-refused": ("theft", "not_tested", "refused"),
    "theft-none": ("theft", "not_tested", "not_tested"),
    "assault-cocaine": ("assault", "negative", "positive"),
}
for n, (number, (offence, opiates, cocaine)) in enumerate(rows.items()):
    person = Person.objects.create(
        reference=f"ARS-26-9{n:05d}", given_name="Syn", family_name=f"Mover{n}",
        date_of_birth=datetime.date(1990, 1, 1),
    )
    contact = Contact.objects.create(
        suite=suite, custody_record_number=number.upper(), arrested_at=now,
        offence_category=Offence.objects.get(code=offence), person=person,
    )
    DrugTest.objects.create(
        contact=contact, opiates=opiates, cocaine=cocaine,
        sample_taken_at=None if opiates == cocaine == "not_tested" else now,
    )
    if "positive" in (opiates, cocaine):
        Required.objects.create(contact=contact, follow_up="not_set")

executor = MigrationExecutor(connection)
executor.migrate(executor.loader.graph.leaf_nodes())

from custody.models import DrugTest, RequiredAssessment
found = {}
for test in DrugTest.objects.select_related("contact"):
    found[test.contact.custody_record_number.lower()] = {
        "results": {r.drug.code: r.result for r in test.results.all()},
        "basis": test.basis,
        "positive": test.is_positive,
    }
print(json.dumps({
    "tests": found,
    "follow_ups": sorted(RequiredAssessment.objects.values_list("follow_up", flat=True)),
}))
"""


def test_results_move_to_one_row_per_drug_with_the_power_and_the_follow_up(
    scratch_database,  # noqa: F811
):
    found = migration_script_run(scratch_database, SCRIPT)
    tests = found["tests"]
    assert tests["theft-both"] == {
        "results": {"opiates": "positive", "cocaine": "positive"},
        "basis": "trigger_offence",
        "positive": True,
    }
    assert tests["theft-opiates"]["results"] == {"opiates": "positive", "cocaine": "negative"}
    assert tests["theft-refused"]["results"] == {"opiates": "not_tested", "cocaine": "refused"}
    assert tests["theft-refused"]["basis"] == "trigger_offence"  # a refusal was a request
    assert tests["theft-none"] == {
        "results": {"opiates": "not_tested", "cocaine": "not_tested"},
        "basis": "",
        "positive": False,
    }
    # Tested for a non-trigger offence before the rule: kept, with no power made up.
    assert tests["assault-cocaine"]["results"]["cocaine"] == "positive"
    assert tests["assault-cocaine"]["basis"] == ""
    assert found["follow_ups"] == ["set", "set", "set"]
