"""The version of the data that pages show, for caching them: every committed write raises it.

Pages cache their content under the version (in the database cache, so every app server
shares it); an import, a recomputation or an admin's edit raises the version and every cached
page is stale at once, without knowing which pages a change touched. The version itself is a
row of its own table (targets.models.DataVersion): a cache may cull any key, and a version that
fell back would serve pages cached before an edit. It is raised by an atomic increment in the
same transaction as the write, so it commits with the data: no reader, whatever server holds
the page cache, sees the new version before the new data, nor the new data under an old version
for longer than one render. Writers raise it last, after their own rows, so two writers that
meet never wait on each other in opposite orders.
"""

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from targets.models import DataVersion


def data_version() -> int:
    value = DataVersion.objects.filter(pk=1).values_list("value", flat=True).first()
    return value if value is not None else DataVersion.objects.get_or_create(pk=1)[0].value


def bump_data_version() -> None:
    """Raise the version by one, atomically, as part of the current transaction."""
    if not DataVersion.objects.filter(pk=1).update(value=F("value") + 1):
        DataVersion.objects.get_or_create(pk=1, defaults={"value": 2})


@receiver(post_save)
@receiver(post_delete)
def bump_on_edit(sender, **kwargs) -> None:
    """Saves one by one (the admin, get_or_create) bump the version; bulk writes bump it themselves.
    Migrations' historical models (module __fake__) are skipped, and so is the version itself."""
    if (
        sender._meta.app_label == "targets"
        and sender.__module__ != "__fake__"
        and sender is not DataVersion
        and not kwargs.get("raw")
    ):
        bump_data_version()
