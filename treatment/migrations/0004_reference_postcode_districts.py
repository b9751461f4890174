"""Reference data: approximate postcode-district routing for the West Midlands.

Loaded from treatment/data/west_midlands_postcode_districts.csv (see its header). Exact routing
comes from the ONS Postcode Directory, loaded with `manage.py import_onspd FILE`.
"""

import csv
from pathlib import Path

from django.db import migrations

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "west_midlands_postcode_districts.csv"


def read_rows(path: Path = CSV_PATH) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


def load(apps, schema_editor):
    LocalAuthority = apps.get_model("treatment", "LocalAuthority")
    PostcodeDistrict = apps.get_model("treatment", "PostcodeDistrict")
    authorities = {authority.slug: authority for authority in LocalAuthority.objects.all()}
    for row in read_rows():
        slug = row["local_authority_slug"].strip()
        PostcodeDistrict.objects.update_or_create(
            district=row["district"].strip().upper(),
            defaults={
                "local_authority": authorities[slug] if slug else None,
                "straddles": row["straddles"].strip().lower() == "true",
                "note": row["note"].strip(),
            },
        )


def unload(apps, schema_editor):
    PostcodeDistrict = apps.get_model("treatment", "PostcodeDistrict")
    PostcodeDistrict.objects.filter(
        district__in=[row["district"].strip().upper() for row in read_rows()]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("treatment", "0003_postcode_tables"),
    ]
    operations = [migrations.RunPython(load, unload)]
