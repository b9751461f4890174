from django.shortcuts import render

from accounts.access import Capability, requires


@requires(Capability.TREATMENT_INBOX)
def inbox(request):
    """The provider's referral inbox (referrals arrive with the provider handoff issue)."""
    services = request.user.provider_services.select_related("local_authority")
    return render(request, "treatment/inbox.html", {"services": services})
