"""Public pages whole, kept: they carry nothing that differs per visitor (no session, no CSRF
token, the language in the address), so one copy serves everyone.

`whole_page` marks a public view's response as keepable, with the data versions (targets.cache)
of the organisations it reads, taken before it renders. `KeptPageMiddleware`, high in the
middleware, keeps that response as sent (status, every header, body) in the database cache
(shared by every app server) under its scheme, host, address and the release, and answers the
next request for the address from it, before the rest of the middleware runs, as long as those
organisations' versions have not moved. Every change to their data (an import, publishing, a
rollback, an admin edit, a unit merge) raises a version, so a page is never older than the last
write; a write during a render leaves a copy under the old versions, which the next request
finds stale. The ETag is a digest of the address, language, versions and release: a browser
that revalidates gets a 304 without the page being read again.
"""

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import connection
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

from heze_targets.release import release
from targets.models import DataVersion

# Seconds a browser or proxy may reuse a page before revalidating it (a 304 when unchanged).
BROWSER_SECONDS = 60
# Headers of a full response that a 304 does not repeat.
BODY_HEADERS = ("Content-Type", "Content-Length", "Content-Encoding")


def versions_of(organisations: list[int] | None) -> str:
    """The data versions of `organisations` (ids), or of every organisation when None, in one
    query. Plain SQL: this runs on every kept page's request, where building an ORM query cost
    more than the rest of the answer."""
    table, column = DataVersion._meta.db_table, DataVersion._meta.get_field("organisation").column
    sql = f"SELECT {column}, value FROM {connection.ops.quote_name(table)}"
    if organisations is not None:
        sql += f" WHERE {column} IN ({', '.join(['%s'] * len(organisations))})"
    with connection.cursor() as cursor:
        cursor.execute(sql + f" ORDER BY {column}", organisations or [])
        return ",".join(f"{pk}:{value}" for pk, value in cursor.fetchall())


def page_etag(request: HttpRequest, versions: str) -> str:
    key = f"{request.get_full_path()}|{get_language()}|{versions}|{settings.STATIC_URL}|{release()}"
    return '"' + hashlib.blake2b(key.encode(), digest_size=16).hexdigest() + '"'


def whole_page(
    request: HttpRequest, organisations: list[int] | None, render: Callable[[], HttpResponse]
) -> HttpResponse:
    """The page `render` gives, marked to be kept; `organisations` are the ids of the
    organisations whose data it reads (None: every organisation's). Only a 200 is kept."""
    checked = getattr(request, "checked_versions", None)  # a stale copy's check just read them
    versions = checked[1] if checked and checked[0] == organisations else versions_of(organisations)
    etag = page_etag(request, versions)
    if etag in request.headers.get("If-None-Match", ""):
        return _headers(HttpResponseNotModified(), etag)
    response = render()
    if response.status_code != 200:
        return response
    if hasattr(response, "render"):
        response.render()
    response.kept_under = (organisations, versions)
    return _headers(response, etag)


def _headers(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=BROWSER_SECONDS)
    return response


@dataclass(frozen=True)
class KeptPage:
    organisations: list[int] | None
    versions: str
    headers: list[tuple[str, str]]
    content: bytes

    def answer(self, request: HttpRequest) -> HttpResponse:
        etag = dict(self.headers).get("ETag", "")
        if etag and etag in request.headers.get("If-None-Match", ""):
            response = HttpResponseNotModified()
            headers = [(name, value) for name, value in self.headers if name not in BODY_HEADERS]
        else:
            response, headers = HttpResponse(self.content), self.headers
        for name, value in headers:
            response[name] = value
        return response


class KeptPageMiddleware:
    """Answers a public page from its kept copy (see the module's text). Placed after the
    security middleware, so that plain http is still redirected and the security headers set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or not is_public_address(request.path_info):
            return self.get_response(request)
        key = _kept_key(request)
        kept = cache.get(key)
        if isinstance(kept, KeptPage):
            request.checked_versions = (kept.organisations, versions_of(kept.organisations))
            if request.checked_versions[1] == kept.versions:
                return kept.answer(request)
        response = self.get_response(request)
        marked = getattr(response, "kept_under", None)
        if marked and response.status_code == 200 and not response.cookies:
            cache.set(key, KeptPage(*marked, list(response.items()), response.content), None)
        return response


# Addresses whose answer was worked out, per process: resolving one cost a third of a kept page.
# An address's view is the URLconf's, the same in every process and until the next release. At
# most so many, of at most so many characters (made-up long addresses cannot fill a worker).
KNOWN_ADDRESSES = 4096
LONGEST_KNOWN = 256


def is_public_address(path: str) -> bool:
    """Whether the address is one of the public site's (only those can be kept): the officials'
    pages, static files and missing pages are not looked up."""
    return _known_address(path) if len(path) <= LONGEST_KNOWN else _resolves_to_public(path)


@functools.lru_cache(maxsize=KNOWN_ADDRESSES)
def _known_address(path: str) -> bool:
    return _resolves_to_public(path)


def _resolves_to_public(path: str) -> bool:
    """The public addresses carry their language (i18n_patterns), which resolving them needs
    active."""
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            return resolve(path).namespace == "public"
        except Resolver404:
            return False


@receiver(setting_changed)
def forget_addresses(setting: str, **kwargs) -> None:
    """A test that swaps the URLconf swaps the addresses' views."""
    if setting == "ROOT_URLCONF":
        _known_address.cache_clear()


def _kept_key(request: HttpRequest) -> str:
    address = f"{request.scheme}|{request.get_host()}|{request.get_full_path()}|{release()}"
    return "public-page|" + hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
