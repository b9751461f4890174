"""The append-only access log: who read or did what to which record, when, from where.

A PostgreSQL trigger (migration 0002) rejects UPDATE and DELETE on this table, so not even a
bug or a compromised application account can rewrite history.
"""

from django.conf import settings
from django.db import models


class AccessLog(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        LIST = "list", "Listed"
        CREATE = "create", "Created"
        CHANGE = "change", "Changed"
        EXPORT = "export", "Exported"
        API_READ = "api_read", "Read through the API"
        PRINT = "print", "Printed"
        MERGE = "merge", "Merged records"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # PROTECT: a user with a history cannot be deleted (deactivate instead).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    object_type = models.CharField(max_length=60)  # "people.person"
    object_id = models.CharField(max_length=64)
    # The person the record is about, so "who looked at this person" is one indexed query.
    person_id = models.UUIDField(null=True, blank=True)
    path = models.CharField(max_length=500, blank=True)  # never with a query string
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    # What else explains the entry, e.g. "people.personmerge:12" (never personal data).
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["person_id", "at"], name="accesslog_person_at_idx"),
            models.Index(fields=["user", "at"], name="accesslog_user_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.object_type}"
