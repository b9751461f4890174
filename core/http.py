"""Small helpers shared by views."""


def posted(request):
    """A form's data when the request is a POST, even an empty one (so it shows its errors)."""
    return request.POST if request.method == "POST" else None
