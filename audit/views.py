from django.core.paginator import Paginator
from django.shortcuts import render

from accounts.access import Capability, requires
from audit.selectors import access_log_for


@requires(Capability.AUDIT_VIEW)
def log(request):
    """Who looked at what: the newest entries of the access log."""
    page = Paginator(access_log_for(user=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"page": page})
