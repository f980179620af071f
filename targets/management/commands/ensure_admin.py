import os

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, no_translations


class Command(BaseCommand):
    help = "Create the demo admin from ADMIN_USERNAME (default admin) and ADMIN_PASSWORD, once."

    # The validators' messages in English, like the rest of this command's output.
    @no_translations
    def handle(self, *args, **options):
        password = os.environ.get("ADMIN_PASSWORD", "")
        username = os.environ.get("ADMIN_USERNAME", "admin")
        if not password:
            raise CommandError("set ADMIN_PASSWORD to create the demo admin")
        users = get_user_model().objects
        if users.filter(username=username).exists():
            self.stdout.write(f"admin {username!r} exists already; left as it is")
            return
        check_password(password, get_user_model()(username=username))
        users.create_superuser(username=username, email="", password=password)
        self.stdout.write(f"created admin {username!r}")


def check_password(password: str, user) -> None:
    """The same rules (AUTH_PASSWORD_VALIDATORS) as the admin's password form."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise CommandError(f"ADMIN_PASSWORD is refused: {' '.join(error.messages)}") from error
