"""Forms of the treatment handoff (GOV.UK Design System via crispy-forms-gds)."""

from __future__ import annotations

from crispy_forms_gds.layout import ConditionalQuestion, ConditionalRadios, Field, Size
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
from organisations.models import ProviderService
from treatment.models import Appointment, ClosureReason, DeclineReason, Referral

OUT_OF_AREA = "out_of_area"


class ReferralForm(forms.Form):
    """Refer a person: where to, from where, and since when (the continuity-of-care clock)."""

    destination = forms.ChoiceField(
        label="Which service are you referring them to?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the service to refer to"},
    )
    choice_reason = forms.CharField(
        label="If not the service where they live, why this one?",
        required=False,
        max_length=300,
        help_text="For example, they are moving to Coventry, or already know a worker there",
    )
    external_service = forms.CharField(
        label="Out of area: the service the referral pack is going to",
        required=False,
        max_length=200,
        help_text="For example, Change Grow Live Stoke-on-Trent",
    )
    consent_to_pack = forms.BooleanField(
        label="The person consents to their referral pack being sent to that service",
        required=False,
    )
    consent_given_now = forms.BooleanField(
        label="The person gives their informed consent to share their record with the service "
        "chosen above",
        help_text="Needed for a service marked 'no consent'",
        required=False,
    )
    source = forms.ChoiceField(
        label="Where are they coming from?",
        widget=forms.RadioSelect,
        choices=[
            (Referral.Source.CUSTODY, "Release from police custody"),
            (Referral.Source.PRISON, "Release from prison (HMP Birmingham)"),
            (Referral.Source.COMMUNITY, "Neither: they are in the community"),
        ],
        error_messages={"required": "Select where they are coming from"},
    )
    released_on = DateInputField(
        label="Date of release",
        required=False,
        require_all_fields=False,
        help_text="The continuity-of-care clock starts here. For example, 27 3 2026",
    )
    notes = forms.CharField(
        label="Anything the provider should know (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args, person, proposed, consented: set[int], fixed_source=False, **kw):
        super().__init__(*args, **kw)
        self.person = person
        choices = []
        services = ProviderService.objects.filter(active=True).select_related("local_authority")
        ordered = sorted(services, key=lambda s: (s != proposed, s.local_authority.name))
        for service in ordered:
            notes = []
            if service == proposed:
                notes.append("where they live")
            notes.append("consent to share given" if service.pk in consented else "no consent")
            label = f"{service.name}, {service.local_authority.name} ({'; '.join(notes)})"
            choices.append((str(service.pk), label))
        choices.append((OUT_OF_AREA, "Out of area: a service outside the seven local authorities"))
        self.fields["destination"].choices = choices
        if fixed_source:  # from a custody contact or a DIVERT case: the source is known
            del self.fields["source"]
        source_fields = [] if fixed_source else [Field.radios("source", legend_size=Size.SMALL)]
        # The out-of-area details only under "Out of area" (the service ignores them otherwise).
        self.helper = gds_helper(
            ConditionalRadios(
                "destination",
                *(
                    ConditionalQuestion(
                        label,
                        Field.text("external_service"),
                        Field.checkbox("consent_to_pack", small=True),
                    )
                    if value == OUT_OF_AREA
                    else label
                    for value, label in choices
                ),
            ),
            Field.checkbox("consent_given_now", small=True),
            Field.text("choice_reason"),
            *source_fields,
            Field("released_on"),
            Field.textarea("notes"),
            submit="Continue",
        )

    def clean(self):
        data = super().clean()
        destination = data.get("destination")
        data["out_of_area"] = destination == OUT_OF_AREA
        if not data["out_of_area"]:  # hidden under another answer: cleared, not kept
            data["external_service"], data["consent_to_pack"] = "", False
        data["provider_service"] = (
            ProviderService.objects.filter(pk=destination).first()
            if destination and destination != OUT_OF_AREA
            else None
        )
        return data


class _ReasonForm(forms.Form):
    """A reason code (radios) and, where the code needs them, words."""

    reasons = None  # the reason codes' model
    question = ""
    required_message = ""
    submit = ""
    small = False

    note = forms.CharField(
        label="More detail",
        required=False,
        max_length=500,
        help_text="Needed if the reason is Other",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "reason": forms.ModelChoiceField(
                label=self.question,
                queryset=self.reasons.objects.filter(active=True),
                widget=forms.RadioSelect,
                empty_label=None,
                to_field_name="code",
                error_messages={"required": self.required_message},
            ),
            "note": self.fields["note"],
        }
        self.helper = gds_helper(
            Field.radios("reason", legend_size=Size.SMALL, small=self.small),
            Field.textarea("note"),
            submit=self.submit,
        )


class DeclineForm(_ReasonForm):
    reasons = DeclineReason
    question = "Why are you declining the referral?"
    required_message = "Select why you are declining the referral"
    submit = "Decline the referral"


class CloseForm(_ReasonForm):
    reasons = ClosureReason
    question = "Why is the referral closing?"
    required_message = "Select why the referral is closing"
    submit = "Close the referral"
    small = True


class AppointmentForm(SubmitTokenForm):
    day = DateInputField(label="Date", require_all_fields=False)
    time = time_field("Time")
    location = forms.CharField(
        label="Where",
        max_length=200,
        error_messages={"required": "Enter where the appointment is"},
        help_text="For example, Aspire Hub, 12 Station Street",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].error_messages["required"] = "Enter the date of the appointment"
        self.fields["day"].error_messages["incomplete"] = (
            "Enter the date of the appointment with a day, month and year"
        )
        self.helper = gds_helper(
            Field("day"),
            Field.text("time", field_width=4),
            Field.text("location"),
            submit="Book the appointment",
        )

    def clean(self):
        data = super().clean()
        if data.get("day") and data.get("time"):
            data["starts_at"] = combine(data["day"], data["time"])
            if data["starts_at"].date() < timezone.localdate():
                self.add_error("day", "The appointment must be today or in the future")
        return data


class AttendanceForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Did they attend?",
        choices=Appointment.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether they attended"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.radios("outcome", legend_size=Size.SMALL, inline=True),
            submit="Record attendance",
        )


class InboxSearchForm(forms.Form):
    """The inbox's search: a referral's reference, or a name without a date of birth."""

    q = refusing_hidden_characters(
        forms.CharField(
            label="Search your referrals",
            help_text="A referral's reference (TR-) or the person's name",
            max_length=100,
            error_messages={
                "required": "Enter a referral's reference or the person's name",
                "max_length": "Search must be 100 characters or fewer",
            },
        )
    )

    def clean_q(self):
        value = " ".join(self.cleaned_data["q"].split())
        if not value:
            raise forms.ValidationError(self.fields["q"].error_messages["required"])
        return value
