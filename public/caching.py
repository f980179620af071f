"""Public pages whole, cached: they carry nothing that differs per visitor (no session, no CSRF
token, the language in the address), so one copy serves everyone. A copy is kept in the
database cache (shared by every app server) under the address, the language and the data
version (targets.cache) of the organisations the page reads; every change to their data (an
import, publishing, a rollback, an admin edit, a unit merge) raises the version, so a page is
never older than the last write. The ETag is that key: a browser that revalidates gets a 304
without the page being read again."""

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

from heze_targets.release import release
from targets.models import DataVersion

# Seconds a browser or proxy may reuse a page before revalidating it (a 304 when unchanged).
BROWSER_SECONDS = 60


def versions_of(organisations) -> str:
    """The data versions of `organisations` (ids), or of all of them when None, in one query."""
    rows = DataVersion.objects.order_by("organisation_id")
    if organisations is not None:
        rows = rows.filter(organisation_id__in=organisations)
    return ",".join(f"{pk}:{value}" for pk, value in rows.values_list("organisation_id", "value"))


def page_etag(request: HttpRequest, versions: str) -> str:
    key = f"{request.get_full_path()}|{get_language()}|{versions}|{settings.STATIC_URL}|{release()}"
    return '"' + hashlib.blake2b(key.encode(), digest_size=16).hexdigest() + '"'


def whole_page(
    request: HttpRequest, organisations: list[int] | None, render: Callable[[], HttpResponse]
) -> HttpResponse:
    """The page `render` gives, from the cache when kept; `organisations` are the ids of the
    organisations whose data it reads (None: every organisation's). Only a 200 is kept."""
    etag = page_etag(request, versions_of(organisations))
    if etag in request.headers.get("If-None-Match", ""):
        return _headers(HttpResponseNotModified(), etag)
    key = f"public-page|{etag}"
    kept = cache.get(key)
    if kept is not None:
        content, content_type = kept
        return _headers(HttpResponse(content, content_type=content_type), etag)
    response = render()
    if response.status_code != 200:
        return response
    if hasattr(response, "render"):
        response.render()
    cache.set(key, (response.content, response["Content-Type"]), None)
    return _headers(response, etag)


def _headers(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=BROWSER_SECONDS)
    return response
