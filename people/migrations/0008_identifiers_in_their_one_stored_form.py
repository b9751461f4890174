"""Every stored PNC ID and NHS number in its one stored form (issue 20; decision 0024).

Forms, the API and the feed always stored YY/NNNNNNNL and "NNN NNN NNNN", but a probation
request passed its PNC ID through as typed ("2004/123456L", "20040123456L"), and an NHS number of
one repeated digit (000 000 0000) passed the check digit. Now:
- a PNC ID that can be read one way with a right check letter is rewritten YY/NNNNNNNL;
- an NHS number that is valid is rewritten 3-3-4; one of a single repeated digit is removed: it
  is a placeholder that would link every newcomer sent with it to this person.
A value that cannot be put right (invalid, ambiguous without its slash, or whose stored form
another person already holds: a duplicate for a worker to merge) is left as it was.

The checks are copied here, not imported, so this migration does what it did when written.
"""

import re

from django.db import migrations

_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"
_WITH_SLASH = re.compile(
    r"(?P<year>[0-9]{2}|(?:19|20)[0-9]{2})/(?P<serial>[0-9]{1,7})(?P<check>[A-Z])"
)
_WITHOUT_SLASH = re.compile(r"(?P<digits>[0-9]{3,11})(?P<check>[A-Z])")


def pnc_stored_form(text):
    compact = re.sub(r"\s+", "", text).upper()
    match = _WITH_SLASH.fullmatch(compact)
    if match is not None:
        readings = [(match["year"], match["serial"], match["check"])]
    else:
        match = _WITHOUT_SLASH.fullmatch(compact)
        if match is None:
            return None
        digits, check = match["digits"], match["check"]
        readings = [
            (digits[:width], digits[width:], check)
            for width in (2, 4)
            if (width == 2 or digits[:2] in ("19", "20")) and 1 <= len(digits[width:]) <= 7
        ]
    if len(readings) != 1:
        return None
    ((year, serial, check),) = readings
    year, serial = year[-2:], int(serial)
    if _LETTERS[(int(year) * 10**7 + serial) % 23] != check:
        return None
    return f"{year}/{serial:07d}{check}"


def nhs_stored_form(text):
    digits = re.sub(r"[\s-]+", "", text)
    if not re.fullmatch(r"[0-9]{10}", digits) or len(set(digits)) == 1:
        return None
    check = 11 - sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True)) % 11
    check = 0 if check == 11 else check
    if check == 10 or check != int(digits[9]):
        return None
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def is_placeholder_nhs_number(text):
    digits = re.sub(r"[\s-]+", "", text)
    return bool(re.fullmatch(r"[0-9]{10}", digits)) and len(set(digits)) == 1


def forwards(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    for field, stored_form in (("pnc_id", pnc_stored_form), ("nhs_number", nhs_stored_form)):
        rows = Person.objects.exclude(**{f"{field}__isnull": True}).values_list("pk", field)
        for pk, value in rows.iterator():
            if field == "nhs_number" and is_placeholder_nhs_number(value):
                Person.objects.filter(pk=pk).update(nhs_number=None)
                continue
            wanted = stored_form(value)
            if wanted is None or wanted == value:
                continue
            if Person.objects.filter(**{field: wanted}).exclude(pk=pk).exists():
                continue
            Person.objects.filter(pk=pk).update(**{field: wanted})


class Migration(migrations.Migration):
    dependencies = [("people", "0007_person_points_at_organisations")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
