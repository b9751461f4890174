"""Sending a referral through its pages: the form, then "Send referral" on the check page."""

import re


def send_referral(client, form_url: str, data: dict):
    """The form with `data`; if it goes on to its check page, that page's "Send referral".
    The answer to the last POST (the form's, if it stayed on the form with errors)."""
    answered = client.post(form_url, data)
    if answered.status_code != 302 or not answered["Location"].endswith("/check/"):
        return answered
    page = client.get(answered["Location"]).content.decode()
    token = re.search(r'name="submit_token" value="([^"]+)"', page).group(1)
    return client.post(answered["Location"], {"submit_token": token})
