"""A complete, valid set of answers for every section of the shared assessment (synthetic)."""

COMPLETE = {
    "substances": {
        "uses_drugs": "yes",
        "drug_1": "heroin", "drug_1_age_first_used": "19", "drug_1_days_used": "20",
        "drug_1_route": "smoke",
        "drug_2": "crack", "drug_2_age_first_used": "22", "drug_2_days_used": "8",
        "drug_2_route": "smoke",
        "drug_3": "", "drug_3_age_first_used": "", "drug_3_days_used": "", "drug_3_route": "",
        "injecting": "never",
    },
    "alcohol": {"units_per_day": "6", "drinking_days": "10"},
    # AUDIT: 2+1+2+1+0+0+0+0+0+2 = 8 (zone II); AUDIT-C 5, so all ten are asked.
    "audit": {
        "q1": "2", "q2": "1", "q3": "2", "q4": "1", "q5": "0",
        "q6": "0", "q7": "0", "q8": "0", "q9": "0", "q10": "2", "rest_shown": "1",
    },
    # SDS about heroin: 2+2+1+1+1 = 7 (at or above the cut-off of 3).
    "sds": {"drug": "heroin", "q1": "2", "q2": "2", "q3": "1", "q4": "1", "q5": "1"},
    "treatment_history": {
        "previous_treatment": "yes", "currently_in_treatment": "no",
        "current_provider": "", "notes": "Synthetic note.",
    },
    "health": {
        "physical_health": "", "mental_health_concerns": "no", "dual_diagnosis": "no",
        "hepatitis_b": "not_tested", "hepatitis_c": "negative", "hiv": "negative",
    },
    "overdose": {
        "previous_overdose": "no", "overdose_last_year": "no", "has_naloxone": "yes",
        "risk": "medium",
    },
    "accommodation": {"need": "housing_problem"},
    "employment": {"status": "unemployed"},
    "family": {"parental_status": "no_children", "children_in_household": "no", "pregnant": "no"},
    "safeguarding": {"concerns": "no", "exploitation": [], "notes": ""},
    "offending": {"offending_related_to_use": "yes", "on_order_or_licence": "no", "notes": ""},
    "goals": {"goals": "Synthetic goal: stop using heroin."},
    "recommendation": {"recommendation": "structured_treatment", "reasons": "Synthetic reasons."},
}  # fmt: skip


def complete_assessment(*, person, by):
    """Start, fill in and complete an assessment version for `person`."""
    from assessments.services import (
        assessment_complete,
        assessment_save_section,
        assessment_start,
    )

    draft = assessment_start(person=person, by=by)
    for key, answers in COMPLETE.items():
        assessment_save_section(assessment=draft, key=key, answers=dict(answers), by=by)
    return assessment_complete(assessment=draft, by=by)
