"""Double-submit protection for the forms that create a record.

Each such form carries a one-time token (a UUID rendered as `submit_token`). The first submit
claims it with an INSERT on its primary key; a second submit of the same page (a double click,
a retry after a timeout, the Back button) finds it claimed, and is given what the first made,
or told it is still being saved: it creates nothing twice. A submit whose form had errors
releases its claim, so the corrected form may be sent with the same token.

The claim is a row in the database (not the cache), so losing Redis loses no protection, and of
simultaneous submits exactly one wins the INSERT. The API's DIVERT referrals use their own
`Idempotency-Key`, which also replays the first answer (decision 0012).
"""

from __future__ import annotations

import datetime
import functools
import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone

from core.models import Submission

# Claims older than this are forgotten (a page left open longer gets a new token on reload).
KEEP_FOR = datetime.timedelta(days=1)
RESULT_LENGTH = Submission._meta.get_field("result").max_length


@dataclass(frozen=True)
class Claim:
    token: uuid.UUID | None  # None: the form carried no valid token (nothing to protect)
    first: bool  # this submit claimed the token
    result: str = ""  # what the first submit made, when this is a repeat and it has finished


def submission_claim(*, request, form: str) -> Claim:
    """Claim the POSTed form's token for this user (see the module's docstring)."""
    try:
        token = uuid.UUID(request.POST.get("submit_token", ""))
    except ValueError:
        return Claim(token=None, first=True)
    try:
        with transaction.atomic():
            Submission.objects.create(token=token, form=form, user=request.user)
    except IntegrityError:
        earlier = Submission.objects.filter(token=token, form=form, user=request.user).first()
        return Claim(token=token, first=False, result=earlier.result if earlier else "")
    return Claim(token=token, first=True)


def submission_done(claim: Claim, *, result: object) -> None:
    """The first submit made `result` (an id or reference): repeats are sent to it."""
    if claim.token is not None and claim.first:
        Submission.objects.filter(token=claim.token).update(result=str(result))


def submission_release(claim: Claim) -> None:
    """The first submit made nothing (its form had errors): the token may be used again."""
    if claim.token is not None and claim.first:
        Submission.objects.filter(token=claim.token, result="").delete()


def one_submission(form: str):
    """A view decorator for a create form: the POST's token is claimed before the view runs.

    The first submit runs the view; if it answers with a redirect (it made something), repeats
    of the same page are sent where it went; if it answers otherwise (the form had errors) or
    raises, the token is released for the corrected form. A repeat that arrives while the first
    is still saving is sent back to the page with a message, and creates nothing.
    """
    form_name = form

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method != "POST":
                return view(request, *args, **kwargs)
            claim = submission_claim(request=request, form=form_name)
            if not claim.first:
                if claim.result.startswith("/"):
                    return redirect(claim.result)
                messages.info(request, "That form has been sent already: it is being saved.")
                return redirect(request.get_full_path())
            try:
                response = view(request, *args, **kwargs)
            except BaseException:
                submission_release(claim)
                raise
            location = (
                response.get("Location", "") if response.status_code in (301, 302, 303) else ""
            )
            if location.startswith("/") and len(location) <= RESULT_LENGTH:
                submission_done(claim, result=location)
            elif location:
                submission_done(claim, result="made")
            else:
                submission_release(claim)
            return response

        return wrapper

    return decorate


def submissions_forget(*, now: datetime.datetime | None = None) -> int:
    """Delete claims older than KEEP_FOR (beat, nightly). Returns how many."""
    cutoff = (now or timezone.now()) - KEEP_FOR
    deleted, _ = Submission.objects.filter(claimed_at__lt=cutoff).delete()
    return deleted
