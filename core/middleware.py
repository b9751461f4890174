"""Addresses with a NUL character (%00) in them.

No page of the service has one, and PostgreSQL refuses NUL in text: looking up a reference
that holds one failed with an error page (500). A path with a NUL answers "not found", like
any other address that is not a page; a query string with one is a bad request (400)."""

from django.core.exceptions import BadRequest
from django.http import Http404
from django.utils.cache import add_never_cache_headers


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            raise Http404
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                raise BadRequest("A NUL character in the address")
        return self.get_response(request)


class NoStoreForSignedInMiddleware:
    """`Cache-Control: no-store` on every answer to a signed-in user or an API client (issue 21).

    A custody suite's PC is shared: whatever a browser keeps on disk (a person's page, a CSV, a
    PDF, an API answer) the next person at the keyboard can open. Nothing a signed-in user is
    shown is kept; static files (served before this, by WhiteNoise) and public pages still are.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # After the view: DRF sets request.user for a token-authenticated API client by then.
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or "HTTP_AUTHORIZATION" in request.META:
            add_never_cache_headers(response)  # no-store, no-cache, must-revalidate, private
        return response
