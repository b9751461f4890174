"""Finding the person already on record before anyone creates a new one.

Exact on PNC ID or NHS number; otherwise close on names and date of birth, tolerating typos
(pg_trgm similarity and Levenshtein distance), day and month transposed, a year off by one, and
other names the person has used. Anonymised records (people.retention) are never candidates.
Candidates are fetched through indexes (a trigram GIN index
on the family name, of the person and of their aliases, and a B-tree on date of birth), then
scored in the same query, so a match costs milliseconds at hundreds of thousands of people.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import connection, transaction

from people.identifiers import normalise_nhs_number, normalise_pnc_id
from people.models import Person

# Weights of the parts of a match; the date of birth weighs most (names are misheard and
# misspelt more often than a date is wrong, and two people often share a name).
WEIGHT_FAMILY, WEIGHT_GIVEN, WEIGHT_DOB = 0.35, 0.20, 0.45
# Candidates below this are not shown: they would only be noise to a worker under pressure.
MINIMUM_SCORE = 0.5
# pg_trgm's threshold for the index lookup (the `%` operator), set per query so a server's
# own setting cannot change matching. 0.3 (pg_trgm's default) still fetches one-letter typos
# ("Whitfeld", "Smyth"); a short name too mangled for trigrams is still found through the
# date of birth. Measured in benchmarks/match_people.py: 0.25 doubled the time per match for
# no better recall.
TRIGRAM_THRESHOLD = 0.3


@dataclass
class Candidate:
    person: Person
    score: float
    reasons: list[str] = field(default_factory=list)
    exact_identifier: bool = False


def _swapped(day: datetime.date) -> datetime.date | None:
    try:
        swapped = day.replace(month=day.day, day=day.month)
    except ValueError:
        return None
    return swapped if swapped != day else None


def _dob_part(dob: datetime.date, other: datetime.date) -> tuple[float, str | None]:
    if other == dob:
        return 1.0, "Same date of birth"
    if _swapped(dob) == other:
        return 0.9, "Date of birth with day and month swapped"
    if (other.month, other.day) == (dob.month, dob.day) and abs(other.year - dob.year) <= 10:
        return 0.6, f"Same birthday, year {other.year} not {dob.year}"
    if other.year == dob.year and (other.month == dob.month or other.day == dob.day):
        return 0.5, "Date of birth differs by one part"
    return 0.0, None


def _name_reason(kind: str, typed: str, on_record: str, score: float) -> str | None:
    if score >= 0.999:
        return f"Same {kind}"
    if score >= 0.5:
        return f"Similar {kind} ({on_record})"
    return None


MATCHING_SQL = """
WITH typed AS (
    SELECT lower(%(family)s) AS family, lower(%(given)s) AS given,
           %(dob)s::date AS dob, %(swapped)s::date AS swapped
),
names AS (
    -- Candidates through the indexes, with every name they are known by that matched.
    SELECT p.id AS person_id, p.given_name, p.family_name, false AS is_alias, p.date_of_birth
      FROM people_person p, typed
     WHERE lower(p.family_name) %% typed.family AND p.anonymised_at IS NULL
    UNION
    SELECT p.id, p.given_name, p.family_name, false, p.date_of_birth
      FROM people_person p, typed
     WHERE (p.date_of_birth = typed.dob OR p.date_of_birth = typed.swapped)
       AND p.anonymised_at IS NULL
    UNION
    SELECT a.person_id, a.given_name, a.family_name, true, p.date_of_birth
      FROM people_personalias a JOIN people_person p ON p.id = a.person_id, typed
     WHERE lower(a.family_name) %% typed.family AND p.anonymised_at IS NULL
),
scored AS (
    SELECT n.person_id, n.given_name, n.family_name, n.is_alias,
           greatest(
               similarity(lower(n.family_name), typed.family),
               1 - levenshtein(left(lower(n.family_name), 255), left(typed.family, 255))::float
                   / greatest(length(n.family_name), length(typed.family), 1),
               0
           ) AS family_score,
           CASE WHEN typed.given = '' THEN 0 ELSE greatest(
               similarity(lower(n.given_name), typed.given),
               1 - levenshtein(left(lower(n.given_name), 255), left(typed.given, 255))::float
                   / greatest(length(n.given_name), length(typed.given), 1),
               0
           ) END AS given_score,
           CASE
               WHEN n.date_of_birth = typed.dob THEN 1.0
               WHEN n.date_of_birth = typed.swapped THEN 0.9
               WHEN extract(month FROM n.date_of_birth) = extract(month FROM typed.dob)
                    AND extract(day FROM n.date_of_birth) = extract(day FROM typed.dob)
                    AND abs(extract(year FROM n.date_of_birth) - extract(year FROM typed.dob)) <= 10
                   THEN 0.6
               WHEN extract(year FROM n.date_of_birth) = extract(year FROM typed.dob)
                    AND (extract(month FROM n.date_of_birth) = extract(month FROM typed.dob)
                         OR extract(day FROM n.date_of_birth) = extract(day FROM typed.dob))
                   THEN 0.5
               ELSE 0
           END AS dob_score
      FROM names n, typed
),
best AS (
    SELECT DISTINCT ON (person_id) person_id, given_name, family_name, is_alias,
           family_score, given_score,
           family_score * %(wf)s + given_score * %(wg)s + dob_score * %(wd)s AS score
      FROM scored
     ORDER BY person_id, family_score * %(wf)s + given_score * %(wg)s DESC
)
SELECT person_id, given_name, family_name, is_alias, family_score, given_score, score
  FROM best
 WHERE score >= %(minimum)s
 ORDER BY score DESC
 LIMIT %(limit)s
"""


def query_parameters(
    *, given_name: str, family_name: str, date_of_birth: datetime.date, limit: int
) -> dict:
    """The parameters of the matching query (also used by the benchmark to show its plan)."""
    return {
        "family": family_name.strip(),
        "given": given_name.strip(),
        "dob": date_of_birth,
        "swapped": _swapped(date_of_birth) or date_of_birth,
        "wf": WEIGHT_FAMILY,
        "wg": WEIGHT_GIVEN,
        "wd": WEIGHT_DOB,
        "minimum": MINIMUM_SCORE,
        "limit": limit,
    }


def find_matches(
    *,
    given_name: str = "",
    family_name: str = "",
    date_of_birth: datetime.date | None = None,
    pnc_id: str | None = None,
    nhs_number: str | None = None,
    limit: int = 10,
) -> list[Candidate]:
    """People on record who may be this person, best first, each with why it matched."""
    candidates: dict = {}

    # Callers pass identifiers from a form or serializer, already in their stored form; one
    # typed otherwise (20030011985X) is looked for as stored (03/0011985X) all the same.
    pnc_id = normalise_pnc_id(pnc_id) or pnc_id
    nhs_number = normalise_nhs_number(nhs_number) or nhs_number
    identifier_filters = []
    if pnc_id:
        identifier_filters.append(("pnc_id", pnc_id, "Same PNC ID"))
    if nhs_number:
        identifier_filters.append(("nhs_number", nhs_number, "Same NHS number"))
    for field_name, value, reason in identifier_filters:
        # Anonymised records have no identifiers left; the filter says so all the same.
        for person in Person.objects.filter(anonymised_at__isnull=True, **{field_name: value}):
            candidate = candidates.setdefault(
                person.pk, Candidate(person=person, score=1.0, exact_identifier=True)
            )
            candidate.reasons.append(reason)

    if family_name.strip() and date_of_birth:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.similarity_threshold', %s, true)",
                [str(TRIGRAM_THRESHOLD)],
            )
            cursor.execute(
                MATCHING_SQL,
                query_parameters(
                    given_name=given_name,
                    family_name=family_name,
                    date_of_birth=date_of_birth,
                    limit=limit + len(candidates),
                ),
            )
            rows = cursor.fetchall()
        people = Person.objects.in_bulk([row[0] for row in rows])
        for (
            person_id,
            alias_given,
            alias_family,
            is_alias,
            family_score,
            given_score,
            score,
        ) in rows:
            if person_id in candidates:
                continue  # already an exact identifier match
            person = people[person_id]
            _, dob_reason = _dob_part(date_of_birth, person.date_of_birth)
            reasons = [
                r
                for r in (
                    _name_reason("family name", family_name, alias_family, family_score),
                    _name_reason("given name", given_name, alias_given, given_score),
                    dob_reason,
                )
                if r
            ]
            if is_alias:
                reasons.append(f"Matches another name they have used: {alias_given} {alias_family}")
            candidates[person_id] = Candidate(person=person, score=round(score, 3), reasons=reasons)

    ranked = sorted(candidates.values(), key=lambda c: (-c.score, c.person.reference))
    return ranked[:limit]
