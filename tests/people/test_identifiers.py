"""NHS number and PNC ID checks (pure functions, no database).

Only synthetic numbers: NHS numbers from the 999 test range, PNC IDs computed with the check
letter algorithm.
"""

from __future__ import annotations

import pytest

from people.identifiers import (
    PNC_CHECK_LETTERS,
    nhs_check_digit,
    nhs_number_is_valid,
    normalise_nhs_number,
    normalise_pnc_id,
    pnc_check_letter,
    pnc_id_is_valid,
)

# --- NHS number ----------------------------------------------------------------------------


def test_nhs_check_digit_is_eleven_minus_the_weighted_sum_mod_eleven():
    # 9×10 + 9×9 + 9×8 + 0 + … + 1×2 = 245; 245 mod 11 = 3; 11 − 3 = 8.
    assert nhs_check_digit("999000001") == 8


def test_nhs_check_digit_eleven_becomes_zero():
    # 9×10 + 9×9 + 9×8 + 5×2 = 253 = 23 × 11: remainder 0, 11 − 0 = 11 → 0.
    assert nhs_check_digit("999000005") == 0


def test_nhs_check_digit_ten_means_no_number_can_be_valid():
    # 243 mod 11 = 1: 11 − 1 = 10.
    assert nhs_check_digit("999000000") is None


@pytest.mark.parametrize(
    "text", ["9990000018", "999 000 0018", "999-000-0018", " 999 000 0018 ", "9990000050"]
)
def test_nhs_number_with_correct_check_digit_is_valid(text):
    assert nhs_number_is_valid(text)


@pytest.mark.parametrize("last_digit", "0123456789")
def test_nhs_number_whose_check_digit_would_be_ten_is_never_valid(last_digit):
    assert not nhs_number_is_valid(f"999000000{last_digit}")


@pytest.mark.parametrize(
    "text",
    [
        "9990000019",  # wrong check digit
        "9990000010",
        "999000001",  # nine digits
        "99900000188",  # eleven digits
        "999 000 001X",
        "999/000/0018",  # only spaces and hyphens separate
        "",
        None,
    ],
)
def test_nhs_number_malformed_or_with_wrong_check_digit_is_invalid(text):
    assert not nhs_number_is_valid(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9990000018", "999 000 0018"),
        ("999-000-0018", "999 000 0018"),
        ("  999 0000 018 ", "999 000 0018"),
        ("9990000019", None),
        ("9990000001", None),
    ],
)
def test_nhs_number_normalises_to_three_three_four_or_none(text, expected):
    assert normalise_nhs_number(text) == expected


# --- PNC ID --------------------------------------------------------------------------------


def test_pnc_check_letter_is_year_and_serial_mod_23_into_the_letters():
    # 04 × 10⁷ + 123456 = 40123456 = 23 × 1744498 + 2 → "B".
    assert pnc_check_letter("04", "0123456") == "B"
    assert pnc_check_letter("2004", 123456) == "B"  # the century does not count
    assert pnc_check_letter("00", 0) == "Z"  # remainder 0 → Z


def test_pnc_check_letters_never_include_i_o_or_s():
    assert len(PNC_CHECK_LETTERS) == 23
    assert not set("IOS") & set(PNC_CHECK_LETTERS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("04/0123456B", "04/0123456B"),
        ("04/123456B", "04/0123456B"),  # serial zero-padded to seven digits
        ("04/123456b", "04/0123456B"),
        (" 04 / 123456B ", "04/0123456B"),
        ("2004/0123456B", "04/0123456B"),  # four-digit year
        ("2004/123456B", "04/0123456B"),
        ("99/1G", "99/0000001G"),
        ("1999/0000001G", "99/0000001G"),
        ("21/7654321H", "21/7654321H"),
        ("85/42N", "85/0000042N"),
    ],
)
def test_pnc_id_with_correct_check_letter_normalises_to_yy_slash_seven_digits_and_letter(
    text, expected
):
    assert normalise_pnc_id(text) == expected
    assert pnc_id_is_valid(text)


@pytest.mark.parametrize(
    "text",
    [
        "04/0123456C",  # wrong check letter
        "04/123456A",
        "2004/0123456C",
        "1904/0123456C",
        "04/0123456I",  # never a check letter
        "04/0123456",  # no check letter
        "4/0123456B",  # one-digit year
        "204/0123456B",  # three-digit year
        "1804/0123456B",  # four-digit year outside 1900–2099
        "04/12345678B",  # eight-digit serial
        "04//0123456B",
        "04/B",
        "",
        None,
    ],
)
def test_pnc_id_malformed_or_with_wrong_check_letter_is_invalid(text):
    assert not pnc_id_is_valid(text)
    assert normalise_pnc_id(text) is None
