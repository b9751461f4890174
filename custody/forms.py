"""Custody contact forms (GOV.UK Design System through crispy-forms-gds)."""

from __future__ import annotations

import datetime

from crispy_forms_gds.layout import (
    Button,
    ConditionalQuestion,
    ConditionalRadios,
    Field,
    Fieldset,
    Size,
)
from django import forms
from django.utils import timezone

from core.forms import DateInputField, SubmitTokenForm, combine, gds_helper, time_field
from core.validators import refusing_hidden_characters
from custody.models import (
    Attendance,
    CustodyContact,
    DrugTest,
    Naloxone,
    NotSeenReason,
    OffenceCategory,
    PoliceRank,
    ReleasePlan,
    TestedDrug,
    TestResult,
    record_number_normalised,
)
from people.forms import (
    IdentifiersMixin,
    date_of_birth_field,
    family_name_field,
    given_name_field,
)


def appointment_fields(prefix: str, label: str, required: bool) -> dict:
    day = DateInputField(label=f"{label}: date", require_all_fields=False, required=required)
    day.error_messages["required"] = f"Enter the date of the {label.lower()}"
    return {
        f"{prefix}_date": day,
        f"{prefix}_time": time_field(
            f"{label}: time", required=required, described_as=f"{label.lower()} time"
        ),
        f"{prefix}_place": forms.CharField(
            label=f"{label}: place", max_length=300, required=required
        ),
    }


class QuickContactForm(IdentifiersMixin, SubmitTokenForm):
    """The common case in under a minute: the custody record, the offence and who it is."""

    custody_record_number = refusing_hidden_characters(
        forms.CharField(
            label="Custody record number",
            max_length=30,
            error_messages={"required": "Enter the custody record number"},
        )
    )
    arrest_date = DateInputField(label="Date of arrest", require_all_fields=False)
    arrest_time = time_field("Time of arrest")
    offence_category = forms.ModelChoiceField(
        label="Offence",
        queryset=OffenceCategory.objects.filter(active=True).order_by("-is_trigger", "label"),
        empty_label="Choose the offence",
        error_messages={"required": "Choose the offence"},
    )
    given_name = given_name_field()
    family_name = family_name_field()
    date_of_birth = date_of_birth_field()
    pnc_id = refusing_hidden_characters(
        forms.CharField(
            label="PNC ID (if known)",
            required=False,
            max_length=20,
            help_text="For example, 12/1234567A",
        )
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["arrest_date"].error_messages["required"] = "Enter the date of arrest"
        self.fields["offence_category"].label_from_instance = lambda o: (
            f"{o.label} (trigger offence)" if o.is_trigger else o.label
        )
        for name in ("given_name", "family_name", "custody_record_number"):
            self.fields[name].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.helper = gds_helper(
            Fieldset(
                Field.text("custody_record_number", field_width=10),
                Field("arrest_date"),
                Field.text("arrest_time", field_width=4),
                Field.select("offence_category"),
                legend="Custody record",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("given_name", field_width=20),
                Field.text("family_name", field_width=20),
                Field("date_of_birth"),
                Field.text("pnc_id", field_width=10),
                legend="Detainee",
                legend_size=Size.MEDIUM,
            ),
            submit="Continue",
        )

    def clean_custody_record_number(self):
        number = record_number_normalised(self.cleaned_data["custody_record_number"])
        if not number:
            raise forms.ValidationError("Enter the custody record number")
        return number

    def clean(self):
        data = super().clean()
        if data.get("arrest_date") and data.get("arrest_time"):
            arrested_at = combine(data["arrest_date"], data["arrest_time"])
            if arrested_at > timezone.now() + datetime.timedelta(minutes=5):
                self.add_error("arrest_time", "The arrest cannot be in the future")
            data["arrested_at"] = arrested_at
        return data


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome of the contact",
        choices=CustodyContact.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome"},
    )
    not_seen_reason = forms.ChoiceField(
        label="If not seen, why?",
        choices=NotSeenReason.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    not_seen_other = forms.CharField(label="Other reason", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Why not seen, only under "Not seen" (the service clears it for any other outcome).
        self.helper = gds_helper(
            ConditionalRadios(
                "outcome",
                *(
                    ConditionalQuestion(
                        label,
                        Field.radios("not_seen_reason", legend_size=Size.SMALL, small=True),
                        Field.text("not_seen_other"),
                    )
                    if value == CustodyContact.Outcome.NOT_SEEN
                    else label
                    for value, label in CustodyContact.Outcome.choices
                ),
            ),
            submit="Save the outcome",
        )


class DrugTestForm(forms.Form):
    """The test: the power it was taken under (PACE 1984 s63B), when, and one result per drug on
    the reference list (TestedDrug), each a field `drug_<code>`."""

    stage = forms.ChoiceField(
        label="When was the sample taken?",
        choices=DrugTest.Stage.choices,
        widget=forms.RadioSelect,
        initial=DrugTest.Stage.ARREST,
        error_messages={"required": "Select whether the sample was taken on arrest or on charge"},
    )
    basis = forms.ChoiceField(
        label="Why may the person be tested?",
        choices=[
            (DrugTest.Basis.TRIGGER_OFFENCE, "The offence is a trigger offence"),
            (DrugTest.Basis.INSPECTOR, "An officer of inspector rank or above authorised it"),
        ],
        widget=forms.RadioSelect,
        required=False,
        help_text="Only needed if the person was tested",
    )
    authorising_rank = forms.ChoiceField(
        label="Rank of the authorising officer",
        choices=[("", "Choose the rank"), *PoliceRank.choices],
        required=False,
    )
    authorising_officer = refusing_hidden_characters(
        forms.CharField(
            label="Authorising officer's name or collar number", max_length=100, required=False
        )
    )
    authorised_time = time_field("Time of the authorisation", required=False)
    authorisation_grounds = forms.CharField(
        label="Grounds for suspecting Class A drug misuse caused or contributed to the offence",
        widget=forms.Textarea,
        required=False,
    )
    appropriate_adult = refusing_hidden_characters(
        forms.CharField(
            label="Appropriate adult present (name)",
            max_length=200,
            required=False,
            help_text="Only for a person under 18, tested on charge",
        )
    )
    sample_time = time_field(
        "Sample time",
        required=False,
        help_text="When the sample was taken, for example 14:30 or 1430",
    )

    def __init__(self, *args, drugs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.drugs = list(drugs if drugs is not None else TestedDrug.objects.filter(active=True))
        for drug in self.drugs:
            self.fields[f"drug_{drug.code}"] = forms.ChoiceField(
                label=drug.label,
                choices=TestResult.choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"Select the {drug.label.lower()} result"},
            )
        inspector = dict(self.fields["basis"].choices)[DrugTest.Basis.INSPECTOR]
        trigger = dict(self.fields["basis"].choices)[DrugTest.Basis.TRIGGER_OFFENCE]
        self.helper = gds_helper(
            *(
                Field.radios(f"drug_{drug.code}", legend_size=Size.SMALL, inline=True)
                for drug in self.drugs
            ),
            Field.text("sample_time", field_width=4),
            Field.radios("stage", legend_size=Size.SMALL, inline=True),
            ConditionalRadios(
                "basis",
                trigger,
                ConditionalQuestion(
                    inspector,
                    Field.select("authorising_rank"),
                    Field.text("authorising_officer", field_width=20),
                    Field.text("authorised_time", field_width=4),
                    Field.textarea("authorisation_grounds", rows=3),
                ),
            ),
            Field.text("appropriate_adult", field_width=20),
            submit="Save the test result",
        )

    def clean(self):
        data = super().clean()
        data["results"] = {
            drug.code: data[f"drug_{drug.code}"]
            for drug in self.drugs
            if data.get(f"drug_{drug.code}")
        }
        return data


class InitialPlanForm(forms.Form):
    initial_in_custody = forms.ChoiceField(
        label="Where is the initial assessment?",
        choices=[("yes", "Now, in custody"), ("no", "By appointment")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select where the initial assessment is"},
    )

    locals().update(appointment_fields("initial", "Appointment", required=False))

    def __init__(self, *args, latest: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if latest:  # REQUIRED_INITIAL_ASSESSMENT_DAYS after the requirement was imposed
            self.fields["initial_date"].help_text = f"On or before {latest:%-d %B %Y}"
        self.helper = gds_helper(
            Field.radios("initial_in_custody", legend_size=Size.SMALL),
            Field("initial_date"),
            Field.text("initial_time", field_width=4),
            Field.text("initial_place"),
            submit="Save the initial assessment",
        )

    def clean(self):
        data = super().clean()
        if data.get("initial_in_custody") == "no":
            for name, message in (
                ("initial_date", "Enter the date of the appointment"),
                ("initial_time", "Enter the time of the appointment"),
                ("initial_place", "Enter the place of the appointment"),
            ):
                if not data.get(name):
                    self.add_error(name, message)
            if data.get("initial_date") and data.get("initial_time"):
                data["initial_at"] = combine(data["initial_date"], data["initial_time"])
        return data


class FollowUpForm(forms.Form):
    required_follow_up = forms.ChoiceField(
        label="Is the follow-up assessment still required?",
        choices=[
            ("yes", "Yes: give its time and place"),
            ("no", "No: the initial assessor ended it at the initial assessment"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether a follow-up is required"},
    )

    locals().update(appointment_fields("follow_up", "Follow-up", required=False))

    def __init__(self, *args, latest: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if latest:  # REQUIRED_FOLLOW_UP_ASSESSMENT_DAYS after the initial assessment
            self.fields["follow_up_date"].help_text = f"On or before {latest:%-d %B %Y}"
        self.helper = gds_helper(
            Field.radios("required_follow_up", legend_size=Size.SMALL),
            Field("follow_up_date"),
            Field.text("follow_up_time", field_width=4),
            Field.text("follow_up_place"),
            submit="Save the follow-up",
        )

    def clean(self):
        data = super().clean()
        if data.get("required_follow_up") == "yes":
            for name, message in (
                ("follow_up_date", "Enter the date of the follow-up"),
                ("follow_up_time", "Enter the time of the follow-up"),
                ("follow_up_place", "Enter the place of the follow-up"),
            ):
                if not data.get(name):
                    self.add_error(name, message)
            if data.get("follow_up_date") and data.get("follow_up_time"):
                data["follow_up_at"] = combine(data["follow_up_date"], data["follow_up_time"])
        return data


class AttendanceForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What happened at the assessment?",
        choices=[
            (Attendance.ATTENDED, "Attended and stayed to the end"),
            (Attendance.LEFT_EARLY, "Attended but left before the end: notify police"),
            (Attendance.NOT_ATTENDED, "Did not attend: notify police"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what happened at the assessment"},
    )

    def __init__(self, *args, then_refer: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.radios("outcome", legend_size=Size.SMALL), submit="Save the assessment outcome"
        )
        if then_refer:
            # The initial assessment in custody is usually followed by the referral: one page
            # load fewer than saving, then opening "Refer to treatment" (issue 23).
            self.helper.layout.append(Button.secondary(THEN_REFER, "Save and refer to treatment"))


# The name of the attendance form's second button: saved, then to the referral form.
THEN_REFER = "then_refer"


class NaloxoneForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Naloxone",
        choices=Naloxone.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what happened"},
    )
    kit = forms.ChoiceField(
        label="Kit type", choices=Naloxone.Kit.choices, widget=forms.RadioSelect, required=False
    )
    batch = forms.CharField(label="Batch number", max_length=40, required=False)
    training_given = forms.BooleanField(label="Training given", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The kit's details only under "Kit issued" (the service clears them otherwise).
        self.helper = gds_helper(
            ConditionalRadios(
                "outcome",
                *(
                    ConditionalQuestion(
                        label,
                        Field.radios("kit", legend_size=Size.SMALL),
                        Field.text("batch", field_width=10),
                        Field.checkbox("training_given", small=True),
                    )
                    if value == Naloxone.Outcome.ISSUED
                    else label
                    for value, label in Naloxone.Outcome.choices
                ),
            ),
            submit="Save naloxone",
        )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Naloxone.Outcome.ISSUED:
            if not data.get("kit"):
                self.add_error("kit", "Select the kit type")
            if not (data.get("batch") or "").strip():
                self.add_error("batch", "Enter the batch number")
        return data


class ReleasePlanForm(forms.Form):
    disposal = forms.ChoiceField(
        label="On release",
        choices=ReleasePlan.Disposal.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what happens on release"},
    )
    next_steps = forms.CharField(label="Next steps", widget=forms.Textarea, required=False)
    referral_made = forms.BooleanField(label="A referral to treatment was made", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.radios("disposal", legend_size=Size.SMALL),
            Field.textarea("next_steps", rows=3),
            Field.checkbox("referral_made", small=True),
            submit="Save the release plan",
        )


class HandoverNoteForm(SubmitTokenForm):
    """A note on the contact for the next shift (added, never edited)."""

    text = forms.CharField(
        label="Add a handover note",
        max_length=2000,
        widget=forms.Textarea,
        help_text="What the next shift needs to know. Notes cannot be changed once added.",
        error_messages={"required": "Enter the handover note"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.textarea("text", rows=3, max_characters=2000), submit="Add the note"
        )
