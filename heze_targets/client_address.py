"""The address a request came from, for django-axes' lockouts (AXES_CLIENT_IP_CALLABLE)."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or behind DJANGO_TRUSTED_PROXY_COUNT proxies the address the outermost one
    saw. Each proxy appends its caller to X-Forwarded-For, so that address is the count-th from
    the right; anything left of it was written by the client and can be forged."""
    remote_addr = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote_addr
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < count or not is_address(forwarded[-count]):
        # Not through every proxy, or a proxy set up wrongly: the peer is all we know.
        return remote_addr
    return forwarded[-count]


def is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
