from django.core.paginator import Paginator
from django.shortcuts import render

from accounts.access import Capability, requires
from audit.models import AccessLog
from audit.services import access_record
from people.selectors import people_for


@requires(Capability.TREATMENT_INBOX)
def inbox(request):
    """The provider's inbox. Until referrals arrive (issue 5) it lists the people who have
    consented to share their record with the worker's service."""
    services = request.user.provider_services.select_related("local_authority")
    shared = people_for(user=request.user).order_by("family_name", "given_name", "reference")
    page = Paginator(shared, 25).get_page(request.GET.get("page"))
    access_record(request=request, action=AccessLog.Action.LIST, records=list(page))
    return render(request, "treatment/inbox.html", {"services": services, "page": page})
