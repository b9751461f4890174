from crispy_forms_gds.layout import Field
from django import forms

from core.forms import DateInputField, gds_helper
from core.validators import refusing_hidden_characters


class AccessLogFilterForm(forms.Form):
    person_reference = refusing_hidden_characters(
        forms.CharField(
            label="Person's reference",
            required=False,
            max_length=20,
            help_text="Who looked at this person's record? For example, ARS-26-000123",
        )
    )
    username = forms.CharField(
        label="Username", required=False, max_length=150, help_text="What did this user look at?"
    )
    date_from = DateInputField(label="From", required=False, require_all_fields=False)
    date_to = DateInputField(label="To", required=False, require_all_fields=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.text("person_reference", field_width=10),
            Field.text("username", field_width=20),
            Field("date_from"),
            Field("date_to"),
            submit="Filter",
        )
        self.helper.form_method = "get"

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The 'to' date must be on or after the 'from' date")
        return data
