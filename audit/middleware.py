"""Access-log rows of a request that changes something are written when its answer is known."""

from django.contrib import messages

from audit.services import access_record_held


def _succeeded(request, response) -> bool:
    """Below 400, and no warning queued for the user: a page that refuses a change it cannot
    make (already accepted by someone else, not waiting for sign-off) redirects with a
    warning, and changed nothing."""
    if response.status_code >= 400:
        return False
    queued = getattr(getattr(request, "_messages", None), "_queued_messages", ())
    return not any(message.level >= messages.WARNING for message in queued)


class AccessLogChangesMiddleware:
    """A read recorded while handling a POST (or PUT, PATCH, DELETE) is logged as a change if
    it succeeded, else as the read it was (issue 21, docs/decisions/0023)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return self.get_response(request)
        request.access_log_held = []
        try:
            response = self.get_response(request)
        except BaseException:
            access_record_held(request=request, succeeded=False)
            raise
        access_record_held(request=request, succeeded=_succeeded(request, response))
        return response
