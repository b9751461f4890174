from django.shortcuts import render

from accounts.access import Capability, requires
from reporting.selectors import detainees_by_local_authority


@requires(Capability.REPORTING_DASHBOARD)
def dashboard(request):
    """The OPCC's dashboard: aggregates only, small numbers suppressed."""
    rows = detainees_by_local_authority(user=request.user)
    return render(request, "reporting/dashboard.html", {"rows": rows})
