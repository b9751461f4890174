"""Finding, adding and looking after people's records. Every page that shows a person is audited."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import Capability, can, requires
from audit.models import AccessLog
from audit.services import access_record
from core.http import next_path, posted
from core.panels import panels_load
from core.submissions import (
    one_submission,
    submission_claim,
    submission_done,
    submission_release,
)
from organisations.selectors import signposts_for
from people import forms, services
from people import subject_access as exports
from people.by_name import by_name_page
from people.matching import find_matches
from people.models import ConsentToShare, Person, PersonFlag
from people.selectors import (
    live_consents,
    person_get_for,
    person_other_by_reference,
    person_timeline,
)


def _person_shown(request, person_id) -> Person:
    """The person this user may see (else 404), with the access logged: every page that shows
    a person's name is a read of their record."""
    person = person_get_for(user=request.user, person_id=person_id)
    access_record(request=request, action=AccessLog.Action.VIEW, records=[person])
    return person


@login_required
def person_detail(request, person_id):
    """A person's page. The team sees everything; a provider with consent sees the basics and
    the latest completed assessment only. Audited either way."""
    person = person_get_for(user=request.user, person_id=person_id)
    access_record(request=request, action=AccessLog.Action.VIEW, records=[person])
    # Assessments, referrals and court reports come from the apps above people, as panels
    # they register (core.panels): the latest completed assessment and the provider's own
    # referrals on the shared page; everything on the team's.
    if not can(request.user, Capability.PEOPLE_VIEW):
        panels = panels_load(page="person_shared", user=request.user, subject=person)
        if panels.audited:
            access_record(request=request, action=AccessLog.Action.VIEW, records=panels.audited)
        return render(request, "people/person_shared.html", {"person": person, **panels.values})
    panels = panels_load(page="person", user=request.user, subject=person)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "timeline": person_timeline(person=person, user=request.user),
            "consents": live_consents(person=person),
            "flags": person.flags.filter(cleared_at__isnull=True),
            "aliases": person.aliases.all(),
            "can_record": can(request.user, Capability.PEOPLE_RECORD),
            "can_refer": can(request.user, Capability.TREATMENT_REFER),
            # Housing, homelessness, domestic abuse and mental health services where they live.
            "signposts": signposts_for(local_authority=person.local_authority),
            **panels.values,
        },
    )


@requires(Capability.PEOPLE_RECORD)
@require_http_methods(["GET", "POST"])
def find(request):
    """Find the person before adding anyone: exact identifiers, then close names and dates.

    A POST, so names and dates of birth never appear in a URL (logs, history, referrers);
    the search is kept in the session to fill in the form if the worker adds the person.
    """
    form = forms.FindPersonForm(posted(request))
    candidates = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        request.session["person_search"] = {
            **{k: data[k] or "" for k in ("given_name", "family_name", "pnc_id", "nhs_number")},
            "date_of_birth": data["date_of_birth"].isoformat(),
        }
        candidates = find_matches(
            given_name=data["given_name"],
            family_name=data["family_name"],
            date_of_birth=data["date_of_birth"],
            pnc_id=data["pnc_id"],
            nhs_number=data["nhs_number"],
        )
        access_record(
            request=request,
            action=AccessLog.Action.LIST,
            records=[c.person for c in candidates],
        )
    return render(request, "people/find.html", {"form": form, "candidates": candidates})


def _initial_from_search(session) -> dict:
    search = session.get("person_search") or {}
    initial = {k: search.get(k, "") for k in ("given_name", "family_name", "pnc_id", "nhs_number")}
    if search.get("date_of_birth"):
        year, month, day = search["date_of_birth"].split("-")
        initial["date_of_birth"] = [day.lstrip("0"), month.lstrip("0"), year]
    return initial


@requires(Capability.PEOPLE_RECORD)
@require_http_methods(["GET", "POST"])
def add(request):
    """Add a person (after looking for them). A double submit gives back the same person."""
    if request.method == "POST":
        form = forms.PersonForm(request.POST)
        claim = submission_claim(request=request, form="person-add")
        if not claim.first:
            if claim.result:
                return redirect("people:detail", claim.result)
            # The first submit is still being saved: say so rather than create a second person.
            messages.info(
                request, "That person is being saved already. Check the list before adding again."
            )
            return redirect("people:find")
        if form.is_valid():
            request.session.pop("person_search", None)
            person = services.person_create(
                by=request.user, **services.person_fields(form.cleaned_data)
            )
            submission_done(claim, result=person.pk)
            routing_note = services.residence_note(person=person)
            messages.success(
                request, f"{person.full_name} added as {person.reference}. {routing_note}".strip()
            )
            return redirect("people:detail", person.pk)
        submission_release(claim)  # not saved: the same form may be sent again
    else:
        form = forms.PersonForm(initial=_initial_from_search(request.session))
    form.helper.form_tag = False  # the page's own form carries the one-time submit token
    return render(request, "people/add.html", {"form": form, "submit_token": uuid.uuid4()})


@requires(Capability.PEOPLE_RECORD)
@require_http_methods(["GET", "POST"])
def edit(request, person_id):
    person = person_get_for(user=request.user, person_id=person_id)
    if request.method == "POST":
        form = forms.PersonForm(request.POST)
        if form.is_valid():
            try:
                services.person_update(
                    person=person, by=request.user, **services.person_fields(form.cleaned_data)
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, "Details saved.")
                return redirect("people:detail", person.pk)
    else:
        initial = {
            f: getattr(person, f) for f in forms.PersonForm.base_fields if hasattr(person, f)
        }
        initial["local_authority"] = (
            person.local_authority if person.local_authority_override_reason else None
        )
        form = forms.PersonForm(initial=initial)
    access_record(request=request, action=AccessLog.Action.VIEW, records=[person])
    return render(request, "people/edit.html", {"form": form, "person": person})


@requires(Capability.PEOPLE_RECORD)
@require_http_methods(["GET", "POST"])
@one_submission("consent-add")
def consent_add(request, person_id):
    person = _person_shown(request, person_id)
    form = forms.ConsentForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.consent_give(
            person=person,
            recipient=form.cleaned_data["recipient"],
            provider_service=form.cleaned_data["provider_service"],
            by=request.user,
        )
        messages.success(request, "Consent recorded.")
        # Back where the worker came from (the referral being made), else the person's page.
        return redirect(next_path(request, reverse("people:detail", args=[person.pk])))
    return render(
        request,
        "people/consent_add.html",
        {"form": form, "person": person, "next": next_path(request, "")},
    )


@requires(Capability.PEOPLE_RECORD)
@require_http_methods(["GET", "POST"])
def consent_withdraw(request, person_id, consent_id):
    person = _person_shown(request, person_id)
    consent = get_object_or_404(
        ConsentToShare, pk=consent_id, person=person, withdrawn_at__isnull=True
    )
    form = forms.WithdrawConsentForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.consent_withdraw(
            consent=consent, by=request.user, reason=form.cleaned_data["reason"], request=request
        )
        messages.success(
            request,
            f"Consent to share with {consent} withdrawn. They can no longer see this record.",
        )
        return redirect("people:detail", person.pk)
    return render(
        request,
        "people/consent_withdraw.html",
        {"form": form, "person": person, "consent": consent},
    )


@requires(Capability.PEOPLE_RECORD)
@require_http_methods(["GET", "POST"])
def ndtms_consent(request, person_id):
    person = _person_shown(request, person_id)
    form = forms.NdtmsConsentForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.ndtms_consent_record(
            person=person, answer=form.cleaned_data["answer"], by=request.user
        )
        messages.success(request, "NDTMS consent saved.")
        return redirect("people:detail", person.pk)
    return render(request, "people/ndtms_consent.html", {"form": form, "person": person})


@requires(Capability.PEOPLE_RECORD)
@require_http_methods(["GET", "POST"])
def alias_add(request, person_id):
    """Another name the person uses or used: matching searches these too."""
    person = _person_shown(request, person_id)
    form = forms.AliasForm(posted(request))
    if request.method == "POST":
        claim = submission_claim(request=request, form="alias-add")
        if not claim.first:  # the same form again: added once
            return redirect("people:detail", person.pk)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "submit_token"}
        alias = services.person_alias_add(person=person, by=request.user, **data)
        submission_done(claim, result=getattr(alias, "pk", "added"))
        messages.success(request, "Name added.")
        return redirect("people:detail", person.pk)
    if request.method == "POST":
        submission_release(claim)
    return render(request, "people/alias_add.html", {"form": form, "person": person})


@requires(Capability.PEOPLE_RECORD)
@require_http_methods(["GET", "POST"])
def flag_add(request, person_id):
    person = _person_shown(request, person_id)
    form = forms.FlagForm(posted(request))
    if request.method == "POST":
        claim = submission_claim(request=request, form="flag-add")
        if not claim.first:  # the same form again: raised once
            return redirect("people:detail", person.pk)
    if request.method == "POST" and form.is_valid():
        flag = services.flag_raise(
            person=person,
            kind=form.cleaned_data["kind"],
            note=form.cleaned_data["note"],
            by=request.user,
        )
        submission_done(claim, result=flag.pk)
        return redirect("people:detail", person.pk)
    if request.method == "POST":
        submission_release(claim)
    return render(request, "people/flag_add.html", {"form": form, "person": person})


@requires(Capability.PEOPLE_RECORD)
@require_POST
def flag_clear(request, person_id, flag_id):
    person = _person_shown(request, person_id)
    flag = get_object_or_404(PersonFlag, pk=flag_id, person=person, cleared_at__isnull=True)
    services.flag_clear(flag=flag, by=request.user)
    return redirect("people:detail", person.pk)


@requires(Capability.PEOPLE_RECORD)
@require_http_methods(["GET", "POST"])
def merge(request, person_id):
    """Merge another record into this one: choose it, compare the two, confirm with a reason."""
    survivor = _person_shown(request, person_id)
    choose = forms.MergeChooseForm(request.GET if "other_reference" in request.GET else None)
    other = None
    if request.GET and choose.is_valid():
        other = person_other_by_reference(
            user=request.user, reference=choose.cleaned_data["other_reference"], besides=survivor
        )
        if other is None:
            choose.add_error("other_reference", "No other record has that reference")
    if other is None:
        return render(request, "people/merge_choose.html", {"form": choose, "person": survivor})
    confirm = forms.MergeConfirmForm(posted(request))
    if request.method == "POST" and confirm.is_valid():
        try:
            services.person_merge(
                survivor=survivor,
                removed=other,
                by=request.user,
                reason=confirm.cleaned_data["reason"],
            )
        except ValidationError as exc:
            confirm.add_error(None, exc.messages)
        else:
            messages.success(request, f"{other.reference} merged into {survivor.reference}.")
            return redirect("people:detail", survivor.pk)
    access_record(request=request, action=AccessLog.Action.VIEW, records=[other])
    return render(
        request,
        "people/merge_confirm.html",
        {
            "form": confirm,
            "person": survivor,
            "other": other,
            "query": urlencode({"other_reference": other.reference}),
        },
    )


# --- Subject access (administrators) -------------------------------------------------------------


@requires(Capability.SUBJECT_ACCESS)
@require_http_methods(["GET", "POST"])
def subject_access(request):
    """Name the person by reference (a POST: nothing about them goes into a URL's query)."""
    form = forms.SubjectAccessForm(posted(request))
    if request.method == "POST" and form.is_valid():
        return redirect("people:subject_access_person", person_id=form.person.pk)
    by_name = forms.PersonByNameForm()
    by_name.helper.form_action = reverse("people:subject_access_by_name")
    return render(request, "people/subject_access.html", {"form": form, "by_name": by_name})


@requires(Capability.SUBJECT_ACCESS)
@require_http_methods(["GET", "POST"])
def subject_access_by_name(request):
    """Find the person by name and date of birth (a POST, logged: see people.by_name)."""
    return by_name_page(
        request,
        purpose="subject access",
        heading="Subject access: find the person",
        back=(reverse("people:subject_access"), "Back to subject access"),
        link=lambda person: reverse("people:subject_access_person", args=[person.pk]),
    )


@requires(Capability.SUBJECT_ACCESS)
def subject_access_person(request, person_id):
    """What is held about the person, kind by kind, with the two downloads."""
    person = exports.person_for_subject_access(user=request.user, person_id=person_id)
    access_record(request=request, action=AccessLog.Action.VIEW, records=[person])
    return render(
        request,
        "people/subject_access_person.html",
        {"person": person, "sections": exports.subject_access_sections(person=person)},
    )


def _download(response, person, extension: str):
    stamp = timezone.localtime().strftime("%Y%m%d")
    name = f"subject-access-{person.reference}-{stamp}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@requires(Capability.SUBJECT_ACCESS)
def subject_access_json(request, person_id):
    """Everything held about the person as JSON. The export is written to the access log."""
    person = exports.person_for_subject_access(user=request.user, person_id=person_id)
    data = exports.subject_access_json(person=person)
    access_record(request=request, action=AccessLog.Action.EXPORT, records=[person])
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    return _download(response, person, "json")


@requires(Capability.SUBJECT_ACCESS)
def subject_access_pdf(request, person_id):
    """Everything held about the person as a readable PDF. Written to the access log."""
    person = exports.person_for_subject_access(user=request.user, person_id=person_id)
    pdf = exports.subject_access_pdf(person=person)
    access_record(request=request, action=AccessLog.Action.EXPORT, records=[person])
    return _download(HttpResponse(pdf, content_type="application/pdf"), person, "pdf")
