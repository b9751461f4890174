"""Checks and canonical forms of a person's identifiers: NHS number and PNC ID (pure functions).

NHS number: ten digits, the last a modulus 11 check digit (NHS Data Dictionary, data element
NHS NUMBER): the first nine digits are weighted 10 down to 2, the sum's remainder r on division
by 11 gives 11 − r; 11 means 0, and 10 means the number is invalid. Displayed 3-3-4:
"943 476 5919". Ten of one digit (000 000 0000, 111 111 1111, …) pass that check (a repeated
digit d always has check digit d) but are placeholders, never issued: they are refused (see
nhs_number_is_valid).

PNC ID (Police National Computer): YY/NNNNNNNL: the year the record was created, a serial of
up to seven digits and a check letter. The letter is ZABCDEFGHJKLMNPQRTUVWXY (I, O and S are
never used) indexed by (YY × 10⁷ + serial) mod 23, YY being the last two digits of the year.
Some systems display the year in full (2004/0123456L); both are accepted, and the canonical
form is the two-digit year with the serial zero-padded to seven digits: 04/0123456L. Written
without the slash (police systems often do: 20030011985X) it is accepted where the digits can
be read only one way (see normalise_pnc_id; decision 0024). Source of the format and check
character: HMPPS Core Person Record, ministryofjustice/hmpps-person-record PNCIdentifier.kt.
"""

from __future__ import annotations

import re

_NHS_SEPARATORS = re.compile(r"[\s-]+")
_TEN_DIGITS = re.compile(r"[0-9]{10}")

PNC_CHECK_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"
_PNC = re.compile(r"(?P<year>[0-9]{2}|(?:19|20)[0-9]{2})/(?P<serial>[0-9]{1,7})(?P<check>[A-Z])")
_PNC_WITHOUT_SLASH = re.compile(r"(?P<digits>[0-9]{3,11})(?P<check>[A-Z])")
PNC_SERIAL_DIGITS = 7
_WHITESPACE = re.compile(r"\s+")


def nhs_check_digit(first_nine: str) -> int | None:
    """The modulus 11 check digit for nine digits, or None when no check digit can exist (10)."""
    total = sum(
        int(digit) * weight for digit, weight in zip(first_nine, range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def _nhs_digits(text: str | None) -> str | None:
    if not isinstance(text, str):
        return None
    digits = _NHS_SEPARATORS.sub("", text)
    if not _TEN_DIGITS.fullmatch(digits):
        return None
    check = nhs_check_digit(digits[:9])
    if check is None or check != int(digits[9]):
        return None
    if len(set(digits)) == 1:  # 000 000 0000 … 999 999 9999: placeholders, never issued
        return None
    return digits


def nhs_number_is_placeholder(text: str | None) -> bool:
    """Ten of one digit (000 000 0000, 111 111 1111, …), however separated."""
    if not isinstance(text, str):
        return False
    digits = _NHS_SEPARATORS.sub("", text)
    return bool(_TEN_DIGITS.fullmatch(digits)) and len(set(digits)) == 1


def nhs_number_is_valid(text: str | None) -> bool:
    """Ten digits (spaces or hyphens allowed between them), a correct check digit, and not ten
    of one digit."""
    return _nhs_digits(text) is not None


def normalise_nhs_number(text: str | None) -> str | None:
    """The NHS number displayed 3-3-4 ("943 476 5919"), or None if it is not valid."""
    digits = _nhs_digits(text)
    if digits is None:
        return None
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def pnc_check_letter(year: str | int, serial: str | int) -> str:
    """The PNC ID check letter for a year (two or four digits) and a serial number."""
    two_digit_year = int(year) % 100
    return PNC_CHECK_LETTERS[(two_digit_year * 10**7 + int(serial)) % 23]


def _pnc_readings(compact: str) -> list[tuple[str, str, str]]:
    """Every way to read a compact PNC ID as (year, serial, check letter); the slash decides.

    Without a slash the digits are a two-digit year then the serial, or a four-digit year (19xx
    or 20xx) then the serial, the serial having one to seven digits. "20030011985X" reads only
    as 2003/0011985X (year 20 would leave nine serial digits); "0273319Z" only as 02/73319Z;
    "200012345X" as 20/0012345X or 2000/12345X, so it has two readings.
    """
    match = _PNC.fullmatch(compact)
    if match is not None:
        return [(match["year"], match["serial"], match["check"])]
    match = _PNC_WITHOUT_SLASH.fullmatch(compact)
    if match is None:
        return []
    digits, check = match["digits"], match["check"]
    readings = []
    for year_digits in (2, 4):
        year, serial = digits[:year_digits], digits[year_digits:]
        if year_digits == 4 and year[:2] not in ("19", "20"):
            continue
        if 1 <= len(serial) <= PNC_SERIAL_DIGITS:
            readings.append((year, serial, check))
    return readings


def pnc_id_is_ambiguous(text: str | None) -> bool:
    """Written without a slash, can the digits be read as two different years and serials?"""
    if not isinstance(text, str):
        return False
    return len(_pnc_readings(_WHITESPACE.sub("", text).upper())) > 1


def normalise_pnc_id(text: str | None) -> str | None:
    """The canonical PNC ID, YY/NNNNNNNL ("2004/123456L" → "04/0123456L"), or None if invalid.

    The slash may be left out only where the digits can be read one way (_pnc_readings): two
    readings are refused, never settled by the check letter, which would turn a slip of one
    character into another person's ID one time in 23.
    """
    if not isinstance(text, str):
        return None
    readings = _pnc_readings(_WHITESPACE.sub("", text).upper())
    if len(readings) != 1:
        return None
    ((year, serial, check),) = readings
    year, serial = year[-2:], int(serial)
    if pnc_check_letter(year, serial) != check:
        return None
    return f"{year}/{serial:07d}{check}"


def pnc_id_is_valid(text: str | None) -> bool:
    """YY/NNNNNNNL or YYYY/NNNNNNNL (the slash left out where unambiguous), one to seven serial
    digits, with the right check letter."""
    return normalise_pnc_id(text) is not None
