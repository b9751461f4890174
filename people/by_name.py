"""The administrator's look-up by name and date of birth (subject access and the access log).

The data protection officer is asked about a person by name, not by our reference. The look-up
is exact (case and spaces aside, another name the person is known by included), never the
custody worker's similarity search, and every search and every person it shows is logged.
"""

from __future__ import annotations

from collections.abc import Callable

from django.shortcuts import redirect, render

from audit.models import AccessLog
from audit.services import access_record
from core.http import posted
from people.forms import PersonByNameForm
from people.models import Person


def by_name_page(
    request, *, purpose: str, heading: str, back: tuple[str, str], link: Callable[[Person], str]
):
    """GET: the form. POST: one match goes straight to `link(person)`; several are listed to
    choose from; none re-displays the form saying so."""
    form = PersonByNameForm(posted(request))
    form.helper.form_action = request.path
    matches = None
    if request.method == "POST" and form.is_valid():
        matches = form.matches()
        access_record(
            request=request,
            action=AccessLog.Action.LIST,
            records=[request.user],
            detail=f"{purpose}: look-up by name and date of birth, {len(matches)} found",
        )
        access_record(
            request=request,
            action=AccessLog.Action.LIST,
            records=matches,
            detail=f"{purpose}: found by name and date of birth",
        )
        if len(matches) == 1:
            return redirect(link(matches[0]))
        if not matches:
            form.add_error(None, "No one on record has this name and date of birth")
    return render(
        request,
        "people/by_name.html",
        {
            "form": form,
            "heading": heading,
            "back": back,
            "matches": [(person, link(person)) for person in matches or ()],
        },
    )
