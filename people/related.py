"""Every kind of row that is about a person, found through the model graph.

Retention (people.retention) and subject access (people.subject_access) must cover every
table that holds something about a person, including tables that later features add
(treatment referrals, DIVERT cases, court orders) without anyone remembering to list them.
So, like person_merge, they do not keep a list: they walk the foreign keys that point at
Person, then the foreign keys that point at those rows (a drug test points at a custody
contact, which points at the person), and so on.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.db import models

from people.models import Person

# Deep enough for person ← contact ← required assessment ← police notification, and a level
# more; a chain longer than this would be a sign the model needs a direct person key.
MAX_DEPTH = 5


@dataclass(frozen=True)
class Related:
    """A model whose rows are about a person, and the lookups from it to the person."""

    model: type[models.Model]
    to_person: tuple[str, ...]  # e.g. ("contact__person",) for a drug test

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def condition(self, person) -> models.Q:
        """Rows about `person` (a Person, or an OuterRef to one)."""
        condition = models.Q()
        for path in self.to_person:
            condition |= models.Q(**{path: person})
        return condition

    def rows_for(self, person: Person) -> models.QuerySet:
        rows = self.model._base_manager.filter(self.condition(person))
        return rows.distinct() if len(self.to_person) > 1 else rows


@cache
def related_to_person() -> tuple[Related, ...]:
    """Every model that points at Person, directly or through other rows, nearest first.

    Foreign keys and one-to-one keys only (as person_merge): a many-to-many to a person would
    be a shared row, not the person's own. A model reached by two paths (a referral that points
    at the person and at their custody contact) keeps both, and is walked on from the first;
    self-references (an assessment's earlier version) are not followed.
    """
    found: dict[type[models.Model], list[str]] = {}
    frontier: list[tuple[type[models.Model], str, tuple]] = [(Person, "", (Person,))]
    for _depth in range(MAX_DEPTH):
        next_frontier = []
        for model, path, seen in frontier:
            for relation in model._meta.related_objects:
                if not (relation.one_to_many or relation.one_to_one):
                    continue
                child = relation.related_model
                if child in seen:
                    continue
                to_person = relation.field.name + (f"__{path}" if path else "")
                if child in found:
                    found[child].append(to_person)
                    continue
                found[child] = [to_person]
                next_frontier.append((child, to_person, (*seen, child)))
        frontier = next_frontier
    return tuple(Related(model=model, to_person=tuple(paths)) for model, paths in found.items())


def activity_fields(model: type[models.Model]) -> list[str]:
    """The fields that say when a row was created or changed: auto_now / auto_now_add."""
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateTimeField)
        and (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))
    ]
