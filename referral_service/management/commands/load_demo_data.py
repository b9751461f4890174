"""Load the demo personas and a few hundred synthetic people and custody contacts.

Idempotent: personas are brought up to date, people are topped up to the target, and each
suite gets a handful of detainees for today if it has fewer. Every name, date of birth and
postcode is synthetic (faker, en_GB, fixed seed).
"""

import datetime
import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from faker import Faker

from court.models import SuitabilityReport
from custody.models import (
    CustodyContact,
    DrugTest,
    NotSeenReason,
    OffenceCategory,
    PoliceRank,
    TestResult,
)
from custody.services import (
    age_on,
    custody_contact_create,
    custody_contact_record_outcome,
    drug_test_record,
)
from diversion.models import DivertReferral
from organisations.demo import demo_signposts_ensure
from organisations.models import CustodySuite, LocalAuthority, SignpostService
from people.models import Person
from people.services import person_create
from referral_service.demo import PERSONAS, persona_ensure
from reminders.demo import DEMO_TASKS, demo_reminders_ensure
from treatment.models import Referral

# Postcode districts used to place demo people (illustrative; issue 3 ships the real table).
DEMO_DISTRICTS = {
    "birmingham": ["B5", "B6", "B10", "B12", "B23", "B29", "B31"],
    "coventry": ["CV1", "CV2", "CV3", "CV6"],
    "dudley": ["DY1", "DY2", "DY5"],
    "sandwell": ["B66", "B67", "B69", "B70"],
    "solihull": ["B90", "B91", "B92"],
    "walsall": ["WS1", "WS2", "WS3"],
    "wolverhampton": ["WV1", "WV2", "WV10"],
}
OUT_OF_AREA_DISTRICTS = ["M4", "LS9", "NG7", "L8", "BS5"]
OUTCOMES = [
    (CustodyContact.Outcome.ASSESSED, 45),
    (CustodyContact.Outcome.BRIEF_INTERVENTION, 20),
    (CustodyContact.Outcome.DECLINED, 15),
    (CustodyContact.Outcome.NOT_SEEN, 20),
]


def _demo_team_contacts() -> None:
    """Each suite's team phone and address for the written notice, where none is set: Ofcom's
    numbers for drama (0121 496 0000-0999), never a real line. Not in a migration, so that a
    deployed service never prints an invented number: it warns until an administrator sets one."""
    for n, suite in enumerate(CustodySuite.objects.order_by("code")):
        if not suite.arrest_referral_phone:
            suite.arrest_referral_phone = f"0121 496 0{100 + n:03d}"
            suite.arrest_referral_address = (
                f"Arrest Referral Team, {suite.name}\n{10 + n} Synthetic Street\nB{n + 1} 1AA"
            )
            suite.save(update_fields=["arrest_referral_phone", "arrest_referral_address"])


class Command(BaseCommand):
    help = "Load demo personas and synthetic people and custody contacts (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=300)
        parser.add_argument("--contacts", type=int, default=450)
        parser.add_argument("--today-per-suite", type=int, default=8)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, people, contacts, today_per_suite, seed, **options):
        password = settings.DEMO_PASSWORD
        if not password:
            raise CommandError("Set DEMO_PASSWORD: the demo personas' password.")
        fake = Faker("en_GB")
        fake.seed_instance(seed)
        rng = random.Random(seed)  # nosec B311: shapes synthetic demo data, nothing secret

        users = {p.username: persona_ensure(persona=p, password=password) for p in PERSONAS}
        demo_signposts_ensure()
        worker = users["custody.worker"]
        _demo_team_contacts()

        authorities = {la.slug: la for la in LocalAuthority.objects.all()}
        existing_people = Person.objects.count()
        for _ in range(max(0, people - existing_people)):
            if rng.random() < 0.1:
                postcode, authority = self._postcode(rng, OUT_OF_AREA_DISTRICTS), None
            else:
                slug = rng.choice(list(DEMO_DISTRICTS))
                postcode, authority = self._postcode(rng, DEMO_DISTRICTS[slug]), authorities[slug]
            person_create(
                given_name=fake.first_name(),
                family_name=fake.last_name(),
                date_of_birth=fake.date_of_birth(minimum_age=18, maximum_age=65),
                postcode=postcode,
                local_authority=authority,
                by=worker,
            )

        everyone = list(Person.objects.order_by("reference").values_list("pk", flat=True))
        suites = list(CustodySuite.objects.filter(active=True))
        offences = list(OffenceCategory.objects.filter(active=True))
        now = timezone.now()

        existing_contacts = CustodyContact.objects.count()
        for n in range(max(0, contacts - existing_contacts)):
            arrested_at = now - datetime.timedelta(
                days=rng.randint(1, 365), minutes=rng.randint(0, 24 * 60)
            )
            self._contact(rng, worker, rng.choice(suites), arrested_at, offences, everyone, n, True)

        start_of_today = timezone.make_aware(
            datetime.datetime.combine(timezone.localdate(), datetime.time.min)
        )
        minutes_so_far = max(1, int((now - start_of_today).total_seconds() // 60))
        for suite in suites:
            already = CustodyContact.objects.filter(
                suite=suite, arrested_at__gte=start_of_today
            ).count()
            for n in range(max(0, today_per_suite - already)):
                arrested_at = start_of_today + datetime.timedelta(
                    minutes=rng.randint(0, minutes_so_far - 1)
                )
                # Today: about half seen so far, the rest waiting.
                record = rng.random() < 0.5
                self._contact(rng, worker, suite, arrested_at, offences, everyone, n, record)

        self._assessments_and_consent(rng, worker, users)
        # Before the referrals and DIVERT cases, which schedule reminders of their own.
        demo_reminders_ensure(
            people=list(Person.objects.order_by("reference")[: len(DEMO_TASKS)]), users=users
        )
        from treatment.demo import demo_referrals_load

        providers = {
            slug: user
            for user in users.values()
            for slug in user.provider_services.values_list("local_authority__slug", flat=True)
        }
        demo_referrals_load(rng=rng, worker=worker, providers=providers)
        from diversion.demo import demo_divert_load

        officers = [users["police.officer"], users["police.officer2"]]
        demo_divert_load(rng=rng, officers=officers, worker=worker)
        from court.demo import demo_court_load

        demo_court_load(
            rng=rng,
            officer=users["probation.officer"],
            worker=worker,
            team_leader=users["team.leader"],
        )
        # The OPCC's dashboard reads monthly figures; beat refreshes them every 10 minutes,
        # but the demo should open on figures straight away.
        from reporting.services import figures_refresh

        figures_refresh(full=True)

        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {len(users)} personas, {Person.objects.count()} people, "
                f"{CustodyContact.objects.count()} custody contacts, "
                f"{Referral.objects.count()} treatment referrals, "
                f"{DivertReferral.objects.count()} DIVERT referrals, "
                f"{SuitabilityReport.objects.count()} court report versions, "
                f"{SignpostService.objects.count()} local services in the signposting directory."
            )
        )

    @staticmethod
    def _assessments_and_consent(rng, worker, users) -> None:
        """Give some people a completed assessment, consent to share and a flag (idempotent)."""
        from assessments.demo import sample_answers
        from assessments.models import Assessment
        from assessments.services import (
            assessment_complete,
            assessment_save_section,
            assessment_start,
        )
        from organisations.models import ProviderService
        from people.services import consent_give, flag_raise

        if Assessment.objects.exists():
            return
        people = list(Person.objects.order_by("reference")[:60])
        services = {
            s.local_authority.slug: s
            for s in ProviderService.objects.select_related("local_authority")
        }
        for n, person in enumerate(people):
            draft = assessment_start(person=person, by=worker)
            for key, answers in sample_answers(rng).items():
                assessment_save_section(assessment=draft, key=key, answers=answers, by=worker)
            if n % 6 != 5:  # a few are left in progress
                assessment_complete(assessment=draft, by=worker)
            if person.local_authority and n % 2 == 0:
                consent_give(
                    person=person,
                    recipient="provider_service",
                    provider_service=services[person.local_authority.slug],
                    by=worker,
                )
            if n % 10 == 3:
                flag_raise(person=person, kind="overdose_risk", note="Recently released", by=worker)

    @staticmethod
    def _postcode(rng: random.Random, districts: list[str]) -> str:
        letters = "ABDEFGHJLNPQRSTUWXYZ"
        return (
            f"{rng.choice(districts)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"
        )

    @staticmethod
    def _contact(rng, worker, suite, arrested_at, offences, everyone, n, record_outcome):
        local = timezone.localtime(arrested_at)
        number = f"{suite.code[:3].upper()}{local:%y%m%d}{local:%H%M}{n % 100:02d}"
        contact = custody_contact_create(
            suite=suite,
            custody_record_number=number,
            arrested_at=arrested_at,
            offence_category=rng.choice(offences),
            person=Person.objects.get(pk=rng.choice(everyone)),
            by=worker,
        )
        if record_outcome and not contact.outcome:
            outcome = rng.choices([o for o, _ in OUTCOMES], weights=[w for _, w in OUTCOMES])[0]
            seen_at = None
            if outcome != CustodyContact.Outcome.NOT_SEEN:
                seen_at = min(
                    arrested_at + datetime.timedelta(minutes=rng.randint(20, 240)),
                    timezone.now(),
                )
            reason = ""
            if outcome == CustodyContact.Outcome.NOT_SEEN:
                reason = rng.choice([r for r in NotSeenReason.values if r != NotSeenReason.OTHER])
            custody_contact_record_outcome(
                contact=contact, outcome=outcome, seen_at=seen_at, not_seen_reason=reason, by=worker
            )
        # Test on arrest for most trigger offences, for those who were adults when arrested.
        adult = age_on(date_of_birth=contact.person.date_of_birth, day=arrested_at.date()) >= 18
        if (
            adult
            and contact.offence_category.is_trigger
            and rng.random() < 0.7
            and not hasattr(contact, "drug_test")
        ):
            results = [TestResult.POSITIVE, TestResult.NEGATIVE, TestResult.NEGATIVE]
            drug_test_record(
                contact=contact,
                results={"opiates": rng.choice(results), "cocaine": rng.choice(results)},
                sample_taken_at=min(
                    arrested_at + datetime.timedelta(minutes=rng.randint(30, 120)), timezone.now()
                ),
                by=worker,
            )
        # A few other offences tested on an inspector's authorisation (PACE 1984 s63B(1A)(b)),
        # from a generator of their own so the rest of the demo data stays as it was.
        own = random.Random(number)  # nosec B311 (synthetic demo data, not security)
        if (
            adult
            and not contact.offence_category.is_trigger
            and own.random() < 0.1
            and not hasattr(contact, "drug_test")
        ):
            authorised_at = min(arrested_at + datetime.timedelta(minutes=20), timezone.now())
            drug_test_record(
                contact=contact,
                results={"opiates": "negative", "cocaine": own.choice(["positive", "negative"])},
                sample_taken_at=min(authorised_at + datetime.timedelta(minutes=30), timezone.now()),
                basis=DrugTest.Basis.INSPECTOR,
                authorisation={
                    "authorising_rank": PoliceRank.INSPECTOR,
                    "authorising_officer": f"Insp {own.randint(1000, 9999)} (synthetic)",
                    "authorised_at": authorised_at,
                    "authorisation_grounds": "Told the arresting officer the assault was over a "
                    "crack debt (synthetic)",
                },
                by=worker,
            )
