from django.contrib import admin

from people.models import Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["reference", "family_name", "given_name", "local_authority"]
    search_fields = ["reference", "family_name"]
    readonly_fields = ["reference", "created_at", "updated_at", "created_by", "updated_by"]
