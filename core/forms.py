"""What every form of the service shares: the GOV.UK layout helper."""

import datetime
import re
import uuid

from crispy_forms_gds.fields import DateInputField as GdsDateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

# The years a date in this service can fall in: a date of birth, an arrest, an appointment.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100


class DateInputField(GdsDateInputField):
    """GOV.UK's date input (day, month, year boxes), with the Design System's error messages
    ("… must be a real date", "Year must include 4 numbers") for any numbers typed: never
    Python's words ("month must be in 1..12") and never an error page for a day of
    99999999999999999999. GOV.UK Design System, Date input: error messages."""

    def compress(self, data_list):
        day, month, year = ("" if part is None else str(part).strip() for part in data_list)
        if not (day and month and year):
            return None
        label = str(self.label or "The date")
        if len(year) != 4:
            raise ValidationError("Year must include 4 numbers", code="invalid")
        if len(day) > 2 or len(month) > 2:
            raise ValidationError(f"{label} must be a real date", code="invalid")
        try:
            value = datetime.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise ValidationError(f"{label} must be a real date", code="invalid") from None
        if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            raise ValidationError(
                f"{label} must be between {EARLIEST_YEAR} and {LATEST_YEAR}", code="invalid"
            )
        return value


class SubmitTokenForm(forms.Form):
    """A create form's one-time token (core.submissions): a hidden field, rendered by every
    gds_helper form, so that a double click, a retry or Back creates nothing twice."""

    submit_token = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)

    def clean(self):
        # The token is the view's business (core.submissions), not the service's: a view that
        # passes **cleaned_data on never sends it.
        cleaned = super().clean()
        cleaned.pop("submit_token", None)
        return cleaned


def gds_helper(*fields, submit: str) -> FormHelper:
    """A crispy-forms-gds helper: the fields in order, then one primary button.

    `novalidate` is the GOV.UK pattern: the server validates and shows the error summary, so
    the browser's own messages (inconsistent, and not read out well) never appear.
    """
    helper = FormHelper()
    helper.attrs = {"novalidate": ""}
    helper.render_hidden_fields = True  # e.g. SubmitTokenForm's token, outside the layout
    helper.layout = Layout(*fields, Button("submit", submit))
    return helper


def time_field(
    label: str, *, required: bool = True, help_text: str = "For example, 14:30"
) -> forms.CharField:
    field = forms.CharField(label=label, max_length=5, required=required, help_text=help_text)
    field.error_messages["required"] = f"Enter the {label.lower()}"
    field.widget.attrs.update(inputmode="numeric", autocomplete="off", spellcheck="false")
    return field


def parse_time(value: str, label: str) -> datetime.time | None:
    value = (value or "").strip().replace(".", ":")
    if not value:
        return None
    match = re.fullmatch(r"([01]?\d|2[0-3]):?([0-5]\d)", value)
    if not match:
        raise forms.ValidationError(f"Enter the {label} as hours and minutes, like 14:30")
    return datetime.time(int(match.group(1)), int(match.group(2)))


def combine(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def add_service_errors(form, error, *, only=None, renamed=None) -> None:
    """A service's ValidationError onto the form that called it: each message by its field
    (`renamed` maps a service's field to the form's), unknown fields as form-wide errors;
    `only` keeps the errors of those fields and drops the rest (a form of several screens)."""
    for field, messages in error.message_dict.items():
        if only is not None and field not in only:
            continue
        target = (renamed or {}).get(field, field)
        form.add_error(target if target in form.fields else None, messages)


class AssignForm(forms.Form):
    """Give a record (a custody contact, a task) to one of `team`: a worker of the team leader's
    team, from accounts.selectors.team_workers."""

    assignee = forms.ModelChoiceField(
        label="Give it to",
        queryset=None,
        empty_label="Choose a worker",
        error_messages={
            "required": "Choose a worker of your team",
            "invalid_choice": "Choose a worker of your team",
        },
    )

    def __init__(self, *args, team, submit: str = "Give it to them", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = team
        self.fields["assignee"].label_from_instance = lambda user: (
            user.get_full_name() or user.username
        )
        self.helper = gds_helper(Field.select("assignee"), submit=submit)
