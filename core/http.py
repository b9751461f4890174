"""Small helpers shared by views."""


def posted(request):
    """A form's data when the request is a POST, even an empty one (so it shows its errors)."""
    return request.POST if request.method == "POST" else None


def next_path(request, default: str) -> str:
    """Where to go back to: the page's `next` (a path of this service only, never another site
    and never something redirect() would take for a view's name), else `default`."""
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
