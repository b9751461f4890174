"""Reference data: custody suites (invented names) and offence categories.

Trigger offences follow the Criminal Justice and Court Services Act 2000 sch. 6 as amended by
the Drugs Act 2005: a detainee arrested for one may be tested for opiates and cocaine.
"""

from django.db import migrations

SUITES = [
    ("bhm-north", "Northgate Custody Suite", "birmingham"),
    ("bhm-south", "Southbank Custody Suite", "birmingham"),
    ("coventry", "Riverside Custody Suite", "coventry"),
    ("sandwell", "Foundry Lane Custody Suite", "sandwell"),
    ("walsall", "Hillcrest Custody Suite", "walsall"),
    ("wolverhampton", "Canal Street Custody Suite", "wolverhampton"),
]

OFFENCES = [
    # trigger offences
    ("theft", "Theft (including shoplifting)", True),
    ("robbery", "Robbery", True),
    ("burglary", "Burglary", True),
    ("aggravated_burglary", "Aggravated burglary", True),
    ("vehicle_taking", "Taking a motor vehicle without consent", True),
    ("aggravated_vehicle_taking", "Aggravated vehicle taking", True),
    ("fraud", "Fraud or obtaining property by deception", True),
    ("going_equipped", "Going equipped for stealing", True),
    ("handling", "Handling stolen goods", True),
    ("class_a_possession", "Possession of a Class A drug", True),
    ("class_a_intent_supply", "Possession of a Class A drug with intent to supply", True),
    ("class_a_supply", "Production or supply of a Class A drug", True),
    ("begging", "Begging or persistent begging", True),
    # not trigger offences
    ("assault", "Assault", False),
    ("criminal_damage", "Criminal damage", False),
    ("public_order", "Public order offence", False),
    ("class_b_c_possession", "Possession of a Class B or C drug", False),
    ("drink_drug_driving", "Drink or drug driving", False),
    ("breach", "Breach of bail, order or licence", False),
    ("domestic_abuse", "Domestic abuse related offence", False),
    ("weapon", "Possession of an offensive weapon", False),
    ("other", "Other offence", False),
]


def load(apps, schema_editor):
    CustodySuite = apps.get_model("custody", "CustodySuite")
    OffenceCategory = apps.get_model("custody", "OffenceCategory")
    LocalAuthority = apps.get_model("treatment", "LocalAuthority")
    for code, name, authority in SUITES:
        CustodySuite.objects.update_or_create(
            code=code,
            defaults={"name": name, "local_authority": LocalAuthority.objects.get(slug=authority)},
        )
    for code, label, is_trigger in OFFENCES:
        OffenceCategory.objects.update_or_create(
            code=code, defaults={"label": label, "is_trigger": is_trigger}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("custody", "0001_initial"),
        ("treatment", "0002_reference_authorities_services_reasons"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
