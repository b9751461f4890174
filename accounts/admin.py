from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from knox.models import AuthToken

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


# API tokens (django-rest-knox): the admin lists them by hash, owner and expiry, and may revoke
# one (delete). It never makes one: `manage.py create_api_token` does, with an expiry, and shows
# the token once (docs/decisions/0022).
admin.site.unregister(AuthToken)


@admin.register(AuthToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["token_key", "user", "created", "expiry"]
    search_fields = ["user__username"]
    readonly_fields = ["token_key", "user", "created", "expiry"]
    exclude = ["digest"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
