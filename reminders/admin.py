from django.contrib import admin

from audit.admin import AuditedReadsAdmin
from reminders.models import DrugAlert, Reminder


@admin.register(Reminder)
class ReminderAdmin(AuditedReadsAdmin):
    """Reminders are written by the services and the workers only: readable here, to see what
    failed and why; opening one is a read of the person it is about, and logged."""

    list_display = [
        "kind",
        "due_at",
        "state",
        "attempts",
        "sent_at",
        "person_reference",
        "last_error",
    ]
    list_filter = ["state", "kind"]
    readonly_fields = [f.name for f in Reminder._meta.fields]

    @admin.display(description="person")
    def person_reference(self, obj):
        return obj.person.reference if obj.person_id else ""

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DrugAlert)
class DrugAlertAdmin(admin.ModelAdmin):
    list_display = ["title", "local_authority", "published_at", "expires_at", "withdrawn_at"]
