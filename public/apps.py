from django.apps import AppConfig


class PublicConfig(AppConfig):
    """The public transparency site: what anyone may read, the published periods."""

    name = "public"
