from django import template

register = template.Library()


@register.filter
def yes_no(value) -> str:
    """A yes/no answer as it reads in a report ("Not answered" when it was left)."""
    return {True: "Yes", False: "No"}.get(value, "Not answered")
