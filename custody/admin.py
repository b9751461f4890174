from django.contrib import admin

from custody.models import CustodySuite, OffenceCategory


@admin.register(CustodySuite)
class CustodySuiteAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "local_authority", "active"]


@admin.register(OffenceCategory)
class OffenceCategoryAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "is_trigger", "active"]
    list_filter = ["is_trigger", "active"]
