"""Sign-in lockout by account and by client address (docs/decisions/0004 and 0022).

django-axes counts failures per lockout parameter (here the account, and the client address)
but has one limit for all. Five failures lock an account; an address takes
LOGIN_ADDRESS_FAILURE_LIMIT failures, on any accounts, so one worker's typos never lock a
custody suite that shares one outgoing address, while password spraying from it meets a limit.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum


def client_address(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind PROXY_COUNT proxies of ours, the entry
    the outermost of them appended to X-Forwarded-For (what a client sends there is untrusted)."""
    proxies = settings.PROXY_COUNT
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


class AccountAndAddressHandler(AxesDatabaseHandler):
    """AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]: the account's failures against
    AXES_FAILURE_LIMIT, the address's against LOGIN_ADDRESS_FAILURE_LIMIT."""

    def get_failures(self, request, credentials=None) -> int:
        by_account, by_address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if by_address >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(by_account, get_failure_limit(request, credentials))
        return by_account

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A sign-in forgives its own account's failures only, not others' from its address:
        someone holding one real account cannot clear the address's count by signing in."""
        by_account = self.filter_user_attempts(request, credentials)[0]
        count, _ = by_account.delete()
        return count
