"""Remember when each session began, so "sign out everywhere" can end the older ones."""

import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver


@receiver(user_logged_in)
def remember_sign_in_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session["signed_in_at"] = time.time()
