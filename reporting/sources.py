"""Where the monthly figures come from: one registered function per kind of record.

Each source writes the counts of its sections' measures for a window of months into
`reporting_monthlyfigure`, grouped by month, local authority and custody suite, and says
which months changed since a moment (so a refresh recomputes only those). Reporting is the one
app that reads other apps' tables directly: read-only, aggregated, in SQL here and nowhere
else (decision 0014). Table and column names are written out, never built from strings.

Adding a source (DIVERT, DRR/ATR) is one function with `@figures_for(...)`: it returns its
INSERT ... SELECT statements, and its `changed` query names the months that moved.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Window:
    """The months being recomputed: [start, end) as UK-time datetimes and as dates."""

    start: datetime.datetime
    end: datetime.datetime
    today: datetime.date
    tz: str
    continuity_days: int

    @property
    def params(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "start_date": self.start.date(),
            "end_date": self.end.date(),
            "today": self.today,
            "tz": self.tz,
            "continuity_days": self.continuity_days,
        }


@dataclass(frozen=True)
class Source:
    name: str
    sections: tuple[str, ...]
    statements: Callable[[Window], Iterable[str]]
    # SQL: the first day of each month (UK time) touched by a row changed since %(since)s.
    changed: str


SOURCES: list[Source] = []


def figures_for(*sections: str, changed: str) -> Callable:
    """Register a function returning the INSERT ... SELECT statements for these sections."""

    def register(function: Callable[[Window], Iterable[str]]):
        SOURCES.append(Source(function.__name__, sections, function, changed))
        return function

    return register


# --- Custody contacts: detainees, tests, required assessments, naloxone ------------------------

CUSTODY_FIGURES = """
INSERT INTO reporting_monthlyfigure (month, measure, local_authority_id, suite_id, days, count)
SELECT g.month, v.measure, g.local_authority_id, g.suite_id, NULL, v.n
FROM (
    SELECT date_trunc('month', c.arrested_at AT TIME ZONE %(tz)s)::date AS month,
           s.local_authority_id,
           c.suite_id,
           count(*) AS contacts,
           count(*) FILTER (
               WHERE c.outcome IN ('assessed', 'brief_intervention', 'declined')) AS seen,
           count(t.test_id) FILTER (WHERE t.tested) AS tested,
           count(t.test_id) FILTER (WHERE t.opiates OR t.cocaine) AS positive,
           count(t.test_id) FILTER (WHERE t.opiates AND NOT t.cocaine) AS opiates_only,
           count(t.test_id) FILTER (WHERE t.cocaine AND NOT t.opiates) AS cocaine_only,
           count(t.test_id) FILTER (WHERE t.opiates AND t.cocaine) AS both_positive,
           count(t.test_id) FILTER (WHERE t.refused) AS refused,
           count(r.id) AS required,
           count(r.id) FILTER (WHERE r.initial_attendance <> 'pending') AS initial_recorded,
           count(r.id) FILTER (WHERE r.initial_attendance = 'attended') AS initial_attended,
           count(r.id) FILTER (
               WHERE r.follow_up = 'set' AND r.follow_up_at IS NOT NULL) AS follow_up_required,
           count(r.id) FILTER (
               WHERE r.follow_up = 'set' AND r.follow_up_attendance <> 'pending'
           ) AS follow_up_recorded,
           count(r.id) FILTER (
               WHERE r.follow_up = 'set' AND r.follow_up_attendance = 'attended'
           ) AS follow_up_attended,
           count(n.id) FILTER (WHERE n.outcome IN ('issued', 'declined')) AS naloxone_offered,
           count(n.id) FILTER (WHERE n.outcome = 'issued') AS naloxone_issued
    FROM custody_custodycontact c
    JOIN custody_custodysuite s ON s.id = c.suite_id
    LEFT JOIN custody_drugtest dt ON dt.contact_id = c.id
    LEFT JOIN LATERAL (  -- the test's results: one row per drug tested
        SELECT dt.id AS test_id,
               bool_or(x.result IN ('positive', 'negative')) AS tested,
               bool_or(x.result = 'refused') AS refused,
               bool_or(d.code = 'opiates' AND x.result = 'positive') AS opiates,
               bool_or(d.code = 'cocaine' AND x.result = 'positive') AS cocaine
        FROM custody_drugtestresult x JOIN custody_testeddrug d ON d.id = x.drug_id
        WHERE x.test_id = dt.id
    ) AS t ON true
    LEFT JOIN custody_requiredassessment r ON r.contact_id = c.id
    LEFT JOIN custody_naloxone n ON n.contact_id = c.id
    WHERE c.arrested_at >= %(start)s AND c.arrested_at < %(end)s
    GROUP BY 1, 2, 3
) AS g
CROSS JOIN LATERAL (
    VALUES ('contacts', g.contacts), ('seen', g.seen), ('tested', g.tested),
           ('positive', g.positive), ('opiates_only', g.opiates_only),
           ('cocaine_only', g.cocaine_only), ('both_positive', g.both_positive),
           ('refused', g.refused), ('required', g.required),
           ('initial_recorded', g.initial_recorded), ('initial_attended', g.initial_attended),
           ('follow_up_required', g.follow_up_required),
           ('follow_up_recorded', g.follow_up_recorded),
           ('follow_up_attended', g.follow_up_attended),
           ('naloxone_offered', g.naloxone_offered), ('naloxone_issued', g.naloxone_issued)
) AS v (measure, n)
WHERE v.n > 0
"""

CUSTODY_CHANGED = """
SELECT date_trunc('month', c.arrested_at AT TIME ZONE %(tz)s)::date
FROM custody_custodycontact c WHERE c.updated_at >= %(since)s
UNION
SELECT date_trunc('month', c.arrested_at AT TIME ZONE %(tz)s)::date
FROM custody_drugtest t JOIN custody_custodycontact c ON c.id = t.contact_id
WHERE t.updated_at >= %(since)s
UNION
SELECT date_trunc('month', c.arrested_at AT TIME ZONE %(tz)s)::date
FROM custody_requiredassessment r JOIN custody_custodycontact c ON c.id = r.contact_id
WHERE r.updated_at >= %(since)s
UNION
SELECT date_trunc('month', c.arrested_at AT TIME ZONE %(tz)s)::date
FROM custody_naloxone n JOIN custody_custodycontact c ON c.id = n.contact_id
WHERE n.updated_at >= %(since)s
"""


@figures_for("custody", "testing", "required", "naloxone", changed=CUSTODY_CHANGED)
def custody_contacts(window: Window) -> Iterable[str]:
    """Detainees, seen, tests on arrest, required assessments and naloxone, by arrest month."""
    return [CUSTODY_FIGURES]


# --- The shared assessment --------------------------------------------------------------------

ASSESSMENT_FIGURES = """
INSERT INTO reporting_monthlyfigure (month, measure, local_authority_id, suite_id, days, count)
SELECT date_trunc('month', a.completed_at AT TIME ZONE %(tz)s)::date,
       'assessments_completed', p.local_authority_id, u.custody_suite_id, NULL, count(*)
FROM assessments_assessment a
JOIN people_person p ON p.id = a.person_id
LEFT JOIN accounts_user u ON u.id = a.completed_by_id
WHERE a.status = 'completed' AND a.completed_at >= %(start)s AND a.completed_at < %(end)s
GROUP BY 1, 2, 3, 4
"""

# A person's local authority changing moves their assessments; so does a merge.
ASSESSMENT_CHANGED = """
SELECT date_trunc('month', a.completed_at AT TIME ZONE %(tz)s)::date
FROM assessments_assessment a
WHERE a.status = 'completed' AND a.updated_at >= %(since)s
UNION
SELECT date_trunc('month', a.completed_at AT TIME ZONE %(tz)s)::date
FROM assessments_assessment a JOIN people_person p ON p.id = a.person_id
WHERE a.status = 'completed' AND p.updated_at >= %(since)s
"""


@figures_for("assessments", changed=ASSESSMENT_CHANGED)
def assessments_completed(window: Window) -> Iterable[str]:
    """Completed versions of the shared assessment, by month completed."""
    return [ASSESSMENT_FIGURES]


# --- Treatment referrals and continuity of care ------------------------------------------------

REFERRAL_FIGURES = """
INSERT INTO reporting_monthlyfigure (month, measure, local_authority_id, suite_id, days, count)
SELECT g.month, v.measure, g.local_authority_id, g.suite_id, NULL, v.n
FROM (
    SELECT date_trunc('month', r.sent_at AT TIME ZONE %(tz)s)::date AS month,
           p.local_authority_id,
           c.suite_id,
           count(*) AS sent,
           count(r.accepted_at) AS accepted,
           count(r.engaged_at) AS engaged
    FROM treatment_referral r
    JOIN treatment_providerservice p ON p.id = r.provider_service_id
    LEFT JOIN custody_custodycontact c ON c.id = r.custody_contact_id
    WHERE NOT r.out_of_area AND r.sent_at >= %(start)s AND r.sent_at < %(end)s
    GROUP BY 1, 2, 3
) AS g
CROSS JOIN LATERAL (
    VALUES ('referrals_sent', g.sent), ('referrals_accepted', g.accepted),
           ('referrals_engaged', g.engaged)
) AS v (measure, n)
WHERE v.n > 0
"""

# Days from sent to accepted and to engaged (UK calendar days), one row per number of days;
# a year and a day or more is kept as 366, which moves no median below it.
REFERRAL_DAYS = """
INSERT INTO reporting_monthlyfigure (month, measure, local_authority_id, suite_id, days, count)
SELECT x.month, v.measure, x.local_authority_id, x.suite_id, LEAST(GREATEST(v.days, 0), 366),
       count(*)
FROM (
    SELECT date_trunc('month', r.sent_at AT TIME ZONE %(tz)s)::date AS month,
           p.local_authority_id,
           c.suite_id,
           (r.accepted_at AT TIME ZONE %(tz)s)::date - (r.sent_at AT TIME ZONE %(tz)s)::date
               AS to_accept,
           (r.engaged_at AT TIME ZONE %(tz)s)::date - (r.sent_at AT TIME ZONE %(tz)s)::date
               AS to_engage
    FROM treatment_referral r
    JOIN treatment_providerservice p ON p.id = r.provider_service_id
    LEFT JOIN custody_custodycontact c ON c.id = r.custody_contact_id
    WHERE NOT r.out_of_area AND r.sent_at >= %(start)s AND r.sent_at < %(end)s
      AND r.accepted_at IS NOT NULL
) AS x
CROSS JOIN LATERAL (
    VALUES ('days_to_accept', x.to_accept), ('days_to_engage', x.to_engage)
) AS v (measure, days)
WHERE v.days IS NOT NULL
GROUP BY 1, 2, 3, 4, 5
"""

# Continuity of care, by month of release, counted by PERSON, not by referral: one line per
# person, month and kind of release (prison, or police custody), however many referrals followed
# it. The outcome is known once a first appointment was attended, or once the days allowed have
# passed without one; until then the person is not counted at all. Prison releases are the
# national indicator (OHID Fingertips / PHOF C20, formerly 2.16: engaged in community treatment
# within 3 weeks of release from prison); police custody releases are a local measure only.
# Placed at the local authority and custody suite of the person's first referral after release.
CONTINUITY_FIGURES = """
INSERT INTO reporting_monthlyfigure (month, measure, local_authority_id, suite_id, days, count)
SELECT g.month, v.measure, g.local_authority_id, g.suite_id, NULL, v.n
FROM (
    SELECT x.month, x.local_authority_id, x.suite_id,
           count(*) FILTER (WHERE x.from_prison AND x.due) AS prison_due,
           count(*) FILTER (WHERE x.from_prison AND x.within) AS prison_within,
           count(*) FILTER (WHERE NOT x.from_prison AND x.due) AS custody_due,
           count(*) FILTER (WHERE NOT x.from_prison AND x.within) AS custody_within
    FROM (
        SELECT date_trunc('month', r.released_on)::date AS month,
               r.person_id,
               r.source = 'prison' AS from_prison,
               (array_agg(p.local_authority_id ORDER BY r.released_on, r.sent_at, r.id))[1]
                   AS local_authority_id,
               (array_agg(c.suite_id ORDER BY r.released_on, r.sent_at, r.id))[1] AS suite_id,
               bool_or(
                   r.first_attended_on IS NOT NULL
                   OR r.released_on < %(today)s - %(continuity_days)s
               ) AS due,
               bool_or(
                   r.first_attended_on >= r.released_on
                   AND r.first_attended_on - r.released_on <= %(continuity_days)s
               ) AS within
        FROM treatment_referral r
        JOIN treatment_providerservice p ON p.id = r.provider_service_id
        LEFT JOIN custody_custodycontact c ON c.id = r.custody_contact_id
        WHERE NOT r.out_of_area
          AND r.source IN ('prison', 'custody')
          AND r.released_on >= %(start_date)s AND r.released_on < %(end_date)s
        GROUP BY 1, 2, 3
    ) AS x
    GROUP BY 1, 2, 3
) AS g
CROSS JOIN LATERAL (
    VALUES ('prison_released', g.prison_due), ('prison_engaged', g.prison_within),
           ('custody_released', g.custody_due), ('custody_engaged', g.custody_within)
) AS v (measure, n)
WHERE v.n > 0
"""

REFERRAL_CHANGED = """
SELECT date_trunc('month', r.sent_at AT TIME ZONE %(tz)s)::date
FROM treatment_referral r WHERE r.updated_at >= %(since)s
UNION
SELECT date_trunc('month', r.released_on)::date
FROM treatment_referral r WHERE r.updated_at >= %(since)s AND r.released_on IS NOT NULL
"""


@figures_for("referrals", "continuity", "custody_release", changed=REFERRAL_CHANGED)
def treatment_referrals(window: Window) -> Iterable[str]:
    """Referrals by month sent (with days to accept and engage), and continuity of care (from
    prison, and from police custody) by month of release."""
    return [REFERRAL_FIGURES, REFERRAL_DAYS, CONTINUITY_FIGURES]


# --- DIVERT -------------------------------------------------------------------------------------

# By the month the officer referred, at the local authority where the person lives (no custody
# suite: DIVERT is before arrest). Completed: the person attended and completed the session
# (whether or not the outcome has gone back to police yet).
DIVERT_FIGURES = """
INSERT INTO reporting_monthlyfigure (month, measure, local_authority_id, suite_id, days, count)
SELECT g.month, v.measure, g.local_authority_id, NULL, NULL, v.n
FROM (
    SELECT date_trunc('month', d.created_at AT TIME ZONE %(tz)s)::date AS month,
           p.local_authority_id,
           count(*) AS referrals,
           count(*) FILTER (WHERE d.outcome = 'complete' OR d.status = 'completed') AS completed
    FROM diversion_divertreferral d
    JOIN people_person p ON p.id = d.person_id
    WHERE d.created_at >= %(start)s AND d.created_at < %(end)s
    GROUP BY 1, 2
) AS g
CROSS JOIN LATERAL (
    VALUES ('divert_referrals', g.referrals), ('divert_completed', g.completed)
) AS v (measure, n)
WHERE v.n > 0
"""

DIVERT_CHANGED = """
SELECT date_trunc('month', d.created_at AT TIME ZONE %(tz)s)::date
FROM diversion_divertreferral d WHERE d.updated_at >= %(since)s
UNION
SELECT date_trunc('month', d.created_at AT TIME ZONE %(tz)s)::date
FROM diversion_divertreferral d JOIN people_person p ON p.id = d.person_id
WHERE p.updated_at >= %(since)s
"""


@figures_for("divert", changed=DIVERT_CHANGED)
def divert_referrals(window: Window) -> Iterable[str]:
    """DIVERT referrals and completions, by month referred."""
    return [DIVERT_FIGURES]


# --- DRR and ATR -------------------------------------------------------------------------------

# Recommendations: reports first signed off (version 1: a correction is the same report again)
# recommending a DRR, an ATR or both, by the month signed off. Orders: court outcomes recorded as
# a DRR, ATR or both, by the month recorded. Both at the local authority where the person lives
# and, where the report started from a custody contact, at its custody suite.
COURT_FIGURES = """
INSERT INTO reporting_monthlyfigure (month, measure, local_authority_id, suite_id, days, count)
SELECT g.month, g.measure, g.local_authority_id, g.suite_id, NULL, g.n
FROM (
    SELECT date_trunc('month', r.signed_off_at AT TIME ZONE %(tz)s)::date AS month,
           'drr_atr_recommended' AS measure, p.local_authority_id, c.suite_id, count(*) AS n
    FROM court_suitabilityreport r
    -- A probation request's person may not be confirmed yet: counted, area unknown.
    LEFT JOIN people_person p ON p.id = r.person_id
    LEFT JOIN custody_custodycontact c ON c.id = r.custody_contact_id
    WHERE r.status = 'signed_off' AND r.version = 1
      AND r.recommendation IN ('drr', 'atr', 'both')
      AND r.signed_off_at >= %(start)s AND r.signed_off_at < %(end)s
    GROUP BY 1, 2, 3, 4
    UNION ALL
    SELECT date_trunc('month', o.created_at AT TIME ZONE %(tz)s)::date,
           'drr_atr_orders', p.local_authority_id, c.suite_id, count(*)
    FROM court_courtoutcome o
    JOIN court_suitabilityreport r ON r.id = o.report_id
    JOIN people_person p ON p.id = r.person_id
    LEFT JOIN custody_custodycontact c ON c.id = r.custody_contact_id
    WHERE o."order" IN ('drr', 'atr', 'both')
      AND o.created_at >= %(start)s AND o.created_at < %(end)s
    GROUP BY 1, 2, 3, 4
) AS g
WHERE g.n > 0
"""

COURT_CHANGED = """
SELECT date_trunc('month', r.signed_off_at AT TIME ZONE %(tz)s)::date
FROM court_suitabilityreport r
LEFT JOIN people_person p ON p.id = r.person_id
WHERE r.signed_off_at IS NOT NULL AND (r.updated_at >= %(since)s OR p.updated_at >= %(since)s)
UNION
SELECT date_trunc('month', o.created_at AT TIME ZONE %(tz)s)::date
FROM court_courtoutcome o
JOIN court_suitabilityreport r ON r.id = o.report_id
JOIN people_person p ON p.id = r.person_id
WHERE o.updated_at >= %(since)s OR p.updated_at >= %(since)s
"""


@figures_for("court", changed=COURT_CHANGED)
def court_recommendations_and_orders(window: Window) -> Iterable[str]:
    """DRR/ATR recommendations (by month signed off) and orders made (by month recorded)."""
    return [COURT_FIGURES]
