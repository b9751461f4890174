from reminders.selectors import drug_alerts_for


def drug_alerts(request) -> dict:
    """The drug alerts the signed-in worker has not acknowledged: a banner on every page."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"drug_alerts": []}
    return {"drug_alerts": drug_alerts_for(user=user)}
