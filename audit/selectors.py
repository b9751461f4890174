"""Reading the access log (the data protection officer's view)."""

from django.db.models import QuerySet

from accounts.access import Capability, can
from audit.models import AccessLog


def access_log_for(*, user) -> QuerySet[AccessLog]:
    """The access log, newest first, for those allowed to read it; nothing for anyone else."""
    if not can(user, Capability.AUDIT_VIEW):
        return AccessLog.objects.none()
    return AccessLog.objects.select_related("user").order_by("-at", "-id")
