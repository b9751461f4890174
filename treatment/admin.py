from django.contrib import admin

from treatment.models import ClosureReason, DeclineReason, LocalAuthority, ProviderService


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "gss_code"]


@admin.register(ProviderService)
class ProviderServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "local_authority", "active"]


@admin.register(DeclineReason, ClosureReason)
class ReasonAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "requires_text", "active", "order"]
