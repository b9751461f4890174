from django.contrib import admin

from reminders.models import DrugAlert

# Reminders are about a person: not in the Django admin (issue 21), only on the service's pages.


@admin.register(DrugAlert)
class DrugAlertAdmin(admin.ModelAdmin):
    list_display = ["title", "local_authority", "published_at", "expires_at", "withdrawn_at"]
