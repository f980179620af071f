"""Public pages whole, kept: they carry nothing that differs per visitor (no session, no CSRF
token, the language in the address), so one copy serves everyone.

`whole_page` marks a public view's response as keepable, with the data versions (targets.cache)
of the organisations it reads, taken before it renders. `KeptPageMiddleware`, first of the
middleware, keeps that response as sent (every header, the body) in the database (a
`public.models.KeptPage`, shared by every app server) under its scheme, host, address and the
release, and answers the next request for the address from it as long as those organisations'
versions have not moved; `KeptPageApplication`, around Django's WSGI application, answers the same
copies sooner. Every change to their data (an import, publishing, a rollback, an admin edit, a
unit merge) raises a version, so a page is never older than the last write; a write during a
render leaves a copy under the old versions, which the next request finds stale. The ETag is a
digest of the address, language, versions and release: a browser that revalidates gets a 304
without the page being read again.
"""

import functools
import hashlib
import itertools
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest, get_path_info
from django.core.signals import setting_changed
from django.db import DatabaseError, close_old_connections, connection
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

from heze_targets.release import release
from public.models import KeptPage
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
        return _versions_text(cursor.fetchall())


def _versions_text(rows) -> str:
    """(organisation id, data version) rows, in the order of their ids, as a copy keeps them."""
    return ",".join(f"{pk}:{value}" for pk, value in rows)


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
    request.data_versions = versions
    response = render()
    if response.status_code != 200:
        return response
    if hasattr(response, "render"):
        response.render()
    response.kept_under = (organisations, versions)
    return _headers(response, etag)


def fragment_key(request: HttpRequest, *parts) -> str:
    """The cache key of a fragment that many of a kept page's addresses share (a period's charts
    sit under each of its facet choices, sort orders and pages): `parts` name it; the versions
    the page is rendered from (whole_page), the language and the release date it."""
    return "|".join(map(str, (*parts, get_language(), request.data_versions, release())))


def _headers(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=BROWSER_SECONDS)
    return response


@dataclass(frozen=True)
class PageCopy:
    """A kept page as read back (public.models.KeptPage)."""

    organisations: list[int] | None
    versions: str
    headers: list[tuple[str, str]]
    content: bytes
    # The organisations' data versions now, when the copy's query read them (a copy of one
    # organisation's page), else None.
    current_versions: str | None = None

    def answer(self, if_none_match: str) -> tuple[int, list[tuple[str, str]], bytes]:
        """Status, headers and body: a 304 to a browser that holds this copy already."""
        etag = dict(self.headers).get("ETag", "")
        if etag and etag in if_none_match:
            return 304, [(name, value) for name, value in self.headers if name not in BODY_HEADERS], b""
        return 200, self.headers, self.content


# The environ's key under which KeptPageApplication hands a request it found no fresh copy for to
# Django, with the versions a stale copy's check read (None when there was no copy). A client
# cannot set it: the server puts headers under HTTP_ keys.
LOOKED_UP = "heze.kept_page_looked_up"


def fresh_copy(request: HttpRequest) -> PageCopy | None:
    """The kept copy of the page `request` asks for, if there is one and its organisations' data
    has not moved since it was rendered. Plain http on a site that redirects it finds none; a
    request KeptPageApplication looked up already finds none again without reading the copy."""
    if LOOKED_UP in request.META:
        if request.META[LOOKED_UP] is not None:  # the versions a stale copy's check read
            request.checked_versions = request.META[LOOKED_UP]
        return None
    if request.method not in ("GET", "HEAD") or not is_public_address(request.path_info):
        return None
    if settings.SECURE_SSL_REDIRECT and not request.is_secure():
        return None
    kept = _read_copy(_kept_key(request))
    if kept is None:
        return None
    current = kept.current_versions
    request.checked_versions = (kept.organisations, current if current is not None else versions_of(kept.organisations))
    return kept if request.checked_versions[1] == kept.versions else None


def _read_copy(digest: str) -> PageCopy | None:
    """Plain SQL, as `versions_of`: it runs for every kept page's request. A copy of one
    organisation's page comes with that organisation's data version, read in the same query: a
    second query cost a tenth of a kept answer's time in the server."""
    quote = connection.ops.quote_name
    pages, versions = quote(KeptPage._meta.db_table), quote(DataVersion._meta.db_table)
    organisation = quote(DataVersion._meta.get_field("organisation").column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT kept.organisations, kept.versions, kept.headers, kept.content, kept.only_organisation,"
            f" latest.value FROM {pages} kept LEFT JOIN {versions} latest"
            f" ON latest.{organisation} = kept.only_organisation WHERE kept.digest = %s",
            [digest],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    organisations, kept_versions, headers, content, only, value = row
    current = None if only is None else _versions_text([(only, value)] if value is not None else [])
    headers = [tuple(pair) for pair in json.loads(headers)]
    return PageCopy(json.loads(organisations), kept_versions, headers, bytes(content), current)


# At most so many pages are kept (each 5-100 KB): past it, the third least recently kept go. The
# count is taken at every so many keeps in each process, not at every one (it reads the table).
MOST_KEPT = int(os.environ.get("DJANGO_KEPT_PAGES", "50000"))
COUNT_EVERY = 100
_keeps_since_count = itertools.count(1)


def keep_copy(digest: str, response: HttpResponse, organisations: list[int] | None, versions: str) -> None:
    """Keeps `response` under `digest`, replacing an older copy (one query: an upsert)."""
    page = KeptPage(
        digest=digest,
        organisations=json.dumps(organisations),
        versions=versions,
        only_organisation=organisations[0] if organisations is not None and len(organisations) == 1 else None,
        headers=json.dumps(list(response.items()), ensure_ascii=False),
        content=response.content,
        kept_at=timezone.now(),
    )
    fields = ["organisations", "versions", "only_organisation", "headers", "content", "kept_at"]
    KeptPage.objects.bulk_create([page], update_conflicts=True, unique_fields=["digest"], update_fields=fields)
    if next(_keeps_since_count) % COUNT_EVERY == 0:
        forget_least_recent()


def forget_least_recent() -> None:
    """Past `MOST_KEPT` pages, only the two thirds most recently kept stay."""
    if KeptPage.objects.count() <= MOST_KEPT:
        return
    staying = MOST_KEPT * 2 // 3
    oldest_staying = KeptPage.objects.order_by("-kept_at").values_list("kept_at", flat=True)[staying - 1]
    KeptPage.objects.filter(kept_at__lt=oldest_staying).delete()


class KeptPageMiddleware:
    """Keeps public pages whole and answers them from their kept copy (see the module's text).
    First of the middleware: a copy holds every header the others added (the security
    middleware's too) and is answered before any of them runs. A host not allowed is refused
    (reading the key validates it) and plain http still redirected (`fresh_copy`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        kept = fresh_copy(request)
        if kept is not None:
            status, headers, content = kept.answer(request.headers.get("If-None-Match", ""))
            response = HttpResponseNotModified() if status == 304 else HttpResponse(content)
            for name, value in headers:
                response[name] = value
            return response
        response = self.get_response(request)
        marked = getattr(response, "kept_under", None)
        if marked and response.status_code == 200 and not response.cookies:
            keep_copy(_kept_key(request), response, *marked)
        return response


class KeptPageApplication:
    """The WSGI application: kept public pages answered before Django's request handling (which
    costs more than the answer itself: the minimal Django view is slower than a kept page needs to
    be), every other request handled by Django. The copies are the middleware's, found by the
    same request object and rules: this only answers sooner what the middleware would answer.
    `check_connections` runs before and after a lookup, as Django's handler closes a database
    connection past its age or broken around a request (the tests' does nothing, as in Django's
    test client, whose transaction a closed connection would end)."""

    def __init__(self, django_application, check_connections: Callable[[], None] = close_old_connections):
        self.django_application = django_application
        self.check_connections = check_connections

    def __call__(self, environ: dict, start_response):
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or not is_public_address(get_path_info(environ)):
            return self.django_application(environ, start_response)
        # Not Django's request signals, whose other receivers concern its handling only: sending
        # them cost a tenth of a kept answer's time in the server.
        self.check_connections()
        request = WSGIRequest(environ)
        try:
            kept = fresh_copy(request)
        except (DisallowedHost, DatabaseError):
            kept = None  # Django's handling answers these (a 400, or a 500 that is logged)
        else:
            if kept is None:
                # What the lookup found goes to the middleware with the request: it need not read
                # the copy (up to 100 KB) and the versions again.
                environ[LOOKED_UP] = getattr(request, "checked_versions", None)
        finally:
            self.check_connections()
        if kept is None:
            return self.django_application(environ, start_response)
        status, headers, content = kept.answer(request.headers.get("If-None-Match", ""))
        start_response(f"{status} {HTTPStatus(status).phrase}", headers)
        return [] if request.method == "HEAD" else [content]


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
    return hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
