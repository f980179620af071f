from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "targets"
    verbose_name = _("责任目标")

    def ready(self) -> None:
        from targets import (
            cache,  # noqa: F401 connects the signals that bump the data version
            search,  # noqa: F401 connects those that keep the search index
        )
