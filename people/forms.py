"""Forms for finding, adding and managing people (GOV.UK Design System via crispy-forms-gds)."""

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

from core.forms import DateInputField, SubmitTokenForm, gds_helper
from core.validators import refusing_hidden_characters
from organisations.models import LocalAuthority, ProviderService
from people.identifiers import normalise_nhs_number, normalise_pnc_id
from people.models import ConsentToShare, Ethnicity, GenderIdentity, NdtmsConsent, Sex
from people.services import nhs_number_error, pnc_id_error


def date_of_birth_field() -> DateInputField:
    field = DateInputField(
        label="Date of birth", help_text="For example, 27 3 1990", require_all_fields=False
    )
    field.error_messages["required"] = "Enter the date of birth"
    field.error_messages["incomplete"] = "Enter the date of birth with a day, month and year"
    return field


def given_name_field(*, required: bool = False) -> forms.CharField:
    """A given name: never with hidden characters (core.validators)."""
    return refusing_hidden_characters(
        forms.CharField(
            label="Given name",
            max_length=100,
            required=required,
            error_messages={"required": "Enter the given name"},
        )
    )


def family_name_field() -> forms.CharField:
    """A family name (always asked for): never with hidden characters (core.validators)."""
    return refusing_hidden_characters(
        forms.CharField(
            label="Family name",
            max_length=100,
            error_messages={"required": "Enter the family name"},
        )
    )


class IdentifiersMixin:
    def clean_pnc_id(self):
        value = (self.cleaned_data.get("pnc_id") or "").strip()
        if not value:
            return None
        normalised = normalise_pnc_id(value)
        if normalised is None:
            raise forms.ValidationError(pnc_id_error(value))
        return normalised

    def clean_nhs_number(self):
        value = (self.cleaned_data.get("nhs_number") or "").strip()
        if not value:
            return None
        normalised = normalise_nhs_number(value)
        if normalised is None:
            raise forms.ValidationError(nhs_number_error(value))
        return normalised

    def clean_date_of_birth(self):
        value = self.cleaned_data.get("date_of_birth")
        if value and value > timezone.localdate():
            raise forms.ValidationError("Date of birth must be in the past")
        if value and value.year < 1900:
            raise forms.ValidationError("Enter a date of birth after 1900")
        return value


class FindPersonForm(IdentifiersMixin, forms.Form):
    """What a worker knows about the person: enough to find them before adding anyone."""

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
    nhs_number = forms.CharField(label="NHS number (if known)", required=False, max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, autocomplete in (("given_name", "off"), ("family_name", "off")):
            self.fields[name].widget.attrs.update(autocomplete=autocomplete, spellcheck="false")
        self.fields["nhs_number"].widget.attrs.update(inputmode="numeric")
        self.helper = gds_helper(
            Field.text("given_name", field_width=20),
            Field.text("family_name", field_width=20),
            Field("date_of_birth"),
            Field.text("pnc_id", field_width=10),
            Field.text("nhs_number", field_width=10),
            submit="Find",
        )


class PersonForm(IdentifiersMixin, forms.Form):
    """Adding a person (after matching found nobody) or correcting their details."""

    given_name = given_name_field(required=True)
    family_name = family_name_field()
    date_of_birth = date_of_birth_field()
    sex = forms.ChoiceField(
        label="Sex", choices=Sex.choices, widget=forms.RadioSelect, required=False
    )
    gender_identity = forms.ChoiceField(
        label="Gender", choices=GenderIdentity.choices, widget=forms.RadioSelect, required=False
    )
    ethnicity = forms.ChoiceField(
        label="Ethnicity", choices=[("", "Not recorded"), *Ethnicity.choices], required=False
    )
    preferred_language = forms.CharField(
        label="Preferred language", max_length=60, required=False, initial="English"
    )
    interpreter_needed = forms.BooleanField(label="Needs an interpreter", required=False)
    phone = forms.CharField(label="Contact phone", max_length=30, required=False)
    contact_by_sms = forms.BooleanField(
        label="Consent to be sent text message reminders",
        help_text="Appointment reminders by text to the contact phone. Ask the person first; "
        "they can change their mind at any time",
        required=False,
    )
    address = forms.CharField(label="Address", widget=forms.Textarea, required=False)
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    local_authority = forms.ModelChoiceField(
        label="Local authority of residence",
        queryset=LocalAuthority.objects.all(),
        required=False,
        empty_label="Found from the postcode",
        help_text="Leave this to the postcode unless you know better, and say why below",
    )
    local_authority_override_reason = forms.CharField(
        label="Why a different local authority", max_length=300, required=False
    )
    out_of_area = forms.BooleanField(
        label="Lives outside the seven West Midlands local authorities", required=False
    )
    home_area = forms.CharField(label="Home area (if out of area)", max_length=100, required=False)
    pnc_id = refusing_hidden_characters(
        forms.CharField(
            label="PNC ID", required=False, max_length=20, help_text="For example, 12/1234567A"
        )
    )
    nhs_number = forms.CharField(label="NHS number", required=False, max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.attrs.update(inputmode="tel", autocomplete="off")
        self.fields["postcode"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.helper = gds_helper(
            Fieldset(
                Field.text("given_name", field_width=20),
                Field.text("family_name", field_width=20),
                Field("date_of_birth"),
                legend="Name and date of birth",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("sex", legend_size=Size.SMALL, small=True),
                Field.radios("gender_identity", legend_size=Size.SMALL, small=True),
                Field.select("ethnicity"),
                Field.text("preferred_language", field_width=20),
                Field.checkbox("interpreter_needed", small=True),
                legend="About the person",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("phone", field_width=20),
                Field.checkbox("contact_by_sms", small=True),
                Field.textarea("address", rows=3),
                Field.text("postcode", field_width=10),
                Field.select("local_authority"),
                Field.text("local_authority_override_reason"),
                Field.checkbox("out_of_area", small=True),
                Field.text("home_area", field_width=20),
                legend="Contact and where they live",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("pnc_id", field_width=10),
                Field.text("nhs_number", field_width=10),
                legend="Identifiers",
                legend_size=Size.MEDIUM,
            ),
            submit="Save",
        )

    def clean(self):
        data = super().clean()
        if (
            data.get("local_authority")
            and not (data.get("local_authority_override_reason") or "").strip()
        ):
            self.add_error(
                "local_authority_override_reason",
                "Say why the local authority differs from the postcode's",
            )
        if data.get("out_of_area") and data.get("local_authority"):
            self.add_error(
                "out_of_area", "A person out of area has no West Midlands local authority"
            )
        if data.get("contact_by_sms") and not (data.get("phone") or "").strip():
            self.add_error("phone", "Enter a mobile number to send text message reminders to")
        if data.get("out_of_area") and not (data.get("home_area") or "").strip():
            self.add_error("home_area", "Enter the home area of a person who lives out of area")
        return data


class ConsentForm(SubmitTokenForm):
    recipient = forms.ChoiceField(
        label="Who may see the person's record?",
        choices=ConsentToShare.Recipient.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the person consents to share with"},
    )
    provider_service = forms.ModelChoiceField(
        label="Provider service",
        queryset=ProviderService.objects.filter(active=True),
        required=False,
        empty_label="Choose a provider service",
    )
    confirm = forms.BooleanField(
        label="The person has given informed consent to share their record with this recipient",
        error_messages={"required": "Confirm that the person has given consent"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Which provider service, only under "A treatment provider service" (clean() clears it
        # for any other recipient).
        self.helper = gds_helper(
            ConditionalRadios(
                "recipient",
                *(
                    ConditionalQuestion(label, Field.select("provider_service"))
                    if value == ConsentToShare.Recipient.PROVIDER_SERVICE
                    else label
                    for value, label in ConsentToShare.Recipient.choices
                ),
            ),
            Field.checkbox("confirm", small=True),
            submit="Record consent",
        )

    def clean(self):
        data = super().clean()
        if data.get("recipient") == ConsentToShare.Recipient.PROVIDER_SERVICE:
            if not data.get("provider_service"):
                self.add_error("provider_service", "Choose the provider service")
        else:
            data["provider_service"] = None
        return data


class WithdrawConsentForm(forms.Form):
    reason = forms.CharField(label="Reason (optional)", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.text("reason"), submit="Withdraw consent")
        self.helper.layout[-1] = Button(
            "submit", "Withdraw consent", css_class="govuk-button--warning"
        )


class NdtmsConsentForm(forms.Form):
    answer = forms.ChoiceField(
        label=(
            "Does the person consent to their information going to the National Drug "
            "Treatment Monitoring System?"
        ),
        choices=[(NdtmsConsent.YES, "Yes"), (NdtmsConsent.NO, "No")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes or no"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.radios("answer", legend_size=Size.SMALL, inline=True), submit="Save"
        )


class MergeChooseForm(forms.Form):
    other_reference = refusing_hidden_characters(
        forms.CharField(
            label="Reference of the other record",
            help_text=(
                "For example, ARS-26-000123. The other record will be merged into this one "
                "and removed."
            ),
            max_length=20,
            error_messages={"required": "Enter the reference of the other record"},
        )
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.text("other_reference", field_width=10), submit="Compare the records"
        )
        self.helper.form_method = "get"


class MergeConfirmForm(forms.Form):
    reason = forms.CharField(
        label="Why are these the same person?",
        widget=forms.Textarea,
        max_length=500,
        error_messages={"required": "Say why these records are the same person"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.textarea("reason", rows=3), submit="Merge the records")


class AliasForm(SubmitTokenForm):
    from people.models import PersonAlias as _Alias

    given_name = given_name_field()
    family_name = family_name_field()
    kind = forms.ChoiceField(
        label="What kind of name is it?",
        choices=[
            (_Alias.Kind.ALIAS, "An alias they use"),
            (_Alias.Kind.PREVIOUS, "A previous name"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of name it is"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.text("given_name", field_width=20),
            Field.text("family_name", field_width=20),
            Field.radios("kind", legend_size=Size.SMALL),
            submit="Add the name",
        )


class FlagForm(SubmitTokenForm):
    from people.models import PersonFlag as _Flag

    kind = forms.ChoiceField(
        label="Flag",
        choices=_Flag.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of flag"},
    )
    note = forms.CharField(label="Note", max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.radios("kind", legend_size=Size.SMALL), Field.text("note"), submit="Raise flag"
        )


class SubjectAccessForm(forms.Form):
    """The administrator names the person by reference (as on the access log)."""

    reference = forms.CharField(
        label="Person's reference",
        max_length=20,
        help_text="For example, ARS-26-000123",
        error_messages={"required": "Enter the person's reference"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reference"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.helper = gds_helper(Field.text("reference", field_width=10), submit="Continue")

    def clean_reference(self):
        from people.subject_access import person_by_reference

        person = person_by_reference(self.cleaned_data["reference"])
        if person is None:
            raise forms.ValidationError("No one on record has this reference")
        self.person = person
        return self.cleaned_data["reference"].strip().upper()


class PersonByNameForm(forms.Form):
    """The administrator names the person by name and date of birth (subject access, access
    log): an exact match, case and spaces aside, on their name or another name they are known by."""

    given_name = given_name_field(required=True)
    family_name = family_name_field()
    date_of_birth = date_of_birth_field()

    def __init__(self, *args, submit: str = "Find", **kwargs):
        kwargs.setdefault("prefix", "byname")  # beside the reference form on the same page
        super().__init__(*args, **kwargs)
        for name in ("given_name", "family_name"):
            self.fields[name].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.helper = gds_helper(
            Field.text("given_name", field_width=20),
            Field.text("family_name", field_width=20),
            Field("date_of_birth"),
            submit=submit,
        )
        # Beside another form on the page: its own button name, so its own id.
        self.helper.layout.fields[-1] = Button("find_by_name", submit)

    def matches(self) -> list:
        from people.selectors import people_by_name_and_birth

        return people_by_name_and_birth(**self.cleaned_data)
