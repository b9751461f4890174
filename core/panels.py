"""Panels: what a page of a lower app shows of a higher app's records.

A page such as the person's page (in `people`) shows assessments, referrals and court reports,
which belong to apps above `people`. The lower app never imports them (docs/decisions/0017):
each higher app registers a loader for a named panel of a named page in its
`AppConfig.ready()`, and the page asks for whatever is registered.

    panel_register(page="person", name="referrals", load=lambda *, user, subject: ...)
    context.update(panels_load(page="person", user=request.user, subject=person).values)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Panel:
    page: str
    name: str  # the name the page's template knows it by
    load: Callable[..., object]  # called with user= and subject=; filters by the viewer
    audited: bool = False  # the value is a record the viewer now reads: the page logs it


@dataclass
class Loaded:
    values: dict[str, object] = field(default_factory=dict)
    audited: list = field(default_factory=list)  # records read through the panels


_PANELS: dict[tuple[str, str], Panel] = {}


def panel_register(
    *, page: str, name: str, load: Callable[..., object], audited: bool = False
) -> None:
    """Register (or replace) the panel `name` of `page`."""
    _PANELS[(page, name)] = Panel(page=page, name=name, load=load, audited=audited)


def panels_load(*, page: str, user, subject) -> Loaded:
    """Every panel registered for `page`, loaded for this viewer and subject."""
    loaded = Loaded()
    for (panel_page, name), panel in _PANELS.items():
        if panel_page != page:
            continue
        value = panel.load(user=user, subject=subject)
        loaded.values[name] = value
        if panel.audited and value is not None:
            loaded.audited.append(value)
    return loaded


def panels_registered(*, page: str) -> set[str]:
    return {name for panel_page, name in _PANELS if panel_page == page}
