"""Public pages are cached whole, the same for every visitor (no session, no CSRF token), with an
ETag a browser revalidates (304); every change to the published data shows at once."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from public.caching import LONGEST_KNOWN, _known_address, is_public_address
from public.models import KeptPage
from targets.cache import bump_data_version
from targets.models import ImportBatch, Organisation, ProgressReport, ReportingPeriod, Target, Unit
from targets.unit_merging import merge_units
from tests.conftest import PROGRESS_2022_Q3, PROGRESS_2023_H1, import_report, make_importer, page_text
from uploads.models import Upload

pytestmark = pytest.mark.django_db
PAGES = ["/", "/periods/2023-H1/", "/targets/2023/86/", "/leaders/王昌华/", "/units/市财政局/", "/pace/", "/en/"]


def test_a_page_carries_nothing_of_its_visitor(client, imported_fixtures):
    logged_in = Client()
    logged_in.force_login(User.objects.create_user("reader", password="a-long-password-1"))
    for url in PAGES:
        anonymous, known = client.get(url), logged_in.get(url)
        assert anonymous.content == known.content, url  # one copy serves everyone
        assert not anonymous.cookies and "Cookie" not in anonymous.get("Vary", ""), url
        assert "csrfmiddlewaretoken" not in anonymous.content.decode(), url
        assert "reader" not in known.content.decode(), url


def test_a_browser_revalidating_gets_304_until_the_data_changes(client, imported_fixtures):
    first = client.get("/periods/2023-H1/")
    etag = first["ETag"]
    assert "public" in first["Cache-Control"] and "max-age" in first["Cache-Control"]
    client.get("/periods/2023-H1/")
    revalidated = client.get("/periods/2023-H1/", HTTP_IF_NONE_MATCH=etag)  # from the kept copy
    assert revalidated.status_code == 304 and not revalidated.content and not revalidated.has_header("Content-Type")
    assert client.get("/periods/2023-H1/?page=2", HTTP_IF_NONE_MATCH=etag).status_code == 200
    assert client.get("/en/periods/2023-H1/", HTTP_IF_NONE_MATCH=etag).status_code == 200
    Target.objects.filter(year=2023, seq=86).update(content="改过的内容")  # not through a signal: no change seen
    client.get("/periods/2023-H1/")
    revalidated = client.get("/periods/2023-H1/", HTTP_IF_NONE_MATCH=etag)  # from the kept copy
    assert revalidated.status_code == 304 and not revalidated.content and not revalidated.has_header("Content-Type")
    target = Target.objects.get(year=2023, seq=86)
    target.content = "新建并开通 5G 基站 1800 个以上"
    target.save()  # an admin's edit
    changed = client.get("/periods/2023-H1/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_an_import_shows_at_once(client, db):
    import_report("--publish", PROGRESS_2023_H1)
    assert "2022年第三季度" not in page_text(client.get("/"))
    import_report("--publish", PROGRESS_2022_Q3)
    assert "2022年第三季度" in page_text(client.get("/"))


def test_publishing_and_unpublishing_show_at_once(client, db):
    import_report(PROGRESS_2023_H1)
    importer = Client()
    importer.force_login(make_importer("importer", Organisation.objects.default()))
    assert client.get("/periods/2023-H1/").status_code == 404
    importer.post("/dashboard/imports/periods/2023-H1/publish/", {"published": "1"})
    assert client.get("/periods/2023-H1/").status_code == 200
    importer.post("/dashboard/imports/periods/2023-H1/publish/", {"published": "0"})
    assert client.get("/periods/2023-H1/").status_code == 404


def test_an_upload_and_its_rollback_show_at_once(client, db, tmp_path):
    importer = Client()
    importer.force_login(make_importer("importer", Organisation.objects.default()))
    import_report("--publish", PROGRESS_2023_H1)
    corrected = tmp_path / PROGRESS_2023_H1.name
    text = PROGRESS_2023_H1.read_text(encoding="utf-8")
    corrected.write_text(text.replace("新建并开通 5G 基站 807 个", "新建并开通 5G 基站 901 个"), encoding="utf-8")
    assert "基站 807 个" in page_text(client.get("/targets/2023/86/"))
    importer.post(
        "/dashboard/imports/", {"file": SimpleUploadedFile(corrected.name, corrected.read_bytes()), "kind": "progress"}
    )
    upload = Upload.objects.latest("pk")
    importer.post(f"/dashboard/imports/{upload.pk}/confirm/")
    assert "基站 901 个" in page_text(client.get("/targets/2023/86/"))
    importer.post(f"/dashboard/imports/{upload.pk}/rollback/")
    assert "基站 807 个" in page_text(client.get("/targets/2023/86/"))


def test_a_unit_merge_shows_at_once(client, imported_fixtures):
    assert client.get("/units/市信息通信发展办公室/").status_code == 200
    merge_units(Unit.objects.get(name="市信息通信发展办公室"), Unit.objects.get(name="市工业和信息化局"))
    assert client.get("/units/市信息通信发展办公室/").status_code == 404


def test_a_recomputation_shows_at_once(client, imported_fixtures):
    before = page_text(client.get("/targets/2023/86/"))
    ProgressReport.objects.filter(target__year=2023, target__seq=86).update(progress="新建并开通 5G 基站 1700 个")
    call_command("recompute_progress", "--period", "2023-H1", stdout=StringIO())
    after = page_text(client.get("/targets/2023/86/"))
    assert before != after and "新建并开通 5G 基站 1700 个" in after


def test_a_periods_heading_and_charts_shared_by_its_addresses_follow_the_language_and_the_data(
    client, imported_fixtures
):
    batch = ImportBatch.objects.get(period__code="2023-H1")
    assert f"原表标题：{batch.title}" in page_text(client.get("/periods/2023-H1/?status=on_track"))
    english = page_text(client.get("/en/periods/2023-H1/?status=behind"))
    assert f"Title of the table: {batch.title}" in english and "Distribution" in english
    batch.title = "改过的原表标题"
    batch.save()  # an admin's edit
    assert "原表标题：改过的原表标题" in page_text(client.get("/periods/2023-H1/?status=dropped"))


def test_another_organisations_change_keeps_this_ones_copy(client, city_and_counties):
    etag = client.get("/")["ETag"]
    ReportingPeriod.objects.filter(organisation__code="juye").update(published=False)
    bump_data_version(Organisation.objects.get(code="juye"))
    assert client.get("/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_kept_page_is_answered_with_the_headers_it_was_first_sent_with(client, imported_fixtures):
    first = client.get("/periods/2023-H1/")
    again = client.get("/periods/2023-H1/")
    assert again.content == first.content
    for header in ("Content-Security-Policy", "X-Frame-Options", "ETag", "Cache-Control", "Content-Language"):
        assert again[header] == first[header], header


def test_a_kept_page_is_kept_apart_for_each_host_and_scheme(client, imported_fixtures, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    page_text(client.get("/"))
    on_other_host = client.get("/sitemap.xml", HTTP_HOST="other.example").content.decode()
    assert "other.example" in on_other_host and "testserver" not in on_other_host
    assert "https://" in client.get("/sitemap.xml", secure=True).content.decode()


def test_a_host_not_allowed_is_refused_even_for_a_kept_page(client, imported_fixtures):
    client.get("/")
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400


def test_the_officials_pages_are_never_kept(imported_fixtures):
    reader = Client()
    reader.force_login(User.objects.create_superuser("reader", password="a-long-password-1"))
    assert reader.get("/dashboard/").status_code == 200
    anonymous = Client().get("/dashboard/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


@pytest.mark.parametrize(
    "address, public",
    [
        ("/", True),
        ("/en/", True),
        ("/periods/2023-H1/", True),
        ("/en/targets/2023/86/", True),
        ("/search/", True),
        ("/dashboard/", False),
        ("/dashboard/periods/2023-H1/", False),
        ("/admin/", False),
        ("/accounts/login/", False),
        ("/static/css/site.css", False),
        ("/no-such-page/", False),
    ],
)
def test_only_the_public_sites_addresses_are_looked_up_asked_twice_or_once(address, public):
    _known_address.cache_clear()
    assert [is_public_address(address) for _ in range(2)] == [public, public]
    assert _known_address.cache_info().misses == 1  # the second answer was remembered


def test_a_long_address_is_answered_but_not_remembered():
    _known_address.cache_clear()
    long_name = "李" * LONGEST_KNOWN
    assert is_public_address(f"/leaders/{long_name}/") and not is_public_address(f"/dashboard/leaders/{long_name}/")
    assert _known_address.cache_info().currsize == 0


def test_past_the_most_pages_kept_the_least_recently_kept_are_forgotten(client, imported_fixtures, monkeypatch):
    monkeypatch.setattr("public.caching.MOST_KEPT", 3)
    monkeypatch.setattr("public.caching.COUNT_EVERY", 1)
    for address in PAGES:
        client.get(address)
        assert KeptPage.objects.count() <= 3
    newest = KeptPage.objects.latest("kept_at").content.decode()
    assert newest == client.get(PAGES[-1]).content.decode()  # the last page asked is kept
