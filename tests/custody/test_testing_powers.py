"""Testing for Class A drugs in custody: the power (trigger offence or an inspector's
authorisation), the trigger offences, the ages, and results per drug. Known answers, each with
its source."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from custody.models import DrugTest, DrugTestResult, OffenceCategory, RequiredAssessment
from custody.models import TestedDrug as Drug  # "Test..." would be collected by pytest
from custody.services import drug_test_record

POSITIVE = {"opiates": "positive", "cocaine": "negative"}
ARRESTED = timezone.make_aware(datetime.datetime(2026, 6, 15, 12, 0))
SAMPLE = ARRESTED + datetime.timedelta(hours=1)


def _authorisation(**changes):
    return {
        "authorising_rank": "inspector",
        "authorising_officer": "Insp 4471 Synthetic",
        "authorised_at": ARRESTED + datetime.timedelta(minutes=30),
        "authorisation_grounds": "Found with crack pipe; says he stole to buy crack (synthetic)",
        **changes,
    }


@pytest.fixture
def adult(make_person):
    return make_person(date_of_birth=datetime.date(1990, 6, 1))


# --- The power: PACE 1984 s63B(1A), (2) --------------------------------------------------------


# PACE 1984 s63B(1A)(a)/(b): a trigger offence, or an inspector's authorisation; else no test.
def test_a_non_trigger_offence_without_authorisation_is_refused_and_opens_nothing(
    make_contact, adult, custody_worker
):
    contact = make_contact(person=adult, offence="assault", arrested_at=ARRESTED)
    with pytest.raises(ValidationError) as refused:
        drug_test_record(
            contact=contact, results=POSITIVE, sample_taken_at=SAMPLE, by=custody_worker
        )
    assert refused.value.message_dict["basis"] == [
        "Assault is not a trigger offence: a test needs the authorisation of an officer of "
        "inspector rank or above"
    ]
    assert not DrugTest.objects.exists() and not RequiredAssessment.objects.exists()


# PACE 1984 s63B(1A)(b), s63C(3): an inspector's authorisation, recorded with its grounds.
def test_an_inspector_may_authorise_a_test_for_any_offence(make_contact, adult, custody_worker):
    contact = make_contact(person=adult, offence="assault", arrested_at=ARRESTED)
    test = drug_test_record(
        contact=contact, results=POSITIVE, sample_taken_at=SAMPLE, by=custody_worker,
        basis="inspector_authorised", authorisation=_authorisation(),
    )  # fmt: skip
    test.refresh_from_db()
    assert test.basis == DrugTest.Basis.INSPECTOR
    assert (test.authorising_rank, test.authorising_officer) == ("inspector", "Insp 4471 Synthetic")
    assert test.authorised_at == ARRESTED + datetime.timedelta(minutes=30)
    assert "crack pipe" in test.authorisation_grounds
    assert RequiredAssessment.objects.filter(contact=contact).exists()


# PACE 1984 s63B(1A)(b): "at least the rank of inspector".
@pytest.mark.parametrize(
    ("rank", "allowed"),
    [("constable", False), ("sergeant", False), ("inspector", True), ("superintendent", True)],
)
def test_only_an_inspector_or_above_may_authorise(
    make_contact, adult, custody_worker, rank, allowed
):
    contact = make_contact(person=adult, offence="assault", arrested_at=ARRESTED)

    def record():
        return drug_test_record(
            contact=contact, results=POSITIVE, sample_taken_at=SAMPLE, by=custody_worker,
            basis="inspector_authorised", authorisation=_authorisation(authorising_rank=rank),
        )  # fmt: skip

    if allowed:
        assert record().authorising_rank == rank
    else:
        with pytest.raises(ValidationError, match="must be of inspector rank or above"):
            record()
        assert not RequiredAssessment.objects.exists()


def test_an_authorisation_needs_the_officer_the_time_and_the_grounds(
    make_contact, adult, custody_worker
):
    contact = make_contact(person=adult, offence="assault", arrested_at=ARRESTED)
    with pytest.raises(ValidationError) as refused:
        drug_test_record(
            contact=contact, results=POSITIVE, sample_taken_at=SAMPLE, by=custody_worker,
            basis="inspector_authorised",
            authorisation=_authorisation(
                authorising_officer=" ", authorised_at=None, authorisation_grounds=""
            ),
        )  # fmt: skip
    assert set(refused.value.message_dict) == {
        "authorising_officer", "authorised_at", "authorisation_grounds",
    }  # fmt: skip
    with pytest.raises(ValidationError, match="before the sample"):
        drug_test_record(
            contact=contact, results=POSITIVE, sample_taken_at=SAMPLE, by=custody_worker,
            basis="inspector_authorised",
            authorisation=_authorisation(authorised_at=SAMPLE + datetime.timedelta(minutes=1)),
        )  # fmt: skip


def test_not_tested_needs_no_power(make_contact, adult, custody_worker):
    contact = make_contact(person=adult, offence="assault", arrested_at=ARRESTED)
    test = drug_test_record(
        contact=contact, results={"opiates": "not_tested", "cocaine": "not_tested"},
        sample_taken_at=None, by=custody_worker,
    )  # fmt: skip
    assert test.basis == "" and not test.is_positive


def test_the_page_refuses_an_unauthorised_test_with_an_error_and_keeps_what_was_typed(
    client, make_contact, adult, custody_worker
):
    contact = make_contact(person=adult, offence="assault")
    client.force_login(custody_worker)
    url = reverse("custody:contact_part", args=[contact.pk, "test"])
    sample = f"{timezone.localtime():%H:%M}"
    response = client.post(
        url,
        {"drug_opiates": "positive", "drug_cocaine": "negative", "stage": "arrest",
         "basis": "trigger_offence", "sample_time": sample},
    )  # fmt: skip
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert "Assault is not a trigger offence" in content
    assert 'href="#id_basis"' in content  # the summary links to the question
    assert f'value="{sample}"' in content
    assert not DrugTest.objects.exists() and not RequiredAssessment.objects.exists()
    # The inspector's details sit under their radio (GOV.UK's conditional block).
    assert 'data-module="govuk-radios"' in content
    assert 'id="conditional_basis_2"' in content and "id_authorising_rank" in content
    # Revealed only under "inspector" (static/src/reveal.js; shown to a browser without
    # JavaScript), with no aria-controls for GOV.UK's script to turn into aria-expanded.
    assert (
        'class="govuk-radios__conditional govuk-radios__conditional--hidden" '
        'id="conditional_basis_2"' in content
    )
    assert "data-aria-controls" not in content
    chosen = client.post(url, {"basis": "inspector_authorised", "stage": "arrest"})
    chosen = chosen.content.decode()
    assert 'class="govuk-radios__conditional" id="conditional_basis_2"' in chosen


def test_the_page_records_an_inspectors_authorisation(client, make_contact, adult, custody_worker):
    contact = make_contact(
        person=adult, offence="assault", arrested_at=timezone.now() - datetime.timedelta(hours=3)
    )
    client.force_login(custody_worker)
    authorised = timezone.localtime() - datetime.timedelta(hours=2)
    sampled = timezone.localtime() - datetime.timedelta(hours=1)
    if authorised.date() != timezone.localdate() or sampled.date() != timezone.localdate():
        pytest.skip("the page's times are today's; too near midnight")
    response = client.post(
        reverse("custody:contact_part", args=[contact.pk, "test"]),
        {"drug_opiates": "negative", "drug_cocaine": "positive", "stage": "arrest",
         "basis": "inspector_authorised", "authorising_rank": "chief_inspector",
         "authorising_officer": "C/Insp 1234", "authorised_time": f"{authorised:%H:%M}",
         "authorisation_grounds": "Synthetic grounds", "sample_time": f"{sampled:%H:%M}"},
    )  # fmt: skip
    assert response.status_code == 302
    test = DrugTest.objects.get(contact=contact)
    assert test.basis == "inspector_authorised" and test.authorising_rank == "chief_inspector"
    assert test.result_for("cocaine") == "positive"
    page = client.get(reverse("custody:contact", args=[contact.pk])).content.decode()
    assert "Chief inspector C/Insp 1234" in page and "Synthetic grounds" in page


# --- Trigger offences: Criminal Justice and Court Services Act 2000, Schedule 6 ---------------


# CJCSA 2000 Sch 6 (as amended): attempts (Criminal Attempts Act 1981 s1) and Fraud Act 2006 ss6-7.
@pytest.mark.parametrize(
    ("code", "trigger"),
    [
        ("theft", True), ("robbery", True), ("burglary", True), ("handling", True),
        ("attempted_theft", True), ("attempted_robbery", True), ("attempted_burglary", True),
        ("attempted_handling", True), ("attempted_fraud", True),
        ("fraud_articles_possession", True), ("fraud_articles_making", True),
        ("class_a_possession", True), ("begging", True),
        ("assault", False), ("criminal_damage", False), ("class_b_c_possession", False),
    ],
)  # fmt: skip
def test_trigger_offences(code, trigger, db):
    assert (
        OffenceCategory.objects.get(code=code).is_trigger_on(datetime.date(2026, 12, 6)) is trigger
    )


# Vagrancy Act 1824 ss3-4 (begging): trigger offences until the repeal (PCSCA 2022 s81) is in force.
def test_begging_stops_being_a_trigger_offence_on_the_configured_repeal_date(
    make_contact, adult, custody_worker
):
    begging = OffenceCategory.objects.get(code="begging")
    with override_settings(VAGRANCY_ACT_REPEAL_DATE=None):
        assert begging.is_trigger_on(datetime.date(2030, 1, 1))
    with override_settings(VAGRANCY_ACT_REPEAL_DATE=ARRESTED.date()):
        assert begging.is_trigger_on(ARRESTED.date() - datetime.timedelta(days=1))
        assert not begging.is_trigger_on(ARRESTED.date())
        theft = OffenceCategory.objects.get(code="theft")
        assert theft.is_trigger_on(ARRESTED.date())
        contact = make_contact(person=adult, offence="begging", arrested_at=ARRESTED)
        assert not contact.offence_is_trigger
        with pytest.raises(ValidationError, match="not a trigger offence"):
            drug_test_record(
                contact=contact, results=POSITIVE, sample_taken_at=SAMPLE, by=custody_worker
            )


# --- Age: PACE 1984 s63B(3), (4A), (5A) ---------------------------------------------------------


def _born(make_person, years: int, days_to_birthday: int = 0):
    """A person who turns `years` `days_to_birthday` days after the arrest day (0: on it)."""
    birthday = ARRESTED.date().replace(year=ARRESTED.year - years)
    return make_person(date_of_birth=birthday + datetime.timedelta(days=days_to_birthday))


# PACE 1984 s63B(3)(a): on arrest, 18 or over.
def test_on_arrest_a_person_must_be_18(make_contact, make_person, custody_worker):
    eighteen_today = make_contact(person=_born(make_person, 18), arrested_at=ARRESTED)
    drug_test_record(
        contact=eighteen_today, results=POSITIVE, sample_taken_at=SAMPLE, by=custody_worker
    )
    assert RequiredAssessment.objects.filter(contact=eighteen_today).exists()
    # 17 years and 364 days: turns 18 tomorrow.
    almost = make_contact(person=_born(make_person, 18, days_to_birthday=1), arrested_at=ARRESTED)
    with pytest.raises(ValidationError, match="was 17 on arrest"):
        drug_test_record(
            contact=almost, results=POSITIVE, sample_taken_at=SAMPLE, by=custody_worker
        )
    assert not RequiredAssessment.objects.filter(contact=almost).exists()


# PACE 1984 s63B(3)(b), (4A)-(4B), (5A): on charge from 14, only where the force was notified,
# with an appropriate adult; Drugs Act 2005 s9(4): no required assessment under 18.
def test_on_charge_14_to_17_only_where_notified_and_with_an_appropriate_adult(
    make_contact, make_person, custody_worker
):
    fourteen_today = make_contact(person=_born(make_person, 14), arrested_at=ARRESTED)

    def at_charge(contact, adult_name="Synthetic Appropriate Adult"):
        return drug_test_record(
            contact=contact, results=POSITIVE, sample_taken_at=SAMPLE, by=custody_worker,
            stage="charge", appropriate_adult=adult_name,
        )  # fmt: skip

    with pytest.raises(ValidationError, match="has not been notified"):
        at_charge(fourteen_today)  # off by default
    with override_settings(TEST_ON_CHARGE_UNDER_18_NOTIFIED=True):
        with pytest.raises(ValidationError) as no_adult:
            at_charge(fourteen_today, adult_name=" ")
        assert "appropriate_adult" in no_adult.value.message_dict
        test = at_charge(fourteen_today)
        assert test.stage == "charge" and test.appropriate_adult == "Synthetic Appropriate Adult"
        assert test.is_positive
        assert not RequiredAssessment.objects.filter(contact=fourteen_today).exists()
        thirteen = make_contact(person=_born(make_person, 14, days_to_birthday=1))
        with pytest.raises(ValidationError, match="14 or over"):
            at_charge(thirteen)
        # A 17-year-old cannot be tested on arrest, even where notified.
        seventeen = make_contact(person=_born(make_person, 17), arrested_at=ARRESTED)
        with pytest.raises(ValidationError, match="was 17 on arrest"):
            drug_test_record(
                contact=seventeen, results=POSITIVE, sample_taken_at=SAMPLE, by=custody_worker
            )


def test_an_adult_tested_on_charge_needs_no_appropriate_adult(make_contact, adult, custody_worker):
    contact = make_contact(person=adult, arrested_at=ARRESTED)
    test = drug_test_record(
        contact=contact, results=POSITIVE, sample_taken_at=SAMPLE, by=custody_worker,
        stage="charge", appropriate_adult="ignored for an adult",
    )  # fmt: skip
    assert test.appropriate_adult == ""
    assert RequiredAssessment.objects.filter(contact=contact).exists()


# --- Results per drug: SI 2023/784 (every Class A drug is a specified Class A drug) ---------


def test_results_are_one_row_per_drug_and_a_new_drug_needs_no_migration(
    client, make_contact, adult, custody_worker
):
    assert list(Drug.objects.values_list("code", flat=True)) == ["opiates", "cocaine"]
    Drug.objects.create(code="methylamphetamine", label="Methylamphetamine", order=30)
    contact = make_contact(person=adult, arrested_at=ARRESTED)
    test = drug_test_record(
        contact=contact, by=custody_worker, sample_taken_at=SAMPLE,
        results={"opiates": "negative", "cocaine": "negative", "methylamphetamine": "positive"},
    )  # fmt: skip
    assert DrugTestResult.objects.filter(test=test).count() == 3
    assert test.is_positive and test.result_for("methylamphetamine") == "positive"
    assert str(test) == "Opiates negative, Cocaine negative, Methylamphetamine positive"
    client.force_login(custody_worker)
    page = client.get(reverse("custody:contact", args=[contact.pk])).content.decode()
    assert 'name="drug_methylamphetamine"' in page and "Methylamphetamine" in page
    # Every drug on the list needs a result; a drug not on it is refused.
    with pytest.raises(ValidationError) as missing:
        drug_test_record(
            contact=contact, results=POSITIVE, sample_taken_at=SAMPLE, by=custody_worker
        )
    assert "drug_methylamphetamine" in missing.value.message_dict
    with pytest.raises(ValidationError, match="Not a drug on the test: ketamine"):
        drug_test_record(
            contact=contact, by=custody_worker, sample_taken_at=SAMPLE,
            results={**POSITIVE, "methylamphetamine": "negative", "ketamine": "positive"},
        )  # fmt: skip


def test_a_corrected_test_replaces_its_results(make_contact, adult, custody_worker):
    contact = make_contact(person=adult, arrested_at=ARRESTED)
    drug_test_record(contact=contact, results=POSITIVE, sample_taken_at=SAMPLE, by=custody_worker)
    test = drug_test_record(
        contact=contact, results={"opiates": "negative", "cocaine": "negative"},
        sample_taken_at=SAMPLE, by=custody_worker,
    )  # fmt: skip
    assert sorted(test.results.values_list("result", flat=True)) == ["negative", "negative"]
    assert not test.is_positive and test.summary == "Negative"


def test_today_at_my_suite_does_not_call_begging_a_trigger_offence_after_the_repeal(
    client, make_contact, custody_worker, settings
):
    begging = make_contact(offence="begging")
    theft = make_contact(offence="theft")
    client.force_login(custody_worker)

    def trigger_filter():
        response = client.get("/custody/today/?show=trigger")
        return {c.pk for c in response.context["contacts"]}, response.content.decode()

    shown, _ = trigger_filter()
    assert shown == {begging.pk, theft.pk}
    settings.VAGRANCY_ACT_REPEAL_DATE = timezone.localdate()
    shown, _ = trigger_filter()
    assert shown == {theft.pk}
    everyone = client.get("/custody/today/").content.decode()
    assert everyone.count('govuk-tag--orange">Trigger offence') == 1  # theft's, not begging's
    settings.VAGRANCY_ACT_REPEAL_DATE = timezone.localdate() + datetime.timedelta(days=1)
    shown, _ = trigger_filter()
    assert shown == {begging.pk, theft.pk}
