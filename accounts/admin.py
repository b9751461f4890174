from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import User


@admin.register(User)
class StaffAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "organisation", "is_active"]
    list_filter = ["role", "organisation", "is_active"]
    fieldsets = (
        *UserAdmin.fieldsets,
        (
            "Role and workplace",
            {
                "fields": [
                    "role",
                    "organisation",
                    "custody_suite",
                    "provider_services",
                    "collar_number",
                ]
            },
        ),
    )
