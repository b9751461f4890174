"""What schemathesis may expect of this API beyond what its schema can say (issue 22).

Used by the API fuzzing (tests/security/test_api_fuzzing.py) and the stateful run along the
schema's links (tests/api_contract/test_stateful_links.py), both with every check schemathesis
has (`--checks all`).

`positive_data_acceptance` expects a request the schema calls valid to be accepted. A few
operations refuse some of those on rules the schema cannot state; each is listed here with the
statuses it answers and why, and every other status still fails the check:
"""

from __future__ import annotations

from schemathesis.config import SchemathesisConfig
from schemathesis.config._checks import (
    NEGATIVE_DATA_REJECTION_EXPECTED_STATUSES,
    POSITIVE_DATA_ACCEPTANCE_EXPECTED_STATUSES,
)

# operationId -> (the statuses a schema-valid request may also get, why).
REFUSED_THOUGH_SCHEMA_VALID = {
    "v1_custody_contacts_create": (
        ["422"],
        "every row refused on content the schema cannot hold: a suite or offence code that is "
        "not in the reference data (an administrator's, so not an enum), a PNC ID's check "
        "letter, an NHS number's check digit, a hidden character in a name (decision 0029)",
    ),
    "v1_people_matches_create": (
        ["400"],
        "a PNC ID's check letter, an NHS number's check digit, a hidden character in a name",
    ),
    "treatment_referrals_list": (
        ["400"],
        "a page after the last: a 400, not an empty page (decision 0026)",
    ),
    "v1_divert_referrals_create": (
        ["400", "422"],
        "found more than 30 days ago or in the future, a person under 10, a hidden character "
        "(400); the Idempotency-Key used before with another body (422)",
    ),
    "v1_treatment_referrals_appointments_create": (
        ["400"],
        "a time more than 24 hours past, or on a referral not yet accepted",
    ),
    "v1_treatment_referrals_decline_create": (
        ["400"],
        "a reason that needs words (`other`) without a note, or a reason retired",
    ),
}

# A body over the byte limit, or a feed of more than 500 rows, is rightly refused with a 413.
NEGATIVE_EXPECTED = [*NEGATIVE_DATA_REJECTION_EXPECTED_STATUSES, "413"]


def schemathesis_config() -> SchemathesisConfig:
    operations = [
        {
            "include-operation-id": operation_id,
            "checks": {
                "positive_data_acceptance": {
                    "expected-statuses": [*POSITIVE_DATA_ACCEPTANCE_EXPECTED_STATUSES, *extra]
                }
            },
        }
        for operation_id, (extra, _why) in REFUSED_THOUGH_SCHEMA_VALID.items()
    ]
    return SchemathesisConfig.from_dict(
        {
            "checks": {"negative_data_rejection": {"expected-statuses": NEGATIVE_EXPECTED}},
            "operations": operations,
        }
    )
