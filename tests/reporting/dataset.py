"""A small synthetic history, made through the services, whose figures are known by hand.

Everything happens in January to March 2026; "today" is 20 March 2026 (London).

Custody (the contacts are at Northgate, Birmingham, in January unless said otherwise):
- Northgate, 10 January: 20 contacts; 15 seen (assessed), 5 not seen.
  Tests: 6 opiates only, 5 cocaine only, 5 both (16 positive), 2 negative (18 tested), and
  2 refused cocaine (not tested for opiates).
  Required assessments: one per positive (16). Initial: 10 attended, 5 not attended, 1 not yet.
  Follow-up set for 6 of those who attended: 5 attended, 1 did not.
  Naloxone: 8 kits issued, 2 declined, 1 already had one.
- Southbank (Birmingham), 3 February: 3 contacts, all seen.
- Riverside (Coventry), 4 February: 6 contacts, none with an outcome yet.

Treatment referrals to Birmingham's provider, released from prison on 2 January, sent on
5 January (days after sending: accepted / first appointment attended / engaged):
    r1: 0 / 5 / 10    r2: 1 / 8 / 14    r3: 2 / 15 / 20    r4: 2 / 18 / 21    r5: 6 / 19 / 30
    r6: never accepted
  Release to first attendance: 8, 11, 18, 21 (within), 22 (not within) days.
- r7: released 10 March, sent 12 March, not yet accepted: still within its 21 days.

Assessments: 5 completed in February by the Northgate worker, for people living in Birmingham.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import time_machine

LONDON = ZoneInfo("Europe/London")
TODAY = datetime.datetime(2026, 3, 20, 12, 0, tzinfo=LONDON)
QUERY = "?from_month=1&from_year=2026&to_month=3&to_year=2026"


def at(month: int, day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, 0, tzinfo=LONDON)


def _contacts(make_contact, n, suite, when):
    return [make_contact(suite_code=suite, arrested_at=when) for _ in range(n)]


def build(*, make_contact, make_person, make_referral, worker, provider) -> dict:
    from assessments.models import Assessment
    from custody import services as custody
    from tests.assessments.answers import complete_assessment
    from treatment.services import (
        appointment_book,
        appointment_outcome_record,
        referral_accept,
        referral_engage,
    )

    with time_machine.travel(at(1, 10, 12), tick=False):
        northgate = _contacts(make_contact, 20, "bhm-north", at(1, 10))
        for contact in northgate[:15]:
            custody.custody_contact_record_outcome(contact=contact, outcome="assessed", by=worker)
        for contact in northgate[15:]:
            custody.custody_contact_record_outcome(
                contact=contact, outcome="not_seen", not_seen_reason="unfit", by=worker
            )
        results = (
            [("positive", "negative")] * 6
            + [("negative", "positive")] * 5
            + [("positive", "positive")] * 5
            + [("negative", "negative")] * 2
            + [("not_tested", "refused")] * 2
        )
        for contact, (opiates, cocaine) in zip(northgate, results, strict=True):
            custody.drug_test_record(
                contact=contact,
                results={"opiates": opiates, "cocaine": cocaine},
                sample_taken_at=contact.arrested_at,
                by=worker,
            )
        positives = northgate[:16]
        for i, contact in enumerate(positives):
            required = contact.required_assessment
            if i < 10:
                custody.required_attendance_record(
                    required=required, stage="initial", outcome="attended", by=worker
                )
            elif i < 15:
                custody.required_attendance_record(
                    required=required, stage="initial", outcome="not_attended", by=worker
                )
            if i < 6:
                custody.required_follow_up_decide(
                    required=required,
                    required_follow_up=True,
                    follow_up_at=at(1, 20),
                    follow_up_place="Synthetic Hub",
                    by=worker,
                )
                custody.required_attendance_record(
                    required=required,
                    stage="follow_up",
                    outcome="attended" if i < 5 else "not_attended",
                    by=worker,
                )
        for i, contact in enumerate(northgate[:11]):
            if i < 8:
                custody.naloxone_record(
                    contact=contact, outcome="issued", kit="nasal", batch="SYN-1", by=worker
                )
            elif i < 10:
                custody.naloxone_record(contact=contact, outcome="declined", by=worker)
            else:
                custody.naloxone_record(contact=contact, outcome="already_has", by=worker)

    with time_machine.travel(at(2, 3, 12), tick=False):
        for contact in _contacts(make_contact, 3, "bhm-south", at(2, 3)):
            custody.custody_contact_record_outcome(contact=contact, outcome="assessed", by=worker)
    with time_machine.travel(at(2, 4, 12), tick=False):
        _contacts(make_contact, 6, "coventry", at(2, 4))

    plans = [(0, 5, 10), (1, 8, 14), (2, 15, 20), (2, 18, 21), (6, 19, 30), None]
    sent = at(1, 5, 9)
    referrals = []
    with time_machine.travel(sent, tick=False):
        for _ in plans:
            referrals.append(
                make_referral(source="prison", released_on=datetime.date(2026, 1, 2), sent_at=sent)
            )
    # Each step at its own moment, in the order the days come.
    steps = []
    for referral, plan in zip(referrals, plans, strict=True):
        if plan is None:
            continue
        accept, attend, engage = plan
        steps += [
            (accept, 0, "accept", referral),
            (attend - 1, 1, "book", referral),
            (attend, 2, "attend", referral),
            (engage, 3, "engage", referral),
        ]
    appointments = {}
    for day, order, step, referral in sorted(steps, key=lambda s: (s[0], s[1])):
        when = sent + datetime.timedelta(days=day, hours=2 + order)
        with time_machine.travel(when, tick=False):
            if step == "accept":
                referral_accept(referral=referral, by=provider)
            elif step == "book":
                appointments[referral.pk] = appointment_book(
                    referral=referral,
                    by=provider,
                    starts_at=sent + datetime.timedelta(days=day + 1, hours=1),
                    location="Synthetic Hub",
                )
            elif step == "attend":
                appointment_outcome_record(
                    appointment=appointments[referral.pk], by=provider, outcome="attended"
                )
            else:
                referral.refresh_from_db()
                referral_engage(referral=referral, by=provider)

    with time_machine.travel(at(3, 12, 9), tick=False):
        make_referral(source="prison", released_on=datetime.date(2026, 3, 10))

    with time_machine.travel(at(2, 16, 12), tick=False):
        for _ in range(5):
            complete_assessment(person=make_person(postcode="B5 4TT"), by=worker)
    assert Assessment.objects.filter(status="completed").count() == 5
    return {"northgate": northgate, "referrals": referrals}
