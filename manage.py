#!/usr/bin/env python
import os
import sys


def load_settings() -> None:
    """Load the settings before Django does, so that a missing setting (DJANGO_SECRET_KEY in
    production) stops the command with one line instead of a traceback."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.INSTALLED_APPS  # noqa: B018 (the first access imports the settings module)
    except ImproperlyConfigured as error:
        sys.exit(f"error: {error}")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heze_targets.settings")
    load_settings()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
