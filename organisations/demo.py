"""Demo signposting directory: each local authority's housing, homelessness, domestic abuse and
liaison-and-diversion services. Every name is invented; the numbers are Ofcom's drama numbers
(0113 496 0000-0999, 020 7946 0000-0999), which are never given to a real line, and the
websites are example.org's."""

from __future__ import annotations

from organisations.models import LocalAuthority, SignpostService

Kind = SignpostService.Kind

# (kind, name after the authority's, hours, notes)
_SERVICES = (
    (Kind.HOUSING, "Housing Options (demo)", "Monday to Friday, 9am to 5pm",
     "Ask for the duty housing officer; have their last address ready."),
    (Kind.HOMELESSNESS, "Homeless Persons Line (demo)", "24 hours, every day",
     "Released today with nowhere to stay: call before they leave the suite."),
    (Kind.DOMESTIC_ABUSE, "Safe Harbour Helpline (demo)", "24 hours, every day",
     "Refer with their consent; if a child is at risk, raise safeguarding too."),
    (Kind.LIAISON_DIVERSION, "Liaison and Diversion Team (demo)", "8am to 10pm, every day",
     "Based in the custody suite: ask the custody sergeant to call them in."),
)  # fmt: skip


def demo_signposts_ensure() -> int:
    """Put the demo directory in place (idempotent: updated by authority, kind and name).
    Returns how many services the directory holds."""
    number = 0
    for authority in LocalAuthority.objects.order_by("name"):
        for kind, name, hours, notes in _SERVICES:
            # Leeds drama numbers for the first 500, then London's: every one distinct.
            phone = f"0113 496 0{number:03d}" if number < 500 else f"020 7946 0{number - 500:03d}"
            number += 1
            SignpostService.objects.update_or_create(
                local_authority=authority,
                kind=kind,
                name=f"{authority.name} {name}",
                defaults={
                    "phone": phone,
                    "address": f"{number} Example Street, {authority.name}",
                    "website": f"https://{authority.slug}-{kind.replace('_', '-')}.example.org/",
                    "hours": hours,
                    "notes": notes,
                    "active": True,
                },
            )
    return SignpostService.objects.count()
