from django import forms
from django.contrib import admin

from organisations.models import (
    CustodySuite,
    LocalAuthority,
    Organisation,
    ProviderService,
    SignpostService,
)


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


SIGNPOST_FIELDS = [
    "local_authority",
    "kind",
    "name",
    "phone",
    "address",
    "website",
    "hours",
    "notes",
    "active",
]


class SignpostServiceForm(forms.ModelForm):
    website = forms.URLField(
        required=False, assume_scheme="https", help_text="For example, https://example.org/"
    )

    class Meta:
        model = SignpostService
        fields = SIGNPOST_FIELDS


@admin.register(SignpostService)
class SignpostServiceAdmin(admin.ModelAdmin):
    """The signposting directory: each authority's housing, homelessness, domestic abuse and
    liaison-and-diversion services, shown to workers for the person's own authority."""

    form = SignpostServiceForm
    list_display = ["name", "kind", "local_authority", "phone", "active", "updated_at"]
    list_filter = ["local_authority", "kind", "active"]
    search_fields = ["name", "phone", "notes"]
    fields = SIGNPOST_FIELDS
