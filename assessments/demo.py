"""Synthetic assessment answers for the demo data (varied a little by a seeded random source)."""

from __future__ import annotations

import random


def sample_answers(rng: random.Random) -> dict[str, dict]:
    """A complete, valid, synthetic set of answers for every section."""
    drug = rng.choice(["heroin", "crack", "cocaine", "cannabis"])
    audit = {f"q{n}": str(rng.choice([0, 1, 2])) for n in range(1, 9)}
    audit.update(q9=rng.choice(["0", "2"]), q10=rng.choice(["0", "2", "4"]))
    return {
        "substances": {
            "uses_drugs": "yes",
            "drug_1": drug,
            "drug_1_age_first_used": str(rng.randint(14, 30)),
            "drug_1_days_used": str(rng.randint(4, 28)),
            "drug_1_route": "smoke",
            "drug_2": "",
            "drug_3": "",
            "injecting": rng.choice(["never", "previously"]),
        },
        "alcohol": {
            "units_per_day": str(rng.randint(0, 20)),
            "drinking_days": str(rng.randint(0, 28)),
        },
        "audit": audit,
        "sds": {"drug": drug, **{f"q{n}": str(rng.randint(0, 3)) for n in range(1, 6)}},
        "treatment_history": {
            "previous_treatment": rng.choice(["yes", "no"]),
            "currently_in_treatment": "no",
            "current_provider": "",
            "notes": "",
        },
        "health": {
            "physical_health": "",
            "mental_health_concerns": rng.choice(["yes", "no"]),
            "dual_diagnosis": "no",
            "hepatitis_b": "not_tested",
            "hepatitis_c": "not_tested",
            "hiv": "not_tested",
        },
        "overdose": {
            "previous_overdose": "no",
            "overdose_last_year": "no",
            "has_naloxone": rng.choice(["yes", "no"]),
            "risk": rng.choice(["low", "medium", "high"]),
        },
        "accommodation": {"need": rng.choice(["no_problem", "housing_problem", "urgent"])},
        "employment": {"status": rng.choice(["unemployed", "employed", "long_term_sick"])},
        "family": {
            "parental_status": "no_children",
            "children_in_household": "no",
            "pregnant": "not_applicable",
        },
        "safeguarding": {"concerns": "no", "exploitation": [], "notes": ""},
        "offending": {"offending_related_to_use": "yes", "on_order_or_licence": "no", "notes": ""},
        "goals": {"goals": "Synthetic goal: reduce use and find stable housing."},
        "recommendation": {
            "recommendation": "structured_treatment",
            "reasons": "Synthetic reasons.",
        },
    }
