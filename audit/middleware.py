"""Access-log rows of a request that changes something are written when its answer is known."""

from audit.services import access_record_held


class AccessLogChangesMiddleware:
    """A read recorded while handling a POST (or PUT, PATCH, DELETE) is logged as a change if
    the answer says it succeeded (below 400), else as the read it was (issue 21)."""

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
        access_record_held(request=request, succeeded=response.status_code < 400)
        return response
