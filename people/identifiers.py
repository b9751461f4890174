"""Checks and canonical forms of a person's identifiers: NHS number and PNC ID (pure functions).

NHS number: ten digits, the last a modulus 11 check digit (NHS Data Dictionary): the first nine
digits are weighted 10 down to 2, the sum's remainder r on division by 11 gives 11 − r; 11 means
0, and 10 means the number is invalid. Displayed 3-3-4: "943 476 5919".

PNC ID (Police National Computer): YY/NNNNNNNL: the year the record was created, a serial of
up to seven digits and a check letter. The letter is ZABCDEFGHJKLMNPQRTUVWXY (I, O and S are
never used) indexed by (YY × 10⁷ + serial) mod 23, YY being the last two digits of the year.
Some systems display the year in full (2004/0123456L); both are accepted, and the canonical
form is the two-digit year with the serial zero-padded to seven digits: 04/0123456L.
"""

from __future__ import annotations

import re

_NHS_SEPARATORS = re.compile(r"[\s-]+")
_TEN_DIGITS = re.compile(r"[0-9]{10}")

PNC_CHECK_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"
_PNC = re.compile(r"(?P<year>[0-9]{2}|(?:19|20)[0-9]{2})/(?P<serial>[0-9]{1,7})(?P<check>[A-Z])")
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
    return digits


def nhs_number_is_valid(text: str | None) -> bool:
    """Ten digits (spaces or hyphens allowed between them) with a correct check digit."""
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


def normalise_pnc_id(text: str | None) -> str | None:
    """The canonical PNC ID, YY/NNNNNNNL ("2004/123456L" → "04/0123456L"), or None if invalid.

    The slash is required: without it a short serial makes the year ambiguous.
    """
    if not isinstance(text, str):
        return None
    match = _PNC.fullmatch(_WHITESPACE.sub("", text).upper())
    if match is None:
        return None
    year, serial, check = match["year"][-2:], int(match["serial"]), match["check"]
    if pnc_check_letter(year, serial) != check:
        return None
    return f"{year}/{serial:07d}{check}"


def pnc_id_is_valid(text: str | None) -> bool:
    """YY/NNNNNNNL or YYYY/NNNNNNNL, one to seven serial digits, with the right check letter."""
    return normalise_pnc_id(text) is not None
