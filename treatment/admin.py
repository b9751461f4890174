from django.contrib import admin

from treatment.models import ClosureReason, DeclineReason


class ReasonAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "requires_text", "active", "order"]


@admin.register(DeclineReason)
class DeclineReasonAdmin(ReasonAdmin):
    """The codes are the API's enum (DeclineReason.CODES, the published schema): a reason may
    be reworded, reordered and retired (`active`), never added, recoded or deleted here. A new
    code comes with a migration, the tuple and a regenerated schema (decision 0029)."""

    readonly_fields = ["code"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(ClosureReason, ReasonAdmin)
