"""A view that changes what it reads: its access-log rows are written when its answer is known."""

from functools import wraps

from django.contrib import messages

from audit.services import access_record_held

_SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def _succeeded(request, response) -> bool:
    """Below 400, and no warning queued for the user: a page that refuses a change it cannot
    make (already accepted by someone else, not waiting for sign-off) redirects with a
    warning, and changed nothing."""
    if response.status_code >= 400:
        return False
    queued = getattr(getattr(request, "_messages", None), "_queued_messages", ())
    return not any(message.level >= messages.WARNING for message in queued)


def logged_as_change(view):
    """For a view whose POST (PUT, PATCH, DELETE) changes the records it reads (accepting a
    referral, booking): the reads it logs are held until its answer, then logged as a change
    if it succeeded, else as the reads they were (issue 21, docs/decisions/0023). A POST that
    only reads (a search) is not decorated, and its reads stay reads."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method in _SAFE_METHODS:
            return view(request, *args, **kwargs)
        request.access_log_held = []
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            access_record_held(request=request, succeeded=False)
            raise
        access_record_held(request=request, succeeded=_succeeded(request, response))
        return response

    return wrapped
