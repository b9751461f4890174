"""The search box's one field (the header's and the results page's)."""

from crispy_forms_gds.layout import Field
from django import forms

from core.forms import gds_helper
from core.validators import refusing_hidden_characters

HINT = (
    "A name (no date of birth needed), a reference such as ARS-26-000123, TR-, CR- or DV-, "
    "a custody record number, a PNC ID or an NHS number"
)


class SearchForm(forms.Form):
    q = refusing_hidden_characters(
        forms.CharField(
            label="Search",
            help_text=HINT,
            max_length=100,
            error_messages={
                "required": "Enter a name, reference, custody record number, PNC ID or NHS number",
                "max_length": "Search must be 100 characters or fewer",
            },
        )
    )

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.text("q", field_width=20), submit="Search")
        self.helper.form_action = action
        self.helper.form_id = "search-form"

    def clean_q(self):
        value = " ".join(self.cleaned_data["q"].split())
        if not value:
            raise forms.ValidationError(self.fields["q"].error_messages["required"])
        return value
