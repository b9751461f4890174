"""What every form of the service shares: the GOV.UK layout helper."""

import datetime
import re
import uuid

from crispy_forms_gds.fields import DateInputField as GdsDateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from crispy_forms_gds.widgets import DateInputWidget
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

# The years a date in this service can fall in: a date of birth, an arrest, an appointment.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100


class NumericDateInputWidget(DateInputWidget):
    """crispy-forms-gds's day, month and year boxes with `inputmode="numeric"`, as the GOV.UK
    Design System's date input has them: a phone shows its number keypad."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for part in self.widgets:
            part.attrs.update(inputmode="numeric")


class DateInputField(GdsDateInputField):
    """GOV.UK's date input (day, month, year boxes), with the Design System's error messages
    ("… must be a real date", "Year must include 4 numbers") for any numbers typed: never
    Python's words ("month must be in 1..12") and never an error page for a day of
    99999999999999999999. GOV.UK Design System, Date input: error messages."""

    widget = NumericDateInputWidget

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


# What a time field's hint says. People type times as they are said or written on a custody
# record: with or without the colon, with a full stop, with am or pm (TimeInputField).
TIME_HINT = "For example, 14:30 or 1430"
_TIME = re.compile(
    r"(?P<hours>[0-9]{1,2})(?:[:.]?(?P<minutes>[0-9]{2}))?(?P<half>am|pm|a\.m\.?|p\.m\.?)?",
    re.ASCII,
)


def parse_time(value: str, label: str) -> datetime.time | None:
    """A time of day as people type it, or None for nothing typed.

    14:30, 1430, 14.30 and 14 30 are 14:30; 9:30, 930 and 0930 are 09:30; 2pm, 2:30pm and
    2.30 p.m. are read on the 12-hour clock. Refused, with a message saying how to type it:
    24:00 and 2400 (midnight is 00:00, the start of the day the date names), 1460, hours alone
    on the 24-hour clock ("14": a time half typed), and 12am or 12pm with no minutes past, which
    people read both ways (say 00:00 or 12:00).
    """
    typed = re.sub(r"\s+", "", str(value or "")).lower()
    if not typed:
        return None
    example = f"Enter the {label} as hours and minutes, like 14:30 or 1430"
    match = _TIME.fullmatch(typed) if len(typed) <= 10 else None
    if not match:
        raise forms.ValidationError(example)
    hours, minutes = int(match["hours"]), int(match["minutes"] or 0)
    if match["half"]:
        if not 1 <= hours <= 12 or minutes > 59:
            raise forms.ValidationError(example)
        if hours == 12 and minutes == 0:
            raise forms.ValidationError(
                f"Enter the {label} as 12:00 for midday or 00:00 for midnight"
            )
        hours = hours % 12 + (12 if match["half"].startswith("p") else 0)
    elif match["minutes"] is None:
        raise forms.ValidationError(example)
    if hours == 24 and minutes == 0:
        raise forms.ValidationError("Enter midnight as 00:00")
    if hours > 23 or minutes > 59:
        raise forms.ValidationError(example)
    return datetime.time(hours, minutes)


class TimeInputField(forms.Field):
    """A time of day in one box (the service's only way to type a time), cleaned to a
    datetime.time by parse_time: a new time field cannot forget to parse, and every one takes
    the same ways of typing a time. `described_as` is how messages name it ("time of arrest").
    The numeric keypad on phones (inputmode), since hours and minutes are digits; the colon is
    optional, so none is needed."""

    widget = forms.TextInput

    def __init__(self, *, label: str, described_as: str | None = None, **kwargs):
        kwargs.setdefault("help_text", TIME_HINT)
        super().__init__(label=label, **kwargs)
        self.described_as = described_as or label.lower()
        self.error_messages["required"] = f"Enter the {self.described_as}"
        self.widget.attrs.update(inputmode="numeric", autocomplete="off", spellcheck="false")

    def to_python(self, value) -> datetime.time | None:
        if isinstance(value, datetime.time):
            return value
        return parse_time(value, self.described_as)

    def prepare_value(self, value):
        return f"{value:%H:%M}" if isinstance(value, datetime.time) else value


def time_field(
    label: str,
    *,
    required: bool = True,
    help_text: str = TIME_HINT,
    described_as: str | None = None,
) -> TimeInputField:
    return TimeInputField(
        label=label, required=required, help_text=help_text, described_as=described_as
    )


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


def assign_posted(request, *, team, current, assign):
    """The assignment page's form, and on a valid POST `assign(to)` (the app's own service):
    (form, the worker it was given to), or (form, None) to show the form again, with whatever
    the service refused as field errors."""
    from core.http import posted

    form = AssignForm(posted(request), team=team, initial={"assignee": current})
    if request.method == "POST" and form.is_valid():
        to = form.cleaned_data["assignee"]
        try:
            assign(to)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return form, to
    return form, None
