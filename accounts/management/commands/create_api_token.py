"""Make an API token for a machine client's user: `manage.py create_api_token USERNAME`.

The token is printed once, now: only its hash is kept (django-rest-knox), so it can never be
shown again. It expires after API_TOKEN_DAYS (or --days). `--rotate` replaces every token the
user has with a new one; without it, a user who already has a live token is refused (its
token cannot be shown, and a second one would be forgotten, not rotated).
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.services import api_token_create, api_tokens_live, api_tokens_revoke


class Command(BaseCommand):
    help = "Make and print a new API token for USERNAME (shown once; --rotate replaces any)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--rotate", action="store_true", help="Revoke the user's tokens.")
        parser.add_argument("--days", type=int, help="Expiry in days (default API_TOKEN_DAYS).")

    def handle(self, *args, username, rotate, days, **options):
        try:
            user = get_user_model().objects.get(username=username, is_active=True)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No active user called {username!r}.") from None
        if days is not None and days < 1:
            raise CommandError("--days must be 1 or more.")
        with transaction.atomic():
            if rotate:
                api_tokens_revoke(user=user)
            elif api_tokens_live(user=user).exists():
                raise CommandError(
                    f"{username} already has an API token, which cannot be shown again. "
                    "Use --rotate to replace it with a new one."
                )
            record, token = api_token_create(user=user, days=days)
        self.stdout.write(token)
        self.stderr.write(
            f"Expires {record.expiry:%Y-%m-%d %H:%M} UTC. It will not be shown again."
        )
