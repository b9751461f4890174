"""UK postcodes: normalisation and routing to one of the seven local authorities.

Routing has two levels (DESIGN.md, "The seven local authorities"): an exact `Postcode` row,
loaded from the ONS Postcode Directory by `manage.py import_onspd`, wins; otherwise the
approximate `PostcodeDistrict` table shipped with the project; otherwise the postcode is unknown
and the worker decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from organisations.models import LocalAuthority, Postcode, PostcodeDistrict

# Royal Mail's shape rules: area letters never Q, V or X first nor I, J or Z second; inward
# letters never C, I, K, M, O or V. The letter ending an A9A / AA9A outward code is left open
# (the published lists of allowed letters have been outgrown: N1C).
_COMPACT_POSTCODE = re.compile(
    r"(?P<outward>[A-PR-UWYZ](?:[0-9][0-9A-Z]?|[A-HK-Y][0-9][0-9A-Z]?))"
    r"(?P<inward>[0-9][ABD-HJLNP-UW-Z]{2})"
)
_WHITESPACE = re.compile(r"\s+")
_GIRO = "GIR 0AA"  # the one postcode outside the rules (formerly Girobank, Bootle)


def normalise_postcode(text: str | None) -> str | None:
    """Upper case, one space before the inward code ("b23  6ab" → "B23 6AB"); None if invalid."""
    if not isinstance(text, str):
        return None
    compact = _WHITESPACE.sub("", text).upper()
    if compact == _GIRO.replace(" ", ""):
        return _GIRO
    match = _COMPACT_POSTCODE.fullmatch(compact)
    if match is None:
        return None
    return f"{match['outward']} {match['inward']}"


def district_of(postcode: str) -> str:
    """The outward code (postcode district) of a postcode: "B23 6AB" → "B23"."""
    normalised = normalise_postcode(postcode)
    if normalised is None:
        raise ValueError(f"Not a UK postcode: {postcode!r}")
    return normalised.split(" ", 1)[0]


@dataclass(frozen=True)
class Routing:
    """Where a postcode routes, and how sure we are.

    - exact: found in the ONS Postcode Directory table (no confirmation needed).
    - known: found as a postcode or as a district; an unknown postcode is *not* assumed to be
      out of area: the worker confirms.
    - out_of_area: known, and outside the seven.
    - needs_confirmation: the district straddles a boundary, or the postcode is unknown.
    """

    postcode: str
    local_authority: LocalAuthority | None
    out_of_area: bool
    exact: bool
    needs_confirmation: bool
    known: bool


def route_postcode(postcode: str) -> Routing:
    """Route a postcode: exact postcode row, then its district, else unknown (two queries at most).

    Raises ValueError if the text is not a UK postcode (validate it at the form first).
    """
    normalised = normalise_postcode(postcode)
    if normalised is None:
        raise ValueError(f"Not a UK postcode: {postcode!r}")

    exact = Postcode.objects.select_related("local_authority").filter(postcode=normalised).first()
    if exact is not None:
        return Routing(
            postcode=normalised,
            local_authority=exact.local_authority,
            out_of_area=exact.local_authority is None,
            exact=True,
            needs_confirmation=False,
            known=True,
        )

    district = (
        PostcodeDistrict.objects.select_related("local_authority")
        .filter(district=district_of(normalised))
        .first()
    )
    if district is not None:
        return Routing(
            postcode=normalised,
            local_authority=district.local_authority,
            out_of_area=district.local_authority is None,
            exact=False,
            needs_confirmation=district.straddles,
            known=True,
        )

    return Routing(
        postcode=normalised,
        local_authority=None,
        out_of_area=False,
        exact=False,
        needs_confirmation=True,
        known=False,
    )
