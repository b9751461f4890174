"""`manage.py generate_volume --contacts N`: ten years of synthetic history, fast.

People, custody contacts, tests on arrest, required assessments, naloxone, completed
assessments, treatment referrals, DIVERT cases (the last four years: the scheme is newer) and
DRR/ATR suitability reports with the orders courts made, in roughly the proportions of a force
area's arrest referral service, across the seven local authorities and every custody suite.
Rows go in with PostgreSQL COPY (psycopg 3), a chunk of contacts at a time; names come from
faker's en_GB lists picked with a seeded random generator (calling faker per row would take
minutes per 100,000). Run it again to add more: references, custody record numbers and the
reference sequences carry on from what is there. Synthetic data only: for benchmarks and load
tests, never production.
"""

from __future__ import annotations

import datetime
import json
import random
import time
import uuid

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

CHUNK = 50_000
YEARS = 10
# Each person comes into custody 2.5 times on average over the ten years.
CONTACTS_PER_PERSON = 2.5
# DIVERT: one referral for every 16 custody contacts, over the last four years only.
DIVERT_PER_CONTACT = 1 / 16
DIVERT_YEARS = 4
# A suitability report for one assessed detainee in 25; courts follow most recommendations.
REPORT_SHARE = 0.04
# How many police officers refer to DIVERT, and probation officers ask for reports.
OFFICERS = 250
PROBATION_OFFICERS = 40
COURTS = ["Birmingham Magistrates' Court", "Coventry Magistrates' Court",
          "Wolverhampton Magistrates' Court", "Birmingham Crown Court",
          "Walsall Magistrates' Court"]  # fmt: skip
DIVERT_PLACES = ["Corporation Street", "New Street station", "Broad Street", "Coventry Road",
                 "Digbeth coach station", "Victoria Square"]  # fmt: skip
OUTCOMES = [("assessed", 45), ("brief_intervention", 20), ("declined", 15), ("not_seen", 20)]
NOT_SEEN = ["released_before_seen", "unfit", "with_solicitor", "asleep", "already_in_treatment"]
SEXES = [("male", 78), ("female", 20), ("not_known", 2)]
ETHNICITIES = [
    ("white_british", 70), ("asian_pakistani", 7), ("black_caribbean", 5), ("asian_indian", 4),
    ("mixed_white_black_caribbean", 4), ("white_other", 4), ("black_african", 3),
    ("other_any", 2), ("not_stated", 1),
]  # fmt: skip

PEOPLE_COLUMNS = (
    "id", "reference", "given_name", "family_name", "date_of_birth", "sex", "gender_identity",
    "ethnicity", "preferred_language", "interpreter_needed", "phone", "address", "postcode",
    "local_authority_id", "local_authority_override_reason", "out_of_area", "home_area",
    "ndtms_consent", "created_at", "updated_at",
)  # fmt: skip
CONTACT_COLUMNS = (
    "id", "suite_id", "custody_record_number", "arrested_at", "offence_category_id", "person_id",
    "seen_at", "outcome", "not_seen_reason", "not_seen_other", "created_at", "updated_at",
    "outcome_at",
)  # fmt: skip
TEST_COLUMNS = (
    "id", "contact_id", "stage", "basis", "authorising_rank", "authorising_officer",
    "authorisation_grounds", "appropriate_adult", "sample_taken_at", "created_at", "updated_at",
)  # fmt: skip
RESULT_COLUMNS = ("test_id", "drug_id", "result")
REQUIRED_COLUMNS = (
    "contact_id", "initial_in_custody", "initial_place", "initial_attendance", "follow_up",
    "follow_up_at", "follow_up_place", "follow_up_attendance", "created_at", "updated_at",
)  # fmt: skip
NALOXONE_COLUMNS = (
    "contact_id", "outcome", "kit", "batch", "training_given", "created_at", "updated_at",
)  # fmt: skip
ASSESSMENT_COLUMNS = (
    "id", "person_id", "version", "status", "sections", "reason_for_new_version",
    "completed_at", "completed_by_id", "created_at", "updated_at",
)  # fmt: skip
REFERRAL_COLUMNS = (
    "reference", "person_id", "provider_service_id", "choice_reason", "out_of_area", "home_area",
    "external_service", "source", "custody_contact_id", "released_on", "status", "sent_at",
    "accept_by", "notes", "accepted_at", "declined_at", "decline_reason_id", "decline_note",
    "first_attended_on", "engaged_at", "closed_at", "closure_reason_id", "closure_note",
    "finished_at", "created_at", "updated_at",
)  # fmt: skip
DIVERT_COLUMNS = (
    "reference", "officer_id", "person_id", "occurrence_number", "found_at", "found_where",
    "substances", "substance_other", "amount", "phone", "consent_to_contact", "vulnerabilities",
    "vulnerability_other", "youth_pathway", "status", "outcome_due", "outcome",
    "outcome_returned_at", "closed_at", "created_at", "updated_at",
)  # fmt: skip
REQUEST_COLUMNS = (
    "id", "officer_id", "person_id", "court", "hearing_date", "report_deadline", "notes",
    "created_at", "updated_at", "given_name", "family_name", "date_of_birth", "pnc_id",
    "postcode", "report_kind", "linked_at", "linked_by_id",
)  # fmt: skip
REPORT_COLUMNS = (
    "id", "reference", "version", "status", "person_id", "custody_contact_id", "request_id",
    "court", "hearing_date", "report_deadline", "misuse", "dependency_notes", "requires_treatment",
    "susceptible_to_treatment", "treatment_available", "provider_service_id",
    "willing_to_comply", "willing_to_be_tested", "recommendation", "reasons",
    "proposed_length_months", "review_arrangements", "correction_reason", "submitted_at",
    "submitted_by_id", "signed_off_at", "signed_off_by_id", "created_at", "updated_at",
)  # fmt: skip
ORDER_COLUMNS = (
    "id", "report_id", "order", "length_months", "start_date", "referral_note", "created_at",
    "updated_at",
)  # fmt: skip


def _weighted(rng: random.Random, choices):
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights)[0]


def _copy(table: str, columns: tuple[str, ...], rows) -> int:
    """COPY rows into a table (text format, psycopg 3)."""
    names = ", ".join(f'"{column}"' for column in columns)  # "order" is a reserved word
    count = 0
    # Table and column names are the constants above, never input.
    statement = f"COPY {table} ({names}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _block(sequence: str, n: int) -> int:
    """Reserve n numbers of a sequence; returns the first (the sequence moves past the last)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s)", [sequence])
        (first,) = cursor.fetchone()
        cursor.execute("SELECT setval(%s, %s)", [sequence, first + n - 1])
    return first


class Command(BaseCommand):
    help = "Add N synthetic custody contacts (and people, tests, referrals...) over ten years."

    def add_arguments(self, parser):
        parser.add_argument("--contacts", type=int, required=True)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, contacts: int, seed: int, **options):
        from faker.providers.person.en_GB import Provider as Names

        from custody.models import CustodyContact, OffenceCategory, TestedDrug
        from organisations.models import CustodySuite, ProviderService
        from treatment.models import ClosureReason, DeclineReason

        if contacts < 1:
            raise CommandError("--contacts must be at least 1")
        started = time.perf_counter()
        existing = CustodyContact.objects.count()
        rng = random.Random(seed + existing)  # nosec B311: synthetic data, nothing secret
        self.first_names = list(Names.first_names_male) + list(Names.first_names_female)
        self.last_names = list(Names.last_names)
        self.suites = list(CustodySuite.objects.values_list("id", "local_authority_id"))
        self.offences = list(OffenceCategory.objects.values_list("id", "is_trigger"))
        self.drugs = dict(TestedDrug.objects.values_list("code", "id"))
        self.services = dict(
            ProviderService.objects.filter(active=True)
            .order_by("local_authority_id", "id")
            .values_list("local_authority_id", "id")
        )
        self.authorities = list(self.services)
        self.decline_reasons = list(DeclineReason.objects.values_list("id", flat=True))
        self.closure_reasons = list(ClosureReason.objects.values_list("id", flat=True))
        self.workers = self._workers()
        # A force's officers refer to DIVERT and a probation service's officers ask for
        # reports: spread over many of each (an officer's own list is a realistic length).
        self.officers = self._staff("police_officer", OFFICERS)
        self.probation_officers = self._staff("probation_officer", PROBATION_OFFICERS)
        self.team_leader = self._staff("team_leader", 1)[0]
        self.typed_as: dict = {}  # person id: (given name, family name, date of birth)
        if not (self.suites and self.offences and self.services):
            raise CommandError("Reference data is missing: run migrate first.")
        self.now = timezone.now()
        self.start = self.now - datetime.timedelta(days=365 * YEARS)
        self.live: set = set()
        self.versions: dict = {}

        people = max(1, round(contacts / CONTACTS_PER_PERSON))
        with transaction.atomic():
            person_ids = self._people(rng, people)
            totals = dict.fromkeys(("contacts", "tests", "test_results", "required", "naloxone",
                                    "assessments", "referrals", "divert", "requests", "reports",
                                    "orders"),
                                   0)  # fmt: skip
            for offset in range(0, contacts, CHUNK):
                size = min(CHUNK, contacts - offset)
                for table, count in self._chunk(rng, existing + offset, size, person_ids).items():
                    totals[table] += count
                self.stdout.write(f"  {offset + size:,} contacts", ending="\r")
                self.stdout.flush()
        with connection.cursor() as cursor:
            for table in ("people_person", "custody_custodycontact", "custody_drugtest",
                          "custody_drugtestresult",
                          "custody_requiredassessment", "custody_naloxone",
                          "assessments_assessment", "treatment_referral",
                          "diversion_divertreferral", "court_probationrequest",
                          "court_suitabilityreport",
                          "court_courtoutcome"):  # fmt: skip
                cursor.execute(f"ANALYZE {table}")  # the names above, never input
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {people:,} people, {totals['contacts']:,} custody contacts, "
                f"{totals['tests']:,} tests, {totals['required']:,} required assessments, "
                f"{totals['naloxone']:,} naloxone records, {totals['assessments']:,} "
                f"assessments, {totals['referrals']:,} referrals, {totals['divert']:,} DIVERT "
                f"cases, {totals['requests']:,} probation requests, {totals['reports']:,} "
                f"suitability reports and {totals['orders']:,} "
                f"court outcomes in {seconds:.0f} s."
            )
        )

    @staticmethod
    def _workers() -> dict:
        """A custody worker per suite, where there is one, to complete assessments."""
        from accounts.models import Role, User

        workers = {}
        for user_id, suite_id in User.objects.filter(
            role=Role.CUSTODY_WORKER, custody_suite__isnull=False
        ).values_list("id", "custody_suite_id"):
            workers.setdefault(suite_id, user_id)
        return workers

    @staticmethod
    def _staff(role: str, count: int) -> list[int]:
        """`count` users in the role: those there are, then synthetic ones who cannot sign in
        (made once; a later run finds them)."""
        from django.contrib.auth.hashers import make_password

        from accounts.models import User

        have = list(User.objects.filter(role=role, is_active=True).order_by("id").values_list("pk"))
        unusable = make_password(None)
        User.objects.bulk_create(
            [
                User(
                    username=f"volume.{role}.{n:03d}",
                    role=role,
                    first_name="Synthetic",
                    last_name=f"{role.replace('_', ' ').title()} {n:03d}",
                    password=unusable,
                )
                for n in range(len(have), count)
            ],
            ignore_conflicts=True,
        )
        return list(
            User.objects.filter(role=role, is_active=True)
            .order_by("id")
            .values_list("pk", flat=True)[:count]
        )

    def _people(self, rng: random.Random, n: int) -> list[tuple]:
        first = _block("people_person_reference_seq", n)
        now = self.now
        ids = []

        def rows():
            for i in range(n):
                person_id = uuid.UUID(int=rng.getrandbits(128), version=4)
                out_of_area = rng.random() < 0.08
                authority = None if out_of_area else rng.choice(self.authorities)
                ids.append((person_id, authority))
                born = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(14_600))
                consent = _weighted(rng, [("yes", 55), ("no", 15), ("not_asked", 30)])
                given, family = rng.choice(self.first_names), rng.choice(self.last_names)
                self.typed_as[person_id] = (given, family, born)  # as probation would type them
                yield (
                    person_id, f"ARS-{now:%y}-{first + i:06d}", given, family, born,
                    _weighted(rng, SEXES), "",
                    _weighted(rng, ETHNICITIES), "English", False, "", "", "", authority, "",
                    out_of_area, "Elsewhere" if out_of_area else "", consent, now, now,
                )  # fmt: skip

        _copy("people_person", PEOPLE_COLUMNS, rows())
        return ids

    def _chunk(self, rng: random.Random, first: int, size: int, people: list) -> dict:
        span = (self.now - self.start).total_seconds()
        contacts, tests, required, naloxone, assessments, referrals = [], [], [], [], [], []
        requests, reports, orders = [], [], []
        for i in range(size):
            contact_id = uuid.UUID(int=rng.getrandbits(128), version=4)
            # More arrests in later years: the service grew (sqrt skews towards now).
            arrested = self.start + datetime.timedelta(seconds=span * rng.random() ** 0.8)
            suite_id, _ = rng.choice(self.suites)
            offence_id, trigger = rng.choice(self.offences)
            person_id, residence = rng.choice(people)
            outcome = _weighted(rng, OUTCOMES)
            seen_at = arrested + datetime.timedelta(hours=2) if outcome != "not_seen" else None
            contacts.append((
                contact_id, suite_id, f"GV{first + i:09d}", arrested, offence_id, person_id,
                seen_at, outcome, rng.choice(NOT_SEEN) if outcome == "not_seen" else "", "",
                arrested, arrested, arrested + datetime.timedelta(hours=2),
            ))  # fmt: skip
            if trigger and rng.random() < 0.85:
                if rng.random() < 0.04:
                    opiates, cocaine = "not_tested", "refused"
                else:
                    opiates = "positive" if rng.random() < 0.25 else "negative"
                    cocaine = "positive" if rng.random() < 0.35 else "negative"
                sampled = arrested + datetime.timedelta(hours=1)
                tests.append((contact_id, opiates, cocaine, sampled))
                if "positive" in (opiates, cocaine):
                    required.append(self._required(rng, contact_id, arrested))
            if rng.random() < 0.08:
                kind = _weighted(rng, [("issued", 60), ("declined", 30), ("already_has", 10)])
                issued = kind == "issued"
                naloxone.append((
                    contact_id, kind, "nasal" if issued else "", "SYN-BATCH" if issued else "",
                    issued, arrested, arrested,
                ))  # fmt: skip
            if outcome == "assessed" and rng.random() < 0.4:
                version = self.versions.get(person_id, 0) + 1
                self.versions[person_id] = version
                assessments.append((
                    uuid.UUID(int=rng.getrandbits(128), version=4), person_id, version,
                    "completed", json.dumps({}), "", seen_at, self.workers.get(suite_id),
                    seen_at, seen_at,
                ))  # fmt: skip
            if outcome in ("assessed", "brief_intervention") and rng.random() < 0.3:
                referral = self._referral(rng, person_id, residence, contact_id, arrested)
                if referral:
                    referrals.append(referral)
            if outcome == "assessed" and rng.random() < REPORT_SHARE:
                report = self._report(rng, person_id, residence, contact_id, seen_at, suite_id)
                if report:
                    reports.append(report)
                    # Half are asked for by probation before court (the rest the team starts).
                    # The team confirmed who each is for when they started it (issue 21).
                    if rng.random() < 0.5:
                        requests.append((
                            uuid.UUID(int=rng.getrandbits(128), version=4),
                            rng.choice(self.probation_officers), person_id, *report[7:10], "",
                            report[27], report[27], *self.typed_as[person_id], "", "",
                            "standard", report[27], self.team_leader,
                        ))  # fmt: skip
                        report[6] = requests[-1][0]
                    order = self._order(rng, report)
                    if order:
                        orders.append(order)
        first_reference = _block("treatment_referral_reference_seq", max(len(referrals), 1))
        numbered = (
            (f"TR-{row[11]:%y}-{first_reference + n:06d}", *row[1:])
            for n, row in enumerate(referrals)
        )
        divert = self._divert(rng, round(size * DIVERT_PER_CONTACT), people)
        first_report = _block("court_report_reference_seq", max(len(reports), 1))
        reports = [
            (row[0], f"CR-{row[27]:%y}-{first_report + n:06d}", *row[2:])
            for n, row in enumerate(reports)
        ]
        # Tests get their ids here, so their results (one row per drug) can name them.
        first_test = _block("custody_drugtest_id_seq", max(len(tests), 1))
        results = [
            (first_test + n, self.drugs[code], result)
            for n, (_, opiates, cocaine, _) in enumerate(tests)
            for code, result in (("opiates", opiates), ("cocaine", cocaine))
        ]
        tests = [
            (first_test + n, contact_id, "arrest", "trigger_offence", "", "", "", "", sampled,
             sampled, sampled)
            for n, (contact_id, _, _, sampled) in enumerate(tests)
        ]  # fmt: skip
        return {
            "contacts": _copy("custody_custodycontact", CONTACT_COLUMNS, contacts),
            "tests": _copy("custody_drugtest", TEST_COLUMNS, tests),
            "test_results": _copy("custody_drugtestresult", RESULT_COLUMNS, results),
            "required": _copy("custody_requiredassessment", REQUIRED_COLUMNS, required),
            "naloxone": _copy("custody_naloxone", NALOXONE_COLUMNS, naloxone),
            "assessments": _copy("assessments_assessment", ASSESSMENT_COLUMNS, assessments),
            "referrals": _copy("treatment_referral", REFERRAL_COLUMNS, numbered),
            "divert": _copy("diversion_divertreferral", DIVERT_COLUMNS, divert),
            "requests": _copy("court_probationrequest", REQUEST_COLUMNS, requests),
            "reports": _copy("court_suitabilityreport", REPORT_COLUMNS, reports),
            "orders": _copy("court_courtoutcome", ORDER_COLUMNS, orders),
        }

    @staticmethod
    def _required(rng: random.Random, contact_id, arrested) -> tuple:
        initial = _weighted(rng, [("attended", 70), ("not_attended", 20), ("pending", 10)])
        # The follow-up is imposed with the initial one (Drugs Act 2005 s10(2)): its time and
        # place are given at the initial assessment, or the assessor ends it there.
        follow_up, follow_at, place, follow_attendance = "set", None, "", "pending"
        if initial == "attended":
            if rng.random() < 0.3:
                follow_up, follow_at, place = "set", arrested + datetime.timedelta(days=14), "Hub"
                follow_attendance = "attended" if rng.random() < 0.75 else "not_attended"
            else:
                follow_up = "cancelled"
        return (
            contact_id, True, "", initial, follow_up, follow_at, place, follow_attendance,
            arrested, arrested,
        )  # fmt: skip

    def _referral(self, rng: random.Random, person_id, residence, contact_id, arrested):
        """A referral from a custody contact to the person's local service (or, for someone
        out of area, any service), at a stage that fits its age."""
        authority = residence or rng.choice(self.authorities)
        service = self.services[authority]
        sent = arrested + datetime.timedelta(hours=rng.randint(3, 30))
        if sent >= self.now:
            return None
        released = timezone.localdate(arrested)
        accepted = declined = engaged = closed = attended_on = None
        decline_reason = closure_reason = None
        roll = rng.random()
        if roll < 0.1:
            declined, decline_reason = (
                sent + datetime.timedelta(days=1),
                rng.choice(self.decline_reasons),
            )
            status = "declined"
        elif roll < 0.9:
            accepted = sent + datetime.timedelta(days=rng.choice([0, 0, 1, 1, 1, 2, 2, 3, 5]))
            status = "accepted"
            if rng.random() < 0.65:
                attended_on = released + datetime.timedelta(days=rng.randint(3, 40))
                status = "attended"
                if rng.random() < 0.7:
                    engaged = sent + datetime.timedelta(days=rng.randint(10, 70))
                    status = "engaged"
        else:
            status = "sent"
        # Whatever is still open after 90 days was closed; the rest are live, and a person has
        # at most one live referral to a service (the database insists).
        for moment in (accepted, engaged, declined):
            if moment and moment > self.now:
                return None
        if attended_on and attended_on > timezone.localdate(self.now):
            attended_on, engaged = None, None
            status = "accepted"
        if status in ("sent", "accepted", "attended"):
            if sent < self.now - datetime.timedelta(days=90) or (person_id, service) in self.live:
                status = "closed"
                closed = max(filter(None, [sent, accepted])) + datetime.timedelta(days=60)
                closed = min(closed, self.now)
                closure_reason = rng.choice(self.closure_reasons) if self.closure_reasons else None
            else:
                self.live.add((person_id, service))
        return (
            None, person_id, service, "", False, "", "", "custody", contact_id, released, status,
            sent, sent + datetime.timedelta(days=2), "", accepted, declined, decline_reason, "",
            attended_on, engaged, closed, closure_reason, "", closed or engaged or declined,
            sent, sent,
        )  # fmt: skip

    def _divert(self, rng: random.Random, n: int, people: list) -> list[tuple]:
        """DIVERT cases over the last four years: found with drugs, referred the same day,
        the outcome back to police within 28 days for all but the newest."""
        first = _block("diversion_referral_reference_seq", max(n, 1))
        span = DIVERT_YEARS * 365 * 86_400
        today = timezone.localdate(self.now)
        rows = []
        for i in range(n):
            found = self.now - datetime.timedelta(seconds=span * rng.random())
            referred = found + datetime.timedelta(hours=rng.randint(1, 6))
            if referred >= self.now:
                continue
            person_id, _ = rng.choice(people)
            due = timezone.localdate(found) + datetime.timedelta(days=28)
            age = (today - timezone.localdate(found)).days
            status, outcome, returned, closed = "referred", "", None, None
            if age > 35:
                outcome = "complete" if rng.random() < 0.7 else "not_engaged"
                returned = referred + datetime.timedelta(days=rng.randint(7, 28))
                status = "closed" if rng.random() < 0.8 else "outcome_returned"
                closed = returned if status == "closed" else None
            elif age > 2:
                status = _weighted(rng, [("contacted", 30), ("booked", 40), ("completed", 20),
                                         ("not_engaged", 10)])  # fmt: skip
            substance = _weighted(
                rng, [("cannabis", 70), ("cocaine", 15), ("ketamine", 8), ("mdma", 7)]
            )
            youth = rng.random() < 0.12
            rows.append((
                f"DV-{referred:%y}-{first + i:06d}", rng.choice(self.officers), person_id,
                f"20/{rng.randint(100000, 999999)}/{found:%y}", found, rng.choice(DIVERT_PLACES),
                [substance], "", "A small amount", "", rng.random() < 0.9,
                ["under_18"] if youth else [], "", youth, status, due, outcome, returned,
                closed, referred, returned or referred,
            ))  # fmt: skip
        return rows

    def _report(self, rng: random.Random, person_id, residence, contact_id, seen_at, suite_id):
        """A DRR/ATR suitability report started from the custody contact, signed off by a
        team leader unless it is still within its three weeks."""
        started = seen_at + datetime.timedelta(days=rng.randint(1, 7))
        if started >= self.now:
            return None
        hearing = timezone.localdate(started) + datetime.timedelta(days=21)
        deadline = hearing - datetime.timedelta(days=2)
        signed = started + datetime.timedelta(days=rng.randint(3, 18))
        status = "signed_off" if signed < self.now else "draft"
        recommendation = _weighted(rng, [("drr", 40), ("atr", 15), ("both", 5), ("neither", 40)])
        treatment = recommendation != "neither"
        service = self.services[residence or rng.choice(self.authorities)]
        return [
            uuid.UUID(int=rng.getrandbits(128), version=4), None, 1, status, person_id,
            contact_id, None, rng.choice(COURTS), hearing, deadline,
            _weighted(rng, [("drugs", 60), ("alcohol", 25), ("both", 15)]), "", treatment,
            treatment, treatment, service if treatment else None, treatment, treatment,
            recommendation, "", 6 if treatment else None, "", "",
            signed if status == "signed_off" else None,
            self.workers.get(suite_id) if status == "signed_off" else None,
            signed if status == "signed_off" else None,
            self.team_leader if status == "signed_off" else None, started, started,
        ]  # fmt: skip

    def _order(self, rng: random.Random, report: tuple):
        """What the court did at the hearing, for a signed-off report whose hearing is past."""
        status, hearing, recommendation, created = report[3], report[8], report[18], report[27]
        if status != "signed_off" or hearing >= timezone.localdate(self.now):
            return None
        if recommendation != "neither" and rng.random() < 0.7:
            order = recommendation
        else:
            order = _weighted(rng, [("other", 85), ("adjourned", 15)])
        treatment = order in ("drr", "atr", "both")
        decided = datetime.datetime.combine(hearing, datetime.time(14), tzinfo=created.tzinfo)
        return (
            uuid.UUID(int=rng.getrandbits(128), version=4), report[0], order,
            rng.choice([6, 9, 12]) if treatment else None,
            hearing + datetime.timedelta(days=7) if treatment else None, "", decided, decided,
        )  # fmt: skip
