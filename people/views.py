from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from audit.models import AccessLog
from audit.services import access_record
from custody.selectors import contacts_of_person
from people.selectors import person_get_for


@login_required
def person_detail(request, person_id):
    """A person's page: identity and their custody contacts. Audited."""
    person = person_get_for(user=request.user, person_id=person_id)
    contacts = contacts_of_person(person=person)
    access_record(request=request, action=AccessLog.Action.VIEW, records=[person])
    return render(request, "people/person_detail.html", {"person": person, "contacts": contacts})
