"""What the header search box reads each kind of text as (search.query, pure)."""

import pytest

from search.query import NAME, NHS, PNC, RECORD_NUMBER, REFERENCE, query_read


@pytest.mark.parametrize(
    ("typed", "kind", "value"),
    [
        ("ARS-26-000123", REFERENCE, "ARS-26-000123"),
        (" ars 26 000123 ", REFERENCE, "ARS-26-000123"),
        ("TR26000045", REFERENCE, "TR-26-000045"),
        ("cr-25-000001", REFERENCE, "CR-25-000001"),
        ("DV-26-000777", REFERENCE, "DV-26-000777"),
        ("943 476 5919", NHS, "943 476 5919"),  # NHS Data Dictionary's example: valid check
        ("9434765919", NHS, "943 476 5919"),
        ("943-476-5919", NHS, "943 476 5919"),
        ("04/0123456B", PNC, "04/0123456B"),
        ("2004/123456B", PNC, "04/0123456B"),
        ("20030011985X", PNC, "03/0011985X"),  # slashless, readable one way only
        ("NG0012/26", RECORD_NUMBER, "NG0012/26"),
        ("ng 0012/26", RECORD_NUMBER, "NG0012/26"),
        ("9434765918", RECORD_NUMBER, "9434765918"),  # wrong check digit: not an NHS number
        ("XX-26-000123", RECORD_NUMBER, "XX-26-000123"),  # no such kind of reference
        ("Sharona Openshaw", NAME, "Sharona Openshaw"),
        ("  O'Brien,   Mary ", NAME, "O'Brien, Mary"),
    ],
)
def test_the_search_box_reads_each_kind_of_text(typed, kind, value):
    query = query_read(typed)
    assert (query.kind, query.value) == (kind, value)
