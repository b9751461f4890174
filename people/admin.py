from django.contrib import admin

from audit.admin import AuditedReadsAdmin, ReadOnlyAdmin
from people.models import ConsentToShare, Person, PersonAlias, PersonFlag, PersonMerge


class AliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 0
    fields = ["given_name", "family_name", "kind"]


@admin.register(Person)
class PersonAdmin(AuditedReadsAdmin):
    list_display = ["reference", "family_name", "given_name", "local_authority"]
    search_fields = ["reference", "family_name"]
    readonly_fields = ["reference", "created_at", "updated_at", "created_by", "updated_by"]
    inlines = [AliasInline]


@admin.register(ConsentToShare)
class ConsentAdmin(AuditedReadsAdmin):
    list_display = ["person", "recipient", "provider_service", "given_at", "withdrawn_at"]
    list_filter = ["recipient", "provider_service"]


@admin.register(PersonFlag)
class FlagAdmin(AuditedReadsAdmin):
    list_display = ["person", "kind", "created_at", "cleared_at"]


@admin.register(PersonMerge)
class MergeAdmin(ReadOnlyAdmin):
    """Merges are history: readable, never changed here."""

    list_display = ["merged_at", "removed_reference", "survivor", "merged_by", "reason"]
    readonly_fields = [f.name for f in PersonMerge._meta.fields]
