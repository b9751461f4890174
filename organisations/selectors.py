"""Reading reference data that pages above show: the signposting directory."""

from __future__ import annotations

from dataclasses import dataclass

from organisations.models import LocalAuthority, SignpostService


@dataclass(frozen=True)
class SignpostGroup:
    kind: str
    label: str
    services: list[SignpostService]


def signposts_for(*, local_authority: LocalAuthority | None) -> list[SignpostGroup]:
    """The open signposting services of one local authority, grouped by kind in the directory's
    order (housing, homelessness, domestic abuse, liaison and diversion); [] for none."""
    if local_authority is None:
        return []
    services = SignpostService.objects.filter(local_authority=local_authority, active=True)
    by_kind: dict[str, list[SignpostService]] = {}
    for service in services.order_by("name"):
        by_kind.setdefault(service.kind, []).append(service)
    return [
        SignpostGroup(kind=kind, label=label, services=by_kind[kind])
        for kind, label in SignpostService.Kind.choices
        if kind in by_kind
    ]
