from django.contrib import admin

from treatment.models import ClosureReason, DeclineReason


@admin.register(DeclineReason, ClosureReason)
class ReasonAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "requires_text", "active", "order"]
