"""The version of the data that pages show, for caching them: any write bumps it.

Pages cache their content under the version (in the database cache, so every app server
shares it); an import, a recomputation or an admin's edit bumps the version and every cached
page is stale at once, without knowing which pages a change touched.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

KEY = "data-version"


def data_version() -> int:
    return cache.get_or_set(KEY, 1, timeout=None)


def bump_data_version() -> None:
    cache.set(KEY, data_version() + 1, timeout=None)


@receiver(post_save)
@receiver(post_delete)
def bump_on_edit(sender, **kwargs) -> None:
    """Saves one by one (the admin, get_or_create) bump the version; bulk writes bump it themselves.
    Migrations' historical models (module __fake__) run before the cache table exists: skipped."""
    if sender._meta.app_label == "targets" and sender.__module__ != "__fake__" and not kwargs.get("raw"):
        bump_data_version()
