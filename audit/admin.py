from django.contrib import admin

from audit.models import AccessLog


class ReadOnlyAdmin(admin.ModelAdmin):
    """History that is read, never added, changed or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The access log is not in the Django admin (issue 21): the data protection officer reads it at
# /audit/ (dpo), which is itself logged. The admin holds only reference data and staff accounts.


class AuditedReadsAdmin(admin.ModelAdmin):
    """For models holding personal data: opening a record in the admin is a read, and logged."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        from audit.services import access_record

        response = super().change_view(request, object_id, form_url, extra_context)
        obj = self.get_object(request, object_id)
        if obj is not None and response.status_code == 200:
            access_record(request=request, action=AccessLog.Action.VIEW, records=[obj])
        return response

    def changelist_view(self, request, extra_context=None):
        from audit.services import access_record

        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None:  # None when the admin redirected or refused
            access_record(
                request=request, action=AccessLog.Action.LIST, records=changelist.result_list
            )
        return response
