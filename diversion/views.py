from django.shortcuts import render

from accounts.access import Capability, requires


@requires(Capability.DIVERT_REFER)
def my_referrals(request):
    """An officer's own DIVERT referrals (the referral form arrives with the DIVERT issue)."""
    return render(request, "diversion/my_referrals.html")
