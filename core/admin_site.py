"""The Django admin's site: reference data and staff accounts only (issue 21).

No person-bearing model is registered (people, reminders and the access log have no admin).
One way remained for a person's name to reach an admin page: the confirmation page for
deleting reference data (a local authority, a custody suite) lists every record that refers to
it, each by its name, and a person is named by their name. Every ModelAdmin registered here
lists, instead, the objects chosen for deletion and a count of each kind of related record.
"""

from collections import Counter

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.text import capfirst


def _counted(formatted: list) -> list[str]:
    """["Person: Jane Doe", "Person: John Doe", ...] -> ["Person: 2"] (no names)."""
    kinds = Counter(str(entry).split(":", 1)[0] for entry in formatted)
    return [f"{kind}: {count}" for kind, count in sorted(kinds.items())]


def _flat(nested) -> list:
    for entry in nested:
        if isinstance(entry, list):
            yield from _flat(entry)
        else:
            yield entry


class CountsNotNamesOnDelete:
    def get_deleted_objects(self, objs, request):
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        chosen = [f"{capfirst(obj._meta.verbose_name)}: {obj}" for obj in objs]
        related = list(_flat(to_delete))[len(chosen) :]
        to_delete = [*chosen, _counted(related)] if related else chosen
        return to_delete, model_count, perms_needed, _counted(protected)


class ServiceAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, CountsNotNamesOnDelete):
            admin_class = type(admin_class.__name__, (CountsNotNamesOnDelete, admin_class), {})
        return super().register(model_or_iterable, admin_class, **options)


class ServiceAdminConfig(AdminConfig):
    default_site = "core.admin_site.ServiceAdminSite"
