from django.contrib import admin

from organisations.models import CustodySuite, LocalAuthority, Organisation, ProviderService


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "gss_code"]


@admin.register(ProviderService)
class ProviderServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "local_authority", "active"]


@admin.register(CustodySuite)
class CustodySuiteAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "local_authority", "arrest_referral_phone", "active"]
    fieldsets = [
        (None, {"fields": ["name", "code", "local_authority", "active"]}),
        (
            "The arrest referral team at this suite (printed on the written notice)",
            {"fields": ["arrest_referral_phone", "arrest_referral_address"]},
        ),
    ]
