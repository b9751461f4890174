"""Court forms (GOV.UK via crispy-forms-gds). They parse what was typed; what is required and
valid is decided by `court.services`, which the views ask."""

from __future__ import annotations

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import (
    Button,
    ConditionalQuestion,
    ConditionalRadios,
    Field,
    Size,
)
from django import forms

from core.forms import DateInputField, SubmitTokenForm, gds_helper
from core.validators import refusing_hidden_characters
from court.models import CourtOutcome, Misuse, Recommendation, ReportKind, SuitabilityReport
from organisations.models import ProviderService

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(label: str, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        empty_value=None,
        widget=forms.RadioSelect,
        required=False,
        help_text=help_text,
    )


def _date(label: str, **kwargs) -> DateInputField:
    return DateInputField(label=label, required=False, require_all_fields=False, **kwargs)


def _text(label: str, max_length: int = 120, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=max_length, **kwargs)


def _area(label: str, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": 4}), **kwargs
    )


class HearingFields(forms.Form):
    court = _text("Court", help_text="For example, Birmingham Magistrates' Court")
    hearing_date = _date("Hearing date", help_text="For example, 27 3 2027")
    report_deadline = _date("Report deadline", help_text="When probation need the report by")

    def hearing_layout(self):
        return (Field.text("court"), Field("hearing_date"), Field("report_deadline"))


class RequestForm(SubmitTokenForm, HearingFields):
    """Probation's request: who, which court, when."""

    given_name = refusing_hidden_characters(_text("Given name", max_length=100))
    family_name = refusing_hidden_characters(_text("Family name", max_length=100))
    date_of_birth = _date("Date of birth", help_text="For example, 31 3 1990")
    pnc_id = refusing_hidden_characters(_text("PNC ID (if known)", max_length=20))
    postcode = _text("Postcode (if known)", max_length=10)
    report_kind = forms.ChoiceField(
        label="Which kind of pre-sentence report do you need?",
        choices=ReportKind.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    notes = _area("Anything the service should know")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report_deadline"].help_text = (
            "Leave blank for the usual time for the kind of report, counted in working days "
            "from today. For example, 27 3 2027"
        )
        self.helper = gds_helper(
            Field.text("given_name", field_width=20),
            Field.text("family_name", field_width=20),
            Field("date_of_birth"),
            Field.text("pnc_id", field_width=20),
            Field.text("postcode", field_width=10),
            Field.text("court"),
            Field("hearing_date"),
            Field.radios("report_kind", legend_size=Size.SMALL),
            Field("report_deadline"),
            Field.textarea("notes"),
            submit="Request the report",
        )


class StartForm(SubmitTokenForm, HearingFields):
    """A worker starts a report from a custody contact."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(*self.hearing_layout(), submit="Start the report")


class ReportForm(forms.Form):
    """The report's content (the shared assessment is shown beside it, never asked again)."""

    misuse = forms.ChoiceField(
        label="Do they have a dependency on, or propensity to misuse, drugs or alcohol?",
        choices=Misuse.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    dependency_notes = _area("Dependency or propensity: what you found")
    requires_treatment = _yes_no("Do they require treatment?")
    susceptible_to_treatment = _yes_no("May they be susceptible to treatment?")
    treatment_available = _yes_no("Can treatment be arranged?")
    provider_service = forms.ModelChoiceField(
        label="Provider service",
        queryset=ProviderService.objects.select_related("local_authority").order_by("name"),
        required=False,
        empty_label="Choose a provider service",
    )
    treatment_start = _date("Treatment could start on")
    willing_to_comply = _yes_no("Are they willing to comply with the requirement?")
    willing_to_be_tested = _yes_no("Are they willing to be tested?", help_text="Required for a DRR")
    recommendation = forms.ChoiceField(
        label="Recommendation",
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    reasons = _area("Reasons for the recommendation")
    proposed_length_months = forms.IntegerField(
        label="Proposed length (months)", required=False, min_value=1, max_value=36
    )
    review_arrangements = _area(
        "Review arrangements", help_text="Needed for a DRR of more than 12 months"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.radios("misuse", legend_size=Size.SMALL),
            Field.textarea("dependency_notes"),
            Field.radios("requires_treatment", legend_size=Size.SMALL, inline=True),
            Field.radios("susceptible_to_treatment", legend_size=Size.SMALL, inline=True),
            Field.radios("treatment_available", legend_size=Size.SMALL, inline=True),
            Field.select("provider_service"),
            Field("treatment_start"),
            Field.radios("willing_to_comply", legend_size=Size.SMALL, inline=True),
            Field.radios("willing_to_be_tested", legend_size=Size.SMALL, inline=True),
            Field.radios("recommendation", legend_size=Size.SMALL),
            Field.textarea("reasons"),
            Field.text("proposed_length_months", field_width=3),
            Field.textarea("review_arrangements"),
            submit="Save the report",
        )

    @staticmethod
    def initial_from(report: SuitabilityReport) -> dict:
        initial = {}
        for name in SuitabilityReport.CONTENT:
            value = getattr(report, name)
            if isinstance(value, bool):
                value = "yes" if value else "no"
            elif hasattr(value, "timetuple"):
                value = [value.day, value.month, value.year]
            initial[name] = value
        return initial


class LinkForm(forms.Form):
    """Who a probation request is for: one of the people matching found, or someone new."""

    person = forms.ChoiceField(
        label="Who is this request for?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the person, or that this is someone new",
            "invalid_choice": "Select the person, or that this is someone new",
        },
    )

    def __init__(self, *args, candidates, typed_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            Choice(
                str(c.person.pk),
                f"{c.person.full_name}, born {c.person.date_of_birth:%-d %b %Y} "
                f"({c.person.reference})",
                hint="; ".join(c.reasons),
            )
            for c in candidates
        ]
        if choices:
            choices[-1].divider = "or"
        choices.append(Choice("new", f"None of these: add {typed_name} as a new person", hint=""))
        self.fields["person"].choices = choices
        self.helper = gds_helper(
            Field.radios("person", legend_size=Size.MEDIUM), submit="Confirm who this is"
        )


class SignOffForm(forms.Form):
    """MOJ's approve pattern: sign off, or send back to draft saying what must change (the
    service refuses a send-back without a reason)."""

    decision = forms.ChoiceField(
        label="Do you sign this report off?",
        choices=[("approve", "Yes, sign it off"), ("send_back", "No, send it back to draft")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you sign the report off"},
    )
    reason = forms.CharField(
        label="What must change before you can sign it off?",
        help_text="The writer sees this, and it stays in the report's history",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(self.fields["decision"].choices)
        self.helper = gds_helper(
            ConditionalRadios(
                "decision",
                labels["approve"],
                ConditionalQuestion(labels["send_back"], Field.textarea("reason", rows=4)),
            ),
            submit="Confirm",
        )


class CorrectForm(forms.Form):
    reason = forms.CharField(
        label="What is being corrected, and why?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.textarea("reason"), submit="Start a corrected version")
        # Two forms share the signed-off report's page: each button its own id.
        self.helper.layout.fields[-1] = Button("correct", "Start a corrected version")


class OutcomeForm(forms.Form):
    order = forms.ChoiceField(
        label="What did the court order?",
        choices=CourtOutcome.Order.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    length_months = forms.IntegerField(
        label="Length of the order (months)", required=False, min_value=1, max_value=36
    )
    start_date = _date("Order starts on")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.radios("order", legend_size=Size.SMALL),
            Field.text("length_months", field_width=3),
            Field("start_date"),
            submit="Record the outcome",
        )
        self.helper.layout.fields[-1] = Button("record_outcome", "Record the outcome")


class ReviewForm(forms.Form):
    test_results = _area("Test results")
    provider_view = _area("The provider's view")
    progress = _area("Progress on the order")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.textarea("test_results"),
            Field.textarea("provider_view"),
            Field.textarea("progress"),
            submit="Record the review",
        )
