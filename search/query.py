"""What was typed in the search box: which kind of thing it is, in its stored form (pure).

Decided in this order, each form unambiguous against the ones after it: a reference (ARS, TR,
CR, DV), an NHS number (ten digits with a valid check digit, spaces or hyphens allowed), a PNC
ID (any form people.identifiers accepts), then anything else with a digit in it is a custody
record number, and anything without one is a name.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.references import reference_normalised
from people.identifiers import normalise_nhs_number, normalise_pnc_id

REFERENCE, NHS, PNC, RECORD_NUMBER, NAME = (
    "reference",
    "NHS number",
    "PNC ID",
    "custody record number",
    "name",
)
# The kinds that name one record exactly: one found goes straight to it.
EXACT = {REFERENCE, NHS, PNC, RECORD_NUMBER}


@dataclass(frozen=True)
class Query:
    kind: str
    value: str  # the stored form: "TR-26-000123", "943 476 5919", "04/0123456L", "NG0012/26"


def query_read(text: str) -> Query:
    """The kind and stored form of a search typed in one box."""
    text = " ".join(text.split())
    if reference := reference_normalised(text):
        return Query(REFERENCE, reference)
    if nhs := normalise_nhs_number(text):
        return Query(NHS, nhs)
    if pnc := normalise_pnc_id(text):
        return Query(PNC, pnc)
    if any(character.isdigit() for character in text):
        return Query(RECORD_NUMBER, "".join(text.split()).upper())
    return Query(NAME, text)
