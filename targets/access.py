"""Who may read the officials' pages: members of the officials group, and staff."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def is_official(user) -> bool:
    return user.is_active and (user.is_staff or user.groups.filter(name=settings.OFFICIALS_GROUP).exists())


def official_required(view):
    """Anonymous visitors go to the login page; other users without the group get 403."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_official(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
