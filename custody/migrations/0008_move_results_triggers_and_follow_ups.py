"""Data: the tested drugs (opiates, cocaine), every existing test's two results moved to one row
per drug, the power recorded where the offence was a trigger offence, the trigger offences
added since (attempts; Fraud Act 2006 ss6-7), begging marked as ending with the Vagrancy Act's
repeal, and every required assessment's follow-up imposed (Drugs Act 2005 s10(2)).

Set-based SQL: a table of a million tests moves in one statement per drug.
"""

from django.db import migrations

# SI 2023/784: every Class A drug is a specified Class A drug; these are what is tested today.
TESTED_DRUGS = [("opiates", "Opiates", 10), ("cocaine", "Cocaine", 20)]

# Criminal Justice and Court Services Act 2000, Schedule 6 (as amended): the trigger offences
# added to the list shipped in 0002.
NEW_TRIGGER_OFFENCES = [
    ("attempted_theft", "Attempted theft (Criminal Attempts Act 1981 s1)"),
    ("attempted_robbery", "Attempted robbery (Criminal Attempts Act 1981 s1)"),
    ("attempted_burglary", "Attempted burglary (Criminal Attempts Act 1981 s1)"),
    ("attempted_handling", "Attempted handling stolen goods (Criminal Attempts Act 1981 s1)"),
    ("attempted_fraud", "Attempted fraud (Criminal Attempts Act 1981 s1)"),
    ("fraud_articles_possession", "Possessing articles for use in fraud (Fraud Act 2006 s6)"),
    ("fraud_articles_making", "Making or supplying articles for use in fraud (Fraud Act 2006 s7)"),
]

MOVE_RESULTS = [
    f"""
    INSERT INTO custody_drugtestresult (test_id, drug_id, result)
    SELECT t.id, d.id, t.{column}
    FROM custody_drugtest t, custody_testeddrug d
    WHERE d.code = '{column}'
    ON CONFLICT (test_id, drug_id) DO NOTHING
    """  # noqa: S608  # nosec B608 (two fixed column names)
    for column in ("opiates", "cocaine")
]
MOVE_RESULTS_BACK = [
    f"""
    UPDATE custody_drugtest t SET {column} = r.result
    FROM custody_drugtestresult r JOIN custody_testeddrug d ON d.id = r.drug_id
    WHERE r.test_id = t.id AND d.code = '{column}'
    """  # noqa: S608  # nosec B608 (two fixed column names)
    for column in ("opiates", "cocaine")
]


def load(apps, schema_editor):
    """The reference rows (idempotent: tests/reference.py runs it again after a flush)."""
    TestedDrug = apps.get_model("custody", "TestedDrug")
    OffenceCategory = apps.get_model("custody", "OffenceCategory")
    for code, label, order in TESTED_DRUGS:
        TestedDrug.objects.update_or_create(code=code, defaults={"label": label, "order": order})
    for code, label in NEW_TRIGGER_OFFENCES:
        OffenceCategory.objects.update_or_create(
            code=code, defaults={"label": label, "is_trigger": True}
        )
    OffenceCategory.objects.filter(code="begging").update(trigger_ends_with_vagrancy_act=True)


def move(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for statement in MOVE_RESULTS:
            cursor.execute(statement)
        # Tests taken for a trigger offence: that was the power. Others stay blank (recorded
        # before the power was asked for; an inspector's authorisation cannot be made up).
        cursor.execute(
            """
            UPDATE custody_drugtest t SET basis = 'trigger_offence'
            FROM custody_custodycontact c, custody_offencecategory o
            WHERE c.id = t.contact_id AND o.id = c.offence_category_id AND o.is_trigger
              AND t.basis = '' AND (t.opiates <> 'not_tested' OR t.cocaine <> 'not_tested')
            """
        )
        cursor.execute(
            "UPDATE custody_requiredassessment SET follow_up = 'set' WHERE follow_up = 'not_set'"
        )


def backwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for statement in MOVE_RESULTS_BACK:
            cursor.execute(statement)
        cursor.execute(
            "UPDATE custody_drugtest SET opiates = 'not_tested' WHERE opiates = ''; "
            "UPDATE custody_drugtest SET cocaine = 'not_tested' WHERE cocaine = ''"
        )
        cursor.execute(
            "UPDATE custody_requiredassessment SET follow_up = 'not_set' "
            "WHERE follow_up = 'set' AND (follow_up_at IS NULL OR follow_up_place = '')"
        )


class Migration(migrations.Migration):
    dependencies = [("custody", "0007_drug_results_per_drug_and_the_power")]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(move, backwards),
    ]
