"""`{{ user|who }}`: a member of staff as people name them, safe for records with no author
(brought over from another system, or made by the service itself)."""

from django import template

register = template.Library()


@register.filter
def who(user) -> str:
    if user is None:
        return "the system"
    return user.get_full_name() or user.username
