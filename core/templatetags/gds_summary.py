"""`{% for field_id, errors in field|summary_errors %}`: the error summary's links (our copy of
crispy-forms-gds's error summary, templates/gds/layout/error_summary.html).

GOV.UK Design System, Error summary: each link moves focus to the answer to fix; for a date
input that is the first box (the day) unless the error is about one box. crispy-forms-gds links
an error about the whole date to the date's own id, which no element has, so the link went
nowhere; here it goes to the day box (`…_0`)."""

from django import template

register = template.Library()


@register.filter
def summary_errors(bound_field):
    errors: dict[str, list] = {}
    seen = []
    subfields = getattr(bound_field.field, "fields", None)
    if subfields:
        for index, subfield in enumerate(subfields):
            own = list(getattr(subfield.widget, "errors", []) or [])
            if own:
                errors[f"{bound_field.auto_id}_{index}"] = own
                seen.extend(own)
    first = f"{bound_field.auto_id}_0" if subfields else bound_field.auto_id
    for error in bound_field.errors:
        if error not in seen:
            errors.setdefault(first, []).append(error)
    return errors.items()


@register.filter
def in_page_order(form):
    """The form's visible fields in the order its page shows them (its helper's layout), so
    the error summary lists problems in the order a person meets them on the page (GOV.UK
    Design System, Error summary), even where the form class declares them otherwise."""
    fields = list(form.visible_fields())
    layout = getattr(getattr(form, "helper", None), "layout", None)
    if layout is None:
        return fields
    order: dict[str, int] = {}
    for pointer in layout.get_field_names():
        order.setdefault(pointer.name, len(order))
    return sorted(fields, key=lambda field: order.get(field.name, len(order)))
