"""Answers kept between a form and its check-your-answers page.

A form whose sending cannot be undone (a treatment referral, a drug alert) goes first to a page
that shows the answers back, with a Change link for each; only that page's button sends. The
answers in between are kept in the user's session on the server, as posted, under the form's
own address: never in a URL (they can hold personal data), and never in the database as a
half-made record. Back or a Change link opens the form filled in as it was typed; sending, or
the session's end (sign-out, idle timeout), forgets them.
"""

from __future__ import annotations

from django.http import QueryDict
from django.utils import timezone

SESSION_KEY = "check_answers"
MAX_DRAFTS = 5  # a few forms open at once (tabs) at most: the oldest go
NOT_KEPT = ("csrfmiddlewaretoken", "submit_token")


def draft_keep(request, key: str) -> None:
    """Keep the POSTed form as typed, under `key` (the form page's path)."""
    drafts = request.session.setdefault(SESSION_KEY, {})
    drafts[key] = {
        "posted": {n: v for n, v in request.POST.lists() if n not in NOT_KEPT},
        "at": timezone.now().isoformat(),
    }
    for old in sorted(drafts, key=lambda k: drafts[k].get("at", ""))[:-MAX_DRAFTS]:
        drafts.pop(old)
    request.session.modified = True


def draft_posted(request, key: str) -> QueryDict | None:
    """The form as it was typed (to bind a form to), or None if nothing is kept."""
    saved = request.session.get(SESSION_KEY, {}).get(key)
    if not saved:
        return None
    data = QueryDict(mutable=True)
    for name, values in saved["posted"].items():
        data.setlist(name, values)
    return data


def draft_forget(request, key: str) -> None:
    """The answers were sent (or abandoned): forget them."""
    drafts = request.session.get(SESSION_KEY, {})
    if drafts.pop(key, None) is not None:
        request.session.modified = True
