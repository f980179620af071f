import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create the demo admin from ADMIN_USERNAME (default admin) and ADMIN_PASSWORD, once."

    def handle(self, *args, **options):
        password = os.environ.get("ADMIN_PASSWORD", "")
        username = os.environ.get("ADMIN_USERNAME", "admin")
        if not password:
            raise CommandError("set ADMIN_PASSWORD to create the demo admin")
        users = get_user_model().objects
        if users.filter(username=username).exists():
            self.stdout.write(f"admin {username!r} exists already; left as it is")
            return
        users.create_superuser(username=username, email="", password=password)
        self.stdout.write(f"created admin {username!r}")
