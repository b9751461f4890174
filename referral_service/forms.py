"""What every form of the service shares: the GOV.UK layout helper."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout


def gds_helper(*fields, submit: str) -> FormHelper:
    """A crispy-forms-gds helper: the fields in order, then one primary button.

    `novalidate` is the GOV.UK pattern: the server validates and shows the error summary, so
    the browser's own messages (inconsistent, and not read out well) never appear.
    """
    helper = FormHelper()
    helper.attrs = {"novalidate": ""}
    helper.layout = Layout(*fields, Button("submit", submit))
    return helper
