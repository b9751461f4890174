"""The officer's two screens and the worker's case forms (GOV.UK via crispy-forms-gds).

The officer's forms only parse what was typed; the rules (what is required, what is valid) are
in `diversion.services.divert_referral_validate`, shared with the API.
"""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.utils import timezone

from core.forms import (
    DateInputField,
    SubmitTokenForm,
    combine,
    gds_helper,
    time_field,
)
from core.validators import refusing_hidden_characters
from diversion.models import ContactAttempt, DivertReferral, InterventionSession, Substance
from diversion.models import Vulnerability as V

WHERE_FIELDS = (
    "occurrence_number",
    "found_at",
    "found_where",
    "substances",
    "substance_other",
    "amount",
)
PERSON_FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "phone",
    "postcode",
    "address",
    "consent_to_contact",
    "vulnerabilities",
    "vulnerability_other",
)


def _text(
    label: str, *, help_text: str = "", max_length: int = 200, input_type: str = "text", **attrs
) -> forms.CharField:
    """Optional at the form (the service says what is required); never the officer's own
    autofill, since the details are someone else's."""
    field = forms.CharField(label=label, required=False, max_length=max_length, help_text=help_text)
    field.widget.input_type = input_type
    field.widget.attrs.update({"autocomplete": "off", "spellcheck": "false", **attrs})
    return field


class WhereForm(forms.Form):
    """Screen 1: the occurrence, when and where, and what was found."""

    occurrence_number = refusing_hidden_characters(
        _text("Occurrence or incident number", max_length=40)
    )
    found_date = DateInputField(label="Date found", required=False, require_all_fields=False)
    found_time = time_field("Time found", required=False)
    found_where = _text("Where found", help_text="For example, Corporation Street, by the station")
    substances = forms.MultipleChoiceField(
        label="What was found?",
        choices=Substance.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Possession only: not supply. Select all that apply.",
    )
    substance_other = _text("Other substance", max_length=100)
    amount = _text(
        "Roughly how much?", help_text="For example, 2 grams, or one wrap", max_length=100
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        now = timezone.localtime()
        self.fields["found_date"].initial = [now.day, now.month, now.year]
        self.fields["found_time"].initial = now.strftime("%H:%M")
        self.helper = gds_helper(
            Field.text("occurrence_number", field_width=20),
            Field("found_date"),
            Field.text("found_time", field_width=4),
            Field.text("found_where"),
            Field.checkboxes("substances", legend_size=Size.SMALL, small=True),
            Field.text("substance_other", field_width=20),
            Field.text("amount", field_width=20),
            submit="Continue",
        )

    def values(self) -> dict:
        data = self.cleaned_data
        found_at = None
        if data.get("found_date") and data.get("found_time"):
            found_at = combine(data["found_date"], data["found_time"])
        return {
            "occurrence_number": data.get("occurrence_number", ""),
            "found_at": found_at,
            "found_where": data.get("found_where", ""),
            "substances": data.get("substances") or [],
            "substance_other": data.get("substance_other", ""),
            "amount": data.get("amount", ""),
        }


class PersonForm(forms.Form):
    """Screen 2: who they are, how to reach them, and anything that makes them vulnerable."""

    given_name = refusing_hidden_characters(_text("Given name", max_length=100))
    family_name = refusing_hidden_characters(_text("Family name", max_length=100))
    date_of_birth = DateInputField(
        label="Date of birth",
        required=False,
        require_all_fields=False,
        help_text="For example, 27 3 2001",
    )
    phone = _text("Mobile or phone number", max_length=30, input_type="tel", inputmode="tel")
    postcode = _text(
        "Postcode", max_length=10, autocapitalize="characters", help_text="Where they live"
    )
    address = forms.CharField(
        label="Address (if they have no postcode, or it is not known)",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}),
    )
    consent_to_contact = forms.TypedChoiceField(
        label="Do they agree to be contacted by the DIVERT service?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        empty_value=None,
        widget=forms.RadioSelect,
        required=False,
    )
    vulnerabilities = forms.MultipleChoiceField(
        label="Any vulnerabilities?",
        choices=V.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply. A concern here starts a safeguarding check today.",
    )
    vulnerability_other = _text("Other vulnerability", max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.text("given_name", field_width=20),
            Field.text("family_name", field_width=20),
            Field("date_of_birth"),
            Field.text("phone", field_width=20),
            Field.text("postcode", field_width=10),
            Field.textarea("address"),
            Field.radios("consent_to_contact", legend_size=Size.SMALL, inline=True),
            Field.checkboxes("vulnerabilities", legend_size=Size.SMALL, small=True),
            Field.text("vulnerability_other"),
            submit="Send the referral",
        )

    def values(self) -> dict:
        data = self.cleaned_data
        return {name: data.get(name) for name in PERSON_FIELDS} | {
            "vulnerabilities": data.get("vulnerabilities") or [],
        }


# --- The service's case forms -----------------------------------------------------------------


class ContactAttemptForm(SubmitTokenForm):
    method = forms.ChoiceField(
        label="How?",
        choices=ContactAttempt.Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you tried to contact them"},
    )
    result = forms.ChoiceField(
        label="What happened?",
        choices=ContactAttempt.Result.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what happened"},
    )
    note = forms.CharField(label="Note (optional)", required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.radios("method", legend_size=Size.SMALL, small=True),
            Field.radios("result", legend_size=Size.SMALL, small=True),
            Field.text("note"),
            submit="Record the attempt",
        )


class SessionForm(SubmitTokenForm):
    day = DateInputField(label="Session date", require_all_fields=False)
    time = time_field("Session time")
    location = forms.CharField(
        label="Where", max_length=200, error_messages={"required": "Enter where the session is"}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].error_messages["required"] = "Enter the date of the session"
        self.fields["day"].error_messages["incomplete"] = (
            "Enter the date of the session with a day, month and year"
        )
        self.helper = gds_helper(
            Field("day"),
            Field.text("time", field_width=4),
            Field.text("location"),
            submit="Book the session",
        )

    def clean(self):
        data = super().clean()
        if data.get("day") and data.get("time"):
            data["starts_at"] = combine(data["day"], data["time"])
        return data


class SessionAttendanceForm(forms.Form):
    attendance = forms.ChoiceField(
        label="Did they attend and complete the session?",
        choices=InterventionSession.Attendance.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether they attended and completed it"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.radios("attendance", legend_size=Size.SMALL),
            submit="Record attendance",
        )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome to return to police",
        choices=DivertReferral.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome to return to police"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.radios("outcome", legend_size=Size.SMALL),
            submit="Return the outcome to police",
        )
