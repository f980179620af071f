"""The WSGI application answers a kept public page before Django's request handling, exactly as
Django would have answered it, and hands every other request to Django."""

import time

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from public.caching import KeptPageApplication
from public.models import KeptPage
from targets.models import DataVersion, Target
from tests.conftest import restore_migration_data

pytestmark = pytest.mark.django_db
TARGET_PAGE = "/targets/2023/86/"
HTTPS = {"X-Forwarded-Proto": "https"}


def test_a_page_asked_again_is_answered_from_its_copy_as_django_first_sent_it(
    ask_the_server, imported_fixtures, django_assert_num_queries
):
    first = ask_the_server(TARGET_PAGE)
    with django_assert_num_queries(1):  # the copy with its organisation's data version
        again = ask_the_server(TARGET_PAGE)
    assert (again.status, again.headers, again.body) == (first.status, first.headers, first.body)
    assert first.status == "200 OK" and "新建并开通 5G 基站 1700 个以上" in first.body.decode()


def test_a_page_of_every_organisation_has_their_data_versions_read_after_its_copy(
    ask_the_server, imported_fixtures, django_assert_num_queries
):
    search = "/search/?q=%E6%89%98%E4%BD%8D"  # 托位
    first = ask_the_server(search)
    with django_assert_num_queries(2):  # the copy, then every organisation's data version
        again = ask_the_server(search)
    assert again.body == first.body and "2023-88" in first.body.decode()
    DataVersion.objects.update(value=DataVersion.objects.get().value + 1)
    assert ask_the_server(search).headers != first.headers  # rendered afresh: a new ETag


def test_a_kept_answer_carries_the_security_headers_and_the_content_security_policy(ask_the_server, imported_fixtures):
    ask_the_server("/")
    kept = ask_the_server("/")
    assert kept.header("X-Content-Type-Options") == "nosniff"
    assert kept.header("Referrer-Policy") and kept.header("Cross-Origin-Opener-Policy")
    assert "script-src 'self'" in kept.header("Content-Security-Policy")


def test_a_browser_holding_the_copy_gets_304_without_the_body(ask_the_server, imported_fixtures):
    etag = ask_the_server(TARGET_PAGE).header("ETag")
    ask_the_server(TARGET_PAGE)
    revalidated = ask_the_server(TARGET_PAGE, **{"If-None-Match": etag})
    assert revalidated.status == "304 Not Modified" and revalidated.body == b""
    assert revalidated.header("ETag") == etag and revalidated.header("Content-Type") is None


def test_a_head_request_gets_the_headers_without_the_body(ask_the_server, imported_fixtures):
    full = ask_the_server(TARGET_PAGE)
    head = ask_the_server(TARGET_PAGE, method="HEAD")
    assert head.status == "200 OK" and head.body == b""
    assert head.header("Content-Length") == str(len(full.body))


def test_a_change_to_the_data_shows_at_once(ask_the_server, imported_fixtures):
    ask_the_server(TARGET_PAGE)
    target = Target.objects.get(year=2023, seq=86)
    target.content = "新建并开通 5G 基站 1800 个以上（管理员更正）"
    target.save()
    page = ask_the_server(TARGET_PAGE).body.decode()
    assert "1800 个以上（管理员更正）" in page and "新建并开通 5G 基站 1700 个以上" not in page


def reads_of(table: str, queries: CaptureQueriesContext) -> int:
    return sum(query["sql"].startswith("SELECT") and f'FROM "{table}"' in query["sql"] for query in queries)


def test_a_page_without_a_copy_is_looked_up_once_then_rendered_and_kept(ask_the_server, imported_fixtures):
    with CaptureQueriesContext(connection) as queries:
        page = ask_the_server(TARGET_PAGE)
    assert page.status == "200 OK" and KeptPage.objects.count() == 1
    assert reads_of(KeptPage._meta.db_table, queries) == 1


def test_a_stale_copy_is_read_once_with_its_versions_before_the_page_is_rendered_afresh(
    ask_the_server, imported_fixtures
):
    ask_the_server(TARGET_PAGE)
    Target.objects.filter(year=2023, seq=86).update(content="新建并开通 5G 基站 1900 个以上")
    DataVersion.objects.update(value=DataVersion.objects.get().value + 1)
    with CaptureQueriesContext(connection) as queries:
        page = ask_the_server(TARGET_PAGE)
    assert "1900 个以上" in page.body.decode()
    # the organisation's data version read with the copy, not again
    assert reads_of(KeptPage._meta.db_table, queries) == 1 and reads_of(DataVersion._meta.db_table, queries) == 0


def test_a_host_not_allowed_is_refused_though_its_page_is_kept(ask_the_server, imported_fixtures, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    ask_the_server("/", Host="other.example")
    assert KeptPage.objects.count() == 1
    settings.ALLOWED_HOSTS = ["testserver"]
    assert ask_the_server("/", Host="other.example").status.startswith("400")


def test_plain_http_is_redirected_where_the_site_asks_for_https_though_the_page_is_kept(
    ask_the_server, imported_fixtures, settings
):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 3600
    ask_the_server("/")  # kept over plain http while the site allowed it
    settings.SECURE_SSL_REDIRECT = True
    ask_the_server("/", **HTTPS)
    assert ask_the_server("/", **HTTPS).header("Strict-Transport-Security") == "max-age=3600"
    plain = ask_the_server("/")
    assert plain.status.startswith("301") and plain.header("Location") == "https://testserver/"


def test_every_other_request_is_djangos(ask_the_server, imported_fixtures):
    ask_the_server("/")
    assert ask_the_server("/", method="POST").status.startswith("405")
    login = ask_the_server("/dashboard/")
    assert login.status.startswith("302") and "/accounts/login/" in login.header("Location")
    assert ask_the_server("/no-such-page/").status.startswith("404")
    assert KeptPage.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_database_connection_past_its_age_is_opened_afresh_around_a_kept_answer():
    restore_migration_data()  # an earlier transactional test may have emptied the tables
    application = KeptPageApplication(WSGIHandler())
    ask = RequestFactory().get("/pace/").environ
    application(dict(ask), lambda status, headers: None)
    application(dict(ask), lambda status, headers: None)
    assert KeptPage.objects.count() == 1  # the second answer was the kept copy
    aged = connection.connection
    connection.close_at = time.monotonic() - 1
    body = b"".join(application(dict(ask), lambda status, headers: None))
    assert "序时进度" in body.decode() and connection.connection is not aged
