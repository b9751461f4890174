"""The search box in every page's header (docs/decisions/0031).

A POST, never a query string: names and identifiers stay out of URLs, server logs, browser
history and referrers (CONVENTIONS.md). One result of an exact search (a reference, custody
record number, PNC ID or NHS number) goes straight to its record; anything else, the results.
"""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts.access import Capability, requires
from audit.models import AccessLog
from audit.services import access_record
from core.http import posted
from search.forms import SearchForm
from search.query import EXACT
from search.selectors import search_for


@requires(Capability.SEARCH)
@require_http_methods(["GET", "POST"])
def search(request):
    """GET: the search page. POST: what the viewer may see that matches, logged."""
    form = SearchForm(posted(request), action=reverse("search:search"))
    found = None
    if request.method == "POST" and form.is_valid():
        found = search_for(user=request.user, text=form.cleaned_data["q"])
        # The search itself: its kind and how many were found, never what was typed (a name
        # or an identifier is personal data; the log would then hold it about anyone typed).
        access_record(
            request=request,
            action=AccessLog.Action.LIST,
            records=[request.user],
            detail=f"search: {found.query.kind}, {len(found.results)} found",
        )
        access_record(
            request=request,
            action=AccessLog.Action.LIST,
            records=[r.record for r in found.results if r.record is not None],
            detail="search: found",
        )
        if found.query.kind in EXACT and len(found.results) == 1:
            return redirect(found.results[0].url)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "search/search.html", {"form": form, "found": found}, status=status)
