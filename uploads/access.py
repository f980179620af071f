"""Who may upload: importers (the `importers` group, or superusers), each for the organisations he
follows as an official (dashboard.access.organisation_page)."""

from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied

from dashboard.access import organisation_page


def is_importer(user) -> bool:
    """Kept on the user for the request, as targets.access.is_official is."""
    if not hasattr(user, "_is_importer"):
        user._is_importer = user.is_active and (
            user.is_superuser or user.groups.filter(name=settings.IMPORTERS_GROUP).exists()
        )
    return user._is_importer


def importer_page(view):
    """An upload page of one organisation: officials who are not importers get 403."""

    @wraps(view)
    def checked(request, organisation, *args, **kwargs):
        if not is_importer(request.user):
            raise PermissionDenied
        return view(request, organisation, *args, **kwargs)

    return organisation_page(checked)
