"""Who may read the officials' pages: officials (targets.access.is_official)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from targets.access import is_official


def official_required(view):
    """Anonymous visitors go to the login page; other users without the group get 403."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_official(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
