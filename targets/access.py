"""Who is an official: members of the officials group, and staff. Officials see every period;
everyone else only the published ones (the querysets' `visible_to`)."""

from django.conf import settings


def is_official(user) -> bool:
    """Asked by the access check and again by every `visible_to` of the request: the answer is
    kept on the user object (as Django keeps permissions), so it costs one query a request."""
    if not hasattr(user, "_is_official"):
        user._is_official = user.is_active and (
            user.is_staff or user.groups.filter(name=settings.OFFICIALS_GROUP).exists()
        )
    return user._is_official
