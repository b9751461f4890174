from django.shortcuts import render

from accounts.access import Capability, requires
from audit.models import AccessLog
from audit.services import access_record
from custody.selectors import contacts_today_for, suite_workload_today


@requires(Capability.CUSTODY_TODAY)
def today(request):
    """Today at my suite: who has been booked in, who has been seen, who is still waiting."""
    suite = request.user.custody_suite
    contacts = list(contacts_today_for(user=request.user, suite=suite)) if suite else []
    access_record(
        request=request, action=AccessLog.Action.LIST, records=[c.person for c in contacts]
    )
    waiting = sum(1 for c in contacts if not c.is_seen)
    return render(
        request,
        "custody/today.html",
        {"suite": suite, "contacts": contacts, "waiting": waiting},
    )


@requires(Capability.TEAM_WORKLOAD)
def team(request):
    """The team leader's view of today across every suite."""
    return render(request, "custody/team.html", {"suites": suite_workload_today(user=request.user)})
