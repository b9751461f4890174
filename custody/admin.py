from django.contrib import admin

from custody.models import OffenceCategory, TestedDrug


@admin.register(OffenceCategory)
class OffenceCategoryAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "is_trigger", "trigger_ends_with_vagrancy_act", "active"]
    list_filter = ["is_trigger", "active"]


@admin.register(TestedDrug)
class TestedDrugAdmin(admin.ModelAdmin):
    """The drugs a test looks for: a new one is a row here (SI 2023/784), no migration."""

    list_display = ["label", "code", "order", "active"]
    list_filter = ["active"]
