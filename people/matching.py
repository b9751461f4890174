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
from django.db.models import F, FloatField, Func, Q, Value

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
       AND (%(among)s::uuid[] IS NULL OR p.id = ANY(%(among)s::uuid[]))
    UNION
    SELECT p.id, p.given_name, p.family_name, false, p.date_of_birth
      FROM people_person p, typed
     WHERE (p.date_of_birth = typed.dob OR p.date_of_birth = typed.swapped)
       AND p.anonymised_at IS NULL
       AND (%(among)s::uuid[] IS NULL OR p.id = ANY(%(among)s::uuid[]))
    UNION
    SELECT a.person_id, a.given_name, a.family_name, true, p.date_of_birth
      FROM people_personalias a JOIN people_person p ON p.id = a.person_id, typed
     WHERE lower(a.family_name) %% typed.family AND p.anonymised_at IS NULL
       AND (%(among)s::uuid[] IS NULL OR p.id = ANY(%(among)s::uuid[]))
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
    *,
    given_name: str,
    family_name: str,
    date_of_birth: datetime.date | None,
    limit: int,
    among: list | None = None,
) -> dict:
    """The parameters of the matching query (also used by the benchmark to show its plan).

    Without a date of birth (the header search, docs/decisions/0031) the names carry the whole
    score, in the same proportion to each other; a family name alone carries all of it.
    `among`: only these people's ids (what the viewer may see), else everyone.
    """
    weights = (WEIGHT_FAMILY, WEIGHT_GIVEN, WEIGHT_DOB)
    if date_of_birth is None:
        names = WEIGHT_FAMILY + (WEIGHT_GIVEN if given_name.strip() else 0)
        weights = (WEIGHT_FAMILY / names, WEIGHT_GIVEN / names if given_name.strip() else 0, 0)
    return {
        "family": family_name.strip(),
        "given": given_name.strip(),
        "dob": date_of_birth,
        "swapped": (_swapped(date_of_birth) or date_of_birth) if date_of_birth else None,
        "wf": weights[0],
        "wg": weights[1],
        "wd": weights[2],
        "minimum": MINIMUM_SCORE,
        "limit": limit,
        "among": None if among is None else [str(pk) for pk in among],
    }


def _name_rows(**parameters) -> list[tuple]:
    """The matching query's rows (person id, matched names, part scores, score), best first."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.similarity_threshold', %s, true)",
            [str(TRIGRAM_THRESHOLD)],
        )
        cursor.execute(MATCHING_SQL, query_parameters(**parameters))
        return cursor.fetchall()


def name_parts(text: str) -> tuple[str, str]:
    """A name typed in one box as (given names, family name): "Family, Given" when there is a
    comma, else the last word is the family name ("Mary Ann Smith" -> "Mary Ann", "Smith")."""
    if "," in text:
        family, _, given = text.partition(",")
        return " ".join(given.split()), " ".join(family.split())
    words = text.split()
    if not words:
        return "", ""
    return " ".join(words[:-1]), words[-1]


def find_by_name(*, text: str, among: list | None = None, limit: int = 20) -> list[Candidate]:
    """People whose name (or another name they have used) is close to a name typed without a
    date of birth, best first: the same query and scores as find_matches, the names weighed
    alone. `among`: only these people (the viewer's), so others never take a place in `limit`."""
    given, family = name_parts(text)
    if not family or among == []:
        return []
    rows = _name_rows(
        given_name=given, family_name=family, date_of_birth=None, limit=limit, among=among
    )
    people = Person.objects.in_bulk([row[0] for row in rows])
    ranked = []
    for person_id, alias_given, alias_family, is_alias, family_score, given_score, score in rows:
        reasons = [
            r
            for r in (
                _name_reason("family name", family, alias_family, family_score),
                _name_reason("given name", given, alias_given, given_score) if given else None,
            )
            if r
        ]
        if is_alias:
            reasons.append(f"Matches another name they have used: {alias_given} {alias_family}")
        ranked.append(Candidate(person=people[person_id], score=round(score, 3), reasons=reasons))
    return sorted(ranked, key=lambda c: (-c.score, c.person.reference))


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
        rows = _name_rows(
            given_name=given_name,
            family_name=family_name,
            date_of_birth=date_of_birth,
            limit=limit + len(candidates),
        )
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


class _NamePartScore(Func):
    """One name part's score exactly as MATCHING_SQL scores it (pg_trgm similarity or edit
    distance, whichever is kinder), on any column: for the names outsiders typed on their own
    referrals and requests, which are not people (they never see the record: decision 0025)."""

    output_field = FloatField()

    def __init__(self, field: str, typed: str):
        super().__init__(F(field))
        self.typed = typed.strip().lower()

    def as_sql(self, compiler, connection, **extra_context):
        name, params = compiler.compile(self.get_source_expressions()[0])
        sql = (
            f"greatest(similarity(lower({name}), %s), 1 - levenshtein(left(lower({name}), 255),"
            f" left(%s, 255))::float / greatest(length({name}), length(%s), 1), 0)"
        )
        return sql, [*params, self.typed, *params, self.typed, *params, self.typed]


def typed_name_matches(
    queryset, *, text: str, given_field: str = "given_name", family_field: str = "family_name"
):
    """The rows of `queryset` whose typed name is close to `text`, best first (annotated
    `name_score`): the matching query's name scores and weights, no date of birth."""
    given, family = name_parts(text)
    if not family:
        return queryset.none()
    weights = query_parameters(given_name=given, family_name=family, date_of_birth=None, limit=0)
    score = _NamePartScore(family_field, family) * Value(weights["wf"])
    if given:
        score = score + _NamePartScore(given_field, given) * Value(weights["wg"])
    return (
        queryset.annotate(name_score=score)
        .filter(Q(name_score__gte=MINIMUM_SCORE))
        .order_by("-name_score")
    )
