from django.contrib import admin

from custody.models import OffenceCategory


@admin.register(OffenceCategory)
class OffenceCategoryAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "is_trigger", "active"]
    list_filter = ["is_trigger", "active"]
