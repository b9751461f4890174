"""Reference data: the seven local authorities, a provider service in each, reason codes."""

from django.db import migrations

LOCAL_AUTHORITIES = [
    ("Birmingham", "E08000025", "birmingham"),
    ("Coventry", "E08000026", "coventry"),
    ("Dudley", "E08000027", "dudley"),
    ("Sandwell", "E08000028", "sandwell"),
    ("Solihull", "E08000029", "solihull"),
    ("Walsall", "E08000030", "walsall"),
    ("Wolverhampton", "E08000031", "wolverhampton"),
]

# (local authority slug, organisation): provider names are invented demo reference data.
PROVIDER_SERVICES = [
    ("birmingham", "Brindley Recovery Services"),
    ("coventry", "Phoenix Path"),
    ("dudley", "Castle Gate Recovery"),
    ("sandwell", "Brindley Recovery Services"),
    ("solihull", "Phoenix Path"),
    ("walsall", "Arboretum Wellbeing"),
    ("wolverhampton", "Castle Gate Recovery"),
]

DECLINE_REASONS = [
    ("out_of_area", "Out of area", False),
    ("already_in_treatment", "Already in treatment with us", False),
    ("not_eligible", "Not eligible", False),
    ("duplicate", "Duplicate referral", False),
    ("person_declined", "Person declined", False),
    ("other", "Other", True),
]

CLOSURE_REASONS = [
    ("completed_drug_free", "Treatment completed – drug free", False),
    ("completed_alcohol_free", "Treatment completed – alcohol free", False),
    (
        "completed_occasional_user",
        "Treatment completed – occasional user (not opiates or crack)",
        False,
    ),
    ("transferred_not_in_custody", "Transferred – not in custody", False),
    ("transferred_in_custody", "Transferred – in custody", False),
    ("incomplete_dropped_out", "Incomplete – dropped out", False),
    ("incomplete_withdrawn_by_provider", "Incomplete – treatment withdrawn by provider", False),
    ("incomplete_retained_in_custody", "Incomplete – retained in custody", False),
    ("incomplete_declined_commencement", "Incomplete – treatment commencement declined", False),
    ("incomplete_client_died", "Incomplete – client died", False),
    ("other", "Other", True),
]


def load(apps, schema_editor):
    LocalAuthority = apps.get_model("treatment", "LocalAuthority")
    ProviderService = apps.get_model("treatment", "ProviderService")
    Organisation = apps.get_model("accounts", "Organisation")
    DeclineReason = apps.get_model("treatment", "DeclineReason")
    ClosureReason = apps.get_model("treatment", "ClosureReason")
    for name, gss, slug in LOCAL_AUTHORITIES:
        LocalAuthority.objects.update_or_create(slug=slug, defaults={"name": name, "gss_code": gss})
    for slug, organisation_name in PROVIDER_SERVICES:
        authority = LocalAuthority.objects.get(slug=slug)
        organisation = Organisation.objects.get(name=organisation_name)
        ProviderService.objects.update_or_create(
            organisation=organisation,
            local_authority=authority,
            defaults={"name": f"{organisation_name} – {authority.name}"},
        )
    for model, rows in ((DeclineReason, DECLINE_REASONS), (ClosureReason, CLOSURE_REASONS)):
        for order, (code, label, requires_text) in enumerate(rows):
            model.objects.update_or_create(
                code=code,
                defaults={"label": label, "requires_text": requires_text, "order": order},
            )


class Migration(migrations.Migration):
    dependencies = [
        ("treatment", "0001_initial"),
        ("accounts", "0003_reference_organisations"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
