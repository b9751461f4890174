"""Addresses with a NUL character (%00) in them.

No page of the service has one, and PostgreSQL refuses NUL in text: looking up a reference
that holds one failed with an error page (500). A path with a NUL answers "not found", like
any other address that is not a page; a query string with one is a bad request (400)."""

from django.core.exceptions import BadRequest
from django.http import Http404


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
