from django.shortcuts import render

from accounts.access import Capability, requires


@requires(Capability.COURT_REQUESTS)
def my_requests(request):
    """A probation officer's suitability-assessment requests and finished reports."""
    return render(request, "court/my_requests.html")
