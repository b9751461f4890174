"""Forms of the reminders app (GOV.UK Design System via crispy-forms-gds)."""

import datetime

from crispy_forms_gds.layout import Field
from django import forms
from django.utils import timezone

from core.forms import DateInputField, gds_helper
from organisations.models import LocalAuthority

ALERT_LONGEST_DAYS = 90


class DrugAlertForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=120,
        help_text="For example, “Synthetic opioids found in heroin sold in Coventry”",
        error_messages={"required": "Enter a title"},
    )
    text = forms.CharField(
        label="What workers need to know",
        max_length=2000,
        widget=forms.Textarea,
        help_text="What has been found, the signs of an overdose to look out for, what to do",
        error_messages={"required": "Enter what workers need to know"},
    )
    local_authority = forms.ModelChoiceField(
        label="Area",
        queryset=LocalAuthority.objects.all(),
        required=False,
        empty_label="All seven local authorities",
    )
    show_until = DateInputField(
        label="Show until",
        help_text="The alert stops showing at the end of this day. For example, 27 3 2027",
        require_all_fields=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["show_until"].error_messages["required"] = "Enter the last day to show it"
        self.fields["show_until"].error_messages["incomplete"] = (
            "Enter the last day to show it with a day, month and year"
        )
        self.helper = gds_helper(
            Field.text("title"),
            Field.textarea("text", rows=6, max_characters=2000),
            Field.select("local_authority"),
            Field("show_until"),
            submit="Continue",
        )

    def clean_show_until(self):
        day = self.cleaned_data["show_until"]
        today = timezone.localdate()
        if day < today:
            raise forms.ValidationError("The last day to show it must be today or later")
        if day > today + datetime.timedelta(days=ALERT_LONGEST_DAYS):
            raise forms.ValidationError(
                f"An alert can show for {ALERT_LONGEST_DAYS} days at most: publish it again then"
            )
        return day

    @property
    def expires_at(self) -> datetime.datetime:
        """The end of the last day, in the service's time zone."""
        day = self.cleaned_data["show_until"] + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class TaskDoneForm(forms.Form):
    """Mark a task done, with a note of what was done (required for a safeguarding task)."""

    note = forms.CharField(
        label="What was done",
        max_length=200,
        required=False,
        widget=forms.Textarea,
        help_text="For example, who was told, and what was agreed",
    )

    def __init__(self, *args, reminder, **kwargs):
        super().__init__(*args, **kwargs)
        self.reminder = reminder
        if reminder.needs_note:
            self.fields["note"].required = True
            self.fields["note"].error_messages["required"] = (
                "Say what was done about the safeguarding concern"
            )
        else:
            self.fields["note"].label = "What was done (optional)"
        # Where the worker came from (My tasks or Team tasks), to go back there. "from" is a
        # keyword, so the field is added here rather than declared.
        self.fields["from"] = forms.ChoiceField(
            choices=[("mine", "mine"), ("team", "team")], required=False, widget=forms.HiddenInput
        )
        self.helper = gds_helper(
            Field.textarea("note", rows=4, max_characters=200), submit="Mark as done"
        )
