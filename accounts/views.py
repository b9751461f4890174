"""Signing in and out, two-factor set-up and verification, password reset."""

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from accounts import forms
from accounts.access import start_url
from accounts.selectors import totp_device_confirmed
from accounts.services import (
    sessions_end_everywhere,
    totp_device_confirm,
    totp_device_start,
    totp_token_problem,
)
from core.http import posted


def home(request):
    """The service's front door: each role goes to its own start page."""
    if not request.user.is_authenticated:
        return redirect(settings.LOGIN_URL)
    return redirect(start_url(request.user))


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    form_class = forms.SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    pass


def _next_url(request) -> str:
    target = request.GET.get("next") or request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return start_url(request.user)


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Pair an authenticator app: scan the code (or type the key), then enter a code to confirm."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    device = totp_device_start(user=request.user)
    form = forms.TokenForm(posted(request), submit="Confirm and continue")
    if request.method == "POST" and form.is_valid():
        problem = totp_device_confirm(device=device, token=form.cleaned_data["token"])
        if problem is None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", problem)
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_data_uri": _qr_svg(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """Enter the code from the paired authenticator app."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    device = totp_device_confirmed(user=request.user)
    if device is None:
        return redirect("accounts:two_factor_setup")
    form = forms.TokenForm(posted(request))
    if request.method == "POST" and form.is_valid():
        problem = totp_token_problem(device=device, token=form.cleaned_data["token"])
        if problem is None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", problem)
    return render(request, "accounts/two_factor_verify.html", {"form": form})


@login_required
@require_http_methods(["POST"])
def sign_out_everywhere(request):
    """End this user's sessions on every device, this one included."""
    from django.contrib.auth import logout

    sessions_end_everywhere(user=request.user)
    logout(request)
    return redirect(settings.LOGIN_URL)


@login_required
def no_role(request):
    """Signed in, but no role yet: say so rather than show an empty service."""
    return render(request, "accounts/no_role.html")


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for an address and queues the e-mail for a worker, on commit: the same work for
    every address, known or not, so the answer's time says nothing about who has an account
    (issue 21). Django's view would look the address up and send the e-mail in the request."""

    template_name = "accounts/password_reset.html"
    form_class = forms.ResetRequestForm
    success_url = reverse_lazy("accounts:password_reset_sent")

    def form_valid(self, form):
        from functools import partial

        from django.db import transaction
        from django.http import HttpResponseRedirect

        from accounts.tasks import password_reset_send

        email = form.cleaned_data["email"]
        transaction.on_commit(partial(password_reset_send.delay, email=email))
        return HttpResponseRedirect(self.get_success_url())


password_reset = PasswordResetView.as_view()
password_reset_sent = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_sent.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    form_class=forms.NewPasswordForm,
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
