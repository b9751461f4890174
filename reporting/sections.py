"""What the OPCC's dashboard shows: its sections, their figures and what each figure means.

This module is the registry. A section whose figures have a source (reporting.sources, one
function registered with `@figures_for`) is shown; a section without one says "not yet
recorded", with the definitions of what it will show. Adding DIVERT or DRR/ATR when their
records exist is one source function each: nothing here changes but, perhaps, a definition.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Count:
    """A number of events, stored in the monthly figures under `key`."""

    key: str
    label: str
    definition: str
    kind = "count"


@dataclass(frozen=True)
class Rate:
    """A percentage of one count over another (suppressed when either count is)."""

    key: str
    label: str
    numerator: str
    denominator: str
    definition: str
    kind = "percent"


@dataclass(frozen=True)
class Median:
    """The median number of days of a distribution; `of` is the count it is taken over."""

    key: str
    label: str
    distribution: str
    of: str
    definition: str
    kind = "days"


@dataclass(frozen=True)
class Hours:
    """A count times a configured number of hours (SERVICE_TIMINGS[setting])."""

    key: str
    label: str
    of: str
    setting: str
    definition: str
    kind = "hours"


Figure = Count | Rate | Median | Hours


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    summary: str
    # How each record is placed in a month, a local authority and a custody suite.
    placed_by: str
    figures: tuple[Figure, ...]
    # Figures drawn as lines by month, and the one drawn as bars by local authority.
    trend: tuple[str, ...]
    bars: str
    # Counts that add up to another count at every breakdown: (total, parts).
    partitions: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Custody figures: each suite's counts add up to its local authority's.
    suites_within_authorities: bool = False
    # False where no record can have a custody suite (no table by suite).
    by_suite: bool = True
    # The row for records with no local authority / no suite ("" where there can be none).
    other_authority: str = ""
    other_suite: str = ""
    # Shown while the section has no source: what is missing.
    pending: str = ""
    headline: tuple[str, ...] = field(default=())

    @property
    def counts(self) -> tuple[Count, ...]:
        return tuple(f for f in self.figures if isinstance(f, Count))

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)


CUSTODY_PLACEMENT = (
    "Counted in the month of the arrest (UK time), at the custody suite where the person was "
    "detained, and in that suite's local authority. Dudley and Solihull have no custody suite, "
    "so their custody figures are 0."
)
REFERRAL_PLACEMENT = (
    "Referrals to the provider services of the seven local authorities, counted in the month "
    "the referral was sent and followed up from then on: a referral sent in March and accepted "
    "in April counts as accepted in March. Local authority: the provider service's. Custody "
    "suite: the suite of the custody contact the referral came from. Referral packs for people "
    "who live outside the seven are not counted."
)

SECTIONS: tuple[Section, ...] = (
    Section(
        key="custody",
        title="Custody contacts",
        summary="Detainees who came into custody and how many the arrest referral team saw.",
        placed_by=CUSTODY_PLACEMENT,
        figures=(
            Count(
                "contacts",
                "Detainees",
                "Custody contacts: each time a person was booked into a custody suite, whether "
                "keyed in by a worker or sent by the police custody system.",
            ),
            Count(
                "seen",
                "Seen",
                "Custody contacts whose outcome is seen and assessed, brief intervention only, or "
                "declined (the worker spoke to the person). Not seen, and no outcome yet, are not "
                "counted.",
            ),
            Rate(
                "proportion_seen",
                "Proportion seen",
                "seen",
                "contacts",
                "Seen as a percentage of detainees.",
            ),
        ),
        trend=("contacts", "seen"),
        bars="proportion_seen",
        suites_within_authorities=True,
        headline=("contacts", "proportion_seen"),
    ),
    Section(
        key="testing",
        title="Test on arrest",
        summary="Drug tests on arrest for opiates and cocaine, and how many were positive.",
        placed_by=CUSTODY_PLACEMENT,
        figures=(
            Count(
                "tested",
                "Tested",
                "Custody contacts with a test result (positive or negative) for opiates, cocaine "
                "or both.",
            ),
            Count("positive", "Positive", "Tests positive for opiates, cocaine or both."),
            Count(
                "opiates_only",
                "Opiates only",
                "Tests positive for opiates and not for cocaine.",
            ),
            Count(
                "cocaine_only",
                "Cocaine only",
                "Tests positive for cocaine and not for opiates.",
            ),
            Count("both_positive", "Both", "Tests positive for both opiates and cocaine."),
            Rate(
                "positive_rate",
                "Positive rate",
                "positive",
                "tested",
                "Positive as a percentage of tested.",
            ),
            Rate(
                "opiates_only_rate",
                "Opiates only rate",
                "opiates_only",
                "tested",
                "Opiates only as a percentage of tested.",
            ),
            Rate(
                "cocaine_only_rate",
                "Cocaine only rate",
                "cocaine_only",
                "tested",
                "Cocaine only as a percentage of tested.",
            ),
            Rate(
                "both_positive_rate",
                "Both rate",
                "both_positive",
                "tested",
                "Both as a percentage of tested.",
            ),
            Count(
                "refused",
                "Refused",
                "Custody contacts where the person refused the test for opiates, cocaine or both "
                "(refusing is an offence).",
            ),
        ),
        trend=("tested", "positive"),
        bars="positive_rate",
        partitions=(("positive", ("opiates_only", "cocaine_only", "both_positive")),),
        suites_within_authorities=True,
        headline=("tested", "positive_rate"),
    ),
    Section(
        key="required",
        title="Required assessments",
        summary=(
            "Assessments a positive test makes compulsory (Drugs Act 2005), and whether people "
            "attended."
        ),
        placed_by=CUSTODY_PLACEMENT,
        figures=(
            Count(
                "required",
                "Required assessments",
                "Custody contacts with a required assessment, opened by a positive test.",
            ),
            Count(
                "initial_recorded",
                "Initial: attendance recorded",
                "Required assessments whose initial assessment is recorded as attended or not "
                "attended.",
            ),
            Count(
                "initial_attended",
                "Initial: attended",
                "Required assessments whose initial assessment was attended.",
            ),
            Rate(
                "initial_rate",
                "Initial attendance rate",
                "initial_attended",
                "initial_recorded",
                "Initial assessments attended as a percentage of those whose attendance is "
                "recorded.",
            ),
            Count(
                "follow_up_required",
                "Follow-up required",
                "Required assessments where the assessor set a follow-up assessment.",
            ),
            Count(
                "follow_up_recorded",
                "Follow-up: attendance recorded",
                "Follow-up assessments recorded as attended or not attended.",
            ),
            Count(
                "follow_up_attended",
                "Follow-up: attended",
                "Follow-up assessments attended.",
            ),
            Rate(
                "follow_up_rate",
                "Follow-up attendance rate",
                "follow_up_attended",
                "follow_up_recorded",
                "Follow-up assessments attended as a percentage of those whose attendance is "
                "recorded.",
            ),
        ),
        trend=("required", "initial_attended"),
        bars="initial_rate",
        suites_within_authorities=True,
        headline=("required", "initial_rate"),
    ),
    Section(
        key="assessments",
        title="Assessments completed",
        summary="Versions of the single shared assessment completed by the team.",
        placed_by=(
            "Counted in the month the version was completed (UK time). Local authority: where "
            "the person lives. Custody suite: the suite of the worker who completed it."
        ),
        figures=(
            Count(
                "assessments_completed",
                "Assessments completed",
                "Versions of the shared assessment completed (a re-assessment after a change of "
                "circumstances counts again). Versions in progress are not counted.",
            ),
        ),
        trend=("assessments_completed",),
        bars="assessments_completed",
        other_authority="Out of area or not known",
        other_suite="Not at a custody suite",
        headline=("assessments_completed",),
    ),
    Section(
        key="referrals",
        title="Treatment referrals",
        summary="Referrals to treatment providers: sent, accepted and engaged, and how quickly.",
        placed_by=REFERRAL_PLACEMENT,
        figures=(
            Count("referrals_sent", "Sent", "Referrals sent to a provider service."),
            Count(
                "referrals_accepted",
                "Accepted",
                "Referrals the provider accepted (whatever happened next).",
            ),
            Rate(
                "accepted_rate",
                "Accepted rate",
                "referrals_accepted",
                "referrals_sent",
                "Accepted as a percentage of sent.",
            ),
            Median(
                "days_to_accept",
                "Median days to accept",
                "days_to_accept",
                "referrals_accepted",
                "Of accepted referrals, the median number of calendar days from sent to accepted "
                "(0: the same day).",
            ),
            Count(
                "referrals_engaged",
                "Engaged",
                "Referrals where the person engaged in treatment (after attending).",
            ),
            Rate(
                "engaged_rate",
                "Engaged rate",
                "referrals_engaged",
                "referrals_sent",
                "Engaged as a percentage of sent.",
            ),
            Median(
                "days_to_engage",
                "Median days to engage",
                "days_to_engage",
                "referrals_engaged",
                "Of referrals where the person engaged, the median number of calendar days from "
                "sent to engaged.",
            ),
        ),
        trend=("referrals_sent", "referrals_accepted", "referrals_engaged"),
        bars="accepted_rate",
        other_suite="Not from a custody contact",
        headline=("referrals_sent", "accepted_rate", "engaged_rate"),
    ),
    Section(
        key="continuity",
        title="Continuity of care from prison",
        summary=(
            "The national indicator: people released from prison with a treatment need who "
            "engaged with community treatment within 3 weeks of release."
        ),
        placed_by=(
            "People, not referrals: each person is counted once in the month of their release "
            "from prison, however many referrals followed it. Local authority: the provider "
            "service of the person's first referral after release. Prison releases come from no "
            "custody contact, so there is no breakdown by custody suite."
        ),
        figures=(
            Count(
                "prison_released",
                "People released from prison, outcome known",
                "People released from prison (HMP Birmingham) and referred to a provider service "
                "of the seven local authorities, who have attended a first appointment or whose "
                "21 days have passed. Those still within their 21 days and not yet seen are left "
                "out until they are.",
            ),
            Count(
                "prison_engaged",
                "Engaged within 3 weeks",
                "Of those, people who attended a first appointment within 21 days of release "
                "(day 21 counts, day 22 does not).",
            ),
            Rate(
                "prison_rate",
                "Continuity of care rate",
                "prison_engaged",
                "prison_released",
                "Engaged within 3 weeks as a percentage of people released from prison, outcome "
                "known: the OHID indicator 'Continuity of care' (Public Health Outcomes "
                "Framework C20, formerly 2.16), for this service's prison leavers.",
            ),
        ),
        trend=("prison_rate",),
        bars="prison_rate",
        by_suite=False,
        headline=("prison_released", "prison_rate"),
    ),
    Section(
        key="custody_release",
        title="Treatment after release from police custody",
        summary=(
            "A local measure, not the national indicator: people referred to treatment from a "
            "police custody contact who attended within 21 days of release."
        ),
        placed_by=(
            "People, not referrals: each person is counted once in the month of their release "
            "from police custody, however many referrals followed it. Local authority: the "
            "provider service of the person's first referral after release. Custody suite: the "
            "suite of the custody contact that referral came from."
        ),
        figures=(
            Count(
                "custody_released",
                "People released from police custody, outcome known",
                "People referred to a provider service of the seven local authorities from a "
                "police custody contact, with a date of release from custody, who have attended "
                "a first appointment or whose 21 days have passed. Those still within their 21 "
                "days and not yet seen are left out until they are.",
            ),
            Count(
                "custody_engaged",
                "Attended within 21 days",
                "Of those, people who attended a first appointment within 21 days of release "
                "(day 21 counts, day 22 does not).",
            ),
            Rate(
                "custody_rate",
                "Attended within 21 days rate",
                "custody_engaged",
                "custody_released",
                "Attended within 21 days as a percentage of people released from police "
                "custody, outcome known. This service's own measure: the national continuity "
                "of care indicator is about prison only, and is shown on its own.",
            ),
        ),
        trend=("custody_rate",),
        bars="custody_rate",
        other_suite="Not from a custody contact",
        headline=("custody_released", "custody_rate"),
    ),
    Section(
        key="naloxone",
        title="Naloxone",
        summary="Naloxone kits given out on release, to reverse an opioid overdose.",
        placed_by=CUSTODY_PLACEMENT,
        figures=(
            Count(
                "naloxone_offered",
                "Offered",
                "Custody contacts where naloxone was offered: a kit issued, or offered and "
                "declined. People who already had a kit are not counted.",
            ),
            Count("naloxone_issued", "Kits issued", "Naloxone kits issued on release."),
            Rate(
                "naloxone_rate",
                "Issued rate",
                "naloxone_issued",
                "naloxone_offered",
                "Kits issued as a percentage of offers.",
            ),
        ),
        trend=("naloxone_issued",),
        bars="naloxone_issued",
        partitions=(),
        suites_within_authorities=True,
        headline=("naloxone_issued",),
    ),
    Section(
        key="divert",
        title="DIVERT",
        summary="Pre-arrest drug diversion: referrals from officers, completions, police time.",
        placed_by=(
            "Counted in the month the officer made the referral, at the local authority where "
            "the person lives."
        ),
        figures=(
            Count("divert_referrals", "Referrals", "DIVERT referrals made by police officers."),
            Count(
                "divert_completed",
                "Completed",
                "DIVERT referrals where the person attended and completed the intervention.",
            ),
            Rate(
                "divert_completion_rate",
                "Completion rate",
                "divert_completed",
                "divert_referrals",
                "Completed as a percentage of referrals.",
            ),
            Hours(
                "police_hours_saved",
                "Police hours saved",
                "divert_referrals",
                "DIVERT_POLICE_HOURS_SAVED",
                "Each referral is credited with the police time it saves "
                "(DIVERT_POLICE_HOURS_SAVED, 4 hours unless configured otherwise).",
            ),
        ),
        trend=("divert_referrals", "divert_completed"),
        bars="divert_completion_rate",
        other_authority="Out of area or not known",
        other_suite="Not from a custody contact",
        headline=("divert_referrals", "divert_completion_rate", "police_hours_saved"),
    ),
    Section(
        key="court",
        title="DRR and ATR",
        summary=(
            "Drug and alcohol treatment requirements: suitability recommendations to court and "
            "orders made."
        ),
        placed_by=(
            "Counted in the month the report was signed off (recommendations) or the order was "
            "made (orders)."
        ),
        figures=(
            Count(
                "drr_atr_recommended",
                "Recommendations",
                "Suitability reports signed off with a recommendation of DRR, ATR or both.",
            ),
            Count(
                "drr_atr_orders",
                "Orders made",
                "Court outcomes recorded as a DRR or ATR order made.",
            ),
            Rate(
                "drr_atr_order_rate",
                "Orders as a percentage of recommendations",
                "drr_atr_orders",
                "drr_atr_recommended",
                "Orders made as a percentage of recommendations.",
            ),
        ),
        trend=("drr_atr_recommended", "drr_atr_orders"),
        bars="drr_atr_recommended",
        other_authority="Out of area or not known",
        other_suite="Not from a custody contact",
        headline=("drr_atr_recommended", "drr_atr_orders"),
    ),
)

SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}


def section_is_recorded(section: Section) -> bool:
    """A section is shown once a source function fills its counts (reporting.sources)."""
    from reporting.sources import SOURCES

    return any(section.key in source.sections for source in SOURCES)
