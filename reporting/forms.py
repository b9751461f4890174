"""The period of the OPCC's dashboard (months) and of the team's NDTMS extract (days)."""

from __future__ import annotations

import datetime

from crispy_forms_gds.layout import Field
from django import forms
from django.utils import timezone

from core.forms import DateInputField, gds_helper
from reporting.selectors import Period

# Ten years of data and then some: a longer period is not one anyone reads as a chart.
LONGEST_PERIOD_MONTHS = 15 * 12


class PeriodForm(forms.Form):
    """From a month to a month (GOV.UK date input without the day: the figures are monthly)."""

    from_month = forms.IntegerField(required=False)
    from_year = forms.IntegerField(required=False)
    to_month = forms.IntegerField(required=False)
    to_year = forms.IntegerField(required=False)

    def __init__(self, data=None, *, period: Period | None = None):
        if data is not None and not any(data.get(name) for name in self.base_fields):
            data = None  # nothing chosen: the default period, not an error
        period = period or Period.default()
        initial = {
            "from_month": period.first.month,
            "from_year": period.first.year,
            "to_month": period.last.month,
            "to_year": period.last.year,
        }
        super().__init__(data, initial=initial)

    @staticmethod
    def _month(month, year) -> datetime.date | str:
        if month is None and year is None:
            return "Enter a month and year"
        if month is None:
            return "Enter the month, as a number from 1 to 12"
        if year is None:
            return "Enter the year, like 2025"
        if not 1 <= month <= 12:
            return "The month must be a number from 1 to 12"
        if not 2000 <= year <= timezone.localdate().year:
            return f"The year must be between 2000 and {timezone.localdate().year}"
        return datetime.date(year, month, 1)

    def clean(self):
        data = super().clean()
        first = self._month(data.get("from_month"), data.get("from_year"))
        last = self._month(data.get("to_month"), data.get("to_year"))
        if isinstance(first, str):
            self.add_error("from_month", f"Start of the period: {first[0].lower()}{first[1:]}")
        if isinstance(last, str):
            self.add_error("to_month", f"End of the period: {last[0].lower()}{last[1:]}")
        if self.errors:
            return data
        if last < first:
            self.add_error(
                "to_month", "The end of the period must be the same as or after the start"
            )
        elif len(Period(first, last).months) > LONGEST_PERIOD_MONTHS:
            self.add_error("to_month", "Choose a period of 15 years or less")
        else:
            data["period"] = Period(first, last)
        return data

    @property
    def shown(self) -> dict:
        """What each input shows: what was typed, or the period's month or year."""
        if self.is_bound:
            return {name: self.data.get(name, "") for name in self.fields}
        return dict(self.initial)


class NdtmsExtractForm(forms.Form):
    """The days whose custody contacts and referrals go into the NDTMS extract."""

    date_from = DateInputField(label="From", require_all_fields=False)
    date_to = DateInputField(label="To", require_all_fields=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date_from"].error_messages["required"] = "Enter the first day of the extract"
        self.fields["date_to"].error_messages["required"] = "Enter the last day of the extract"
        self.fields["date_from"].help_text = "For example, 1 4 2025"
        self.fields["date_to"].help_text = "For example, 31 3 2026 (this day is included)"
        self.helper = gds_helper(
            Field("date_from"), Field("date_to"), submit="Download the extract (CSV)"
        )

    def clean(self):
        data = super().clean()
        first, last = data.get("date_from"), data.get("date_to")
        if first and last and last < first:
            self.add_error("date_to", "The last day must be the same as or after the first day")
        if last and last > timezone.localdate():
            self.add_error("date_to", "The last day must be today or in the past")
        return data
