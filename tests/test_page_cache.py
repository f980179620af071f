"""Officials' pages are cached under their organisation's data version: an edit shows at once,
whatever the cache does, and a write to one organisation leaves the others' pages cached."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from heze_targets.release import release
from targets.cache import data_version as version_of
from targets.models import Organisation, Target, WorkReport
from tests.conftest import FIXTURES, PROGRESS_2023_H1, import_report, import_work_report, write_table

pytestmark = pytest.mark.django_db

# More keys than the database cache keeps (MAX_ENTRIES 300): setting them culls the
# alphabetically first third of the keys.
PAST_THE_LIMIT = 400


def data_version() -> int:
    return version_of(Organisation.objects.default())


def fill_the_cache_past_its_limit() -> None:
    for number in range(PAST_THE_LIMIT):
        cache.set(f"template.cache.page.filler-{number:04d}", "x" * 10)


def test_an_edit_shows_after_the_cache_is_filled_past_its_limit(official_client):
    import_report(PROGRESS_2023_H1)
    assert "新建并开通 5G 基站 1700 个以上" in official_client.get("/dashboard/targets/2023/86/").content.decode()
    target = Target.objects.get(year=2023, seq=86)
    target.content = "新建并开通 5G 基站 1800 个以上（管理员更正）"
    target.save()
    fill_the_cache_past_its_limit()
    page = official_client.get("/dashboard/targets/2023/86/").content.decode()
    assert "1800 个以上（管理员更正）" in page
    assert "新建并开通 5G 基站 1700 个以上" not in page


def test_the_data_version_never_goes_back_when_the_cache_is_emptied(db):
    import_report(PROGRESS_2023_H1)
    before = data_version()
    Target.objects.filter(year=2023, seq=1).get().save()
    cache.clear()
    fill_the_cache_past_its_limit()
    assert data_version() == before + 1


def test_an_import_raises_the_data_version_once_it_has_written(db):
    before = data_version()
    import_report(PROGRESS_2023_H1)
    after = data_version()
    import_report(PROGRESS_2023_H1)  # unchanged: nothing written, the version stays
    assert after > before and data_version() == after


def test_every_officials_page_caches_its_content_under_the_page_the_language_and_the_data_version(official_client):
    key = f"heze|/dashboard/|zh-hans|{data_version()}|{release()}"  # release: the code and templates
    assert official_client.get("/dashboard/").context["page_key"] == key
    import_report(PROGRESS_2023_H1)
    import_work_report(FIXTURES / "work-report-2022-12-27-abstract.txt")
    pages = [
        "/dashboard/?period=2023-H1",
        "/dashboard/periods/2023-H1/?signal=yellow",
        "/dashboard/periods/2023-H1/watch/",
        "/dashboard/leaders/王昌华/",
        "/dashboard/units/市交通运输局/",
        "/dashboard/targets/2023/86/",
        "/dashboard/compare/",
        "/dashboard/work-reports/",
        f"/dashboard/work-reports/{WorkReport.objects.get().pk}/",
    ]
    for page in pages:
        response = official_client.get(page, headers={"accept-language": "en"})
        expected = f"heze|{response.wsgi_request.get_full_path()}|en|{data_version()}|{release()}"
        assert response.context["page_key"] == expected, page


def queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_county_import_leaves_the_city_pages_answered_from_the_cache(official_client, tmp_path):
    import_report(PROGRESS_2023_H1)
    county = Organisation.objects.create(code="dingtao", name="定陶区", level="district")
    city_pages = ["/dashboard/?period=2023-H1", "/dashboard/periods/2023-H1/", "/dashboard/targets/2023/86/"]
    rendered = {url: queries_of(official_client, url) for url in city_pages}
    cached = {url: queries_of(official_client, url) for url in city_pages}
    city_version = data_version()
    row = "1\t张三\t新建道路 10 公里\t年底\t已完成 6 公里\t是\t区交通运输局"
    table = write_table(tmp_path / "dingtao.txt", [row], title="定陶区2023年责任目标上半年工作推进情况一览表")
    import_report("--org", "dingtao", table)
    assert version_of(county) > 1 and data_version() == city_version
    for url in city_pages:
        assert cached[url] < rendered[url], url
        assert queries_of(official_client, url) == cached[url], url
