"""Who sees which organisation's officials' pages: a member of the city sees the city and its
counties, a county's official only his county (another's pages are not found, never shown),
staff see all, anonymous visitors are sent to log in."""

import pytest
from django.contrib.auth.models import User

from targets.models import Organisation, WorkReport
from tests.conftest import FIXTURES, import_work_report, links, make_official, page_text, parsed_page

pytestmark = pytest.mark.django_db

# Every officials' page of an organisation, below its prefix (/dashboard/ or /dashboard/o/<code>/).
PAGES = [
    "",
    "?period=2023-H1",
    "periods/2023-H1/",
    "periods/2023-H1/?signal=red",
    "periods/2023-H1/reports.csv",
    "periods/2023-H1/reports.xlsx",
    "periods/2023-H1/watch/",
    "periods/2023-H1/watch.csv",
    "periods/2023-H1/children/",
    "periods/2023-H1/children.csv",
    "periods/2023-H1/children.xlsx",
    "targets/2023/1/",
    "compare/",
    "work-reports/",
]
# A leader and a unit of each organisation's own table.
PEOPLE = {
    "heze": ["leaders/王昌华/", "units/市交通运输局/"],
    "dingtao": ["leaders/张三/", "units/县财政局/"],
    "juye": ["leaders/王五/", "units/县财政局/"],
}
# A text only each organisation's pages show.
OWN_TEXT = {"heze": "新建并开通 5G 基站", "dingtao": "完成老旧小区改造 20 个", "juye": "新建农村公路 50 公里"}


def prefix(code: str) -> str:
    return "/dashboard/" if code == "heze" else f"/dashboard/o/{code}/"


def urls_of(code: str) -> list[str]:
    return [prefix(code) + page for page in PAGES + PEOPLE[code]]


def login(client, user: User):
    client.force_login(user)
    return client


def assert_every_page_answers(client, code: str) -> None:
    for url in urls_of(code):
        response = client.get(url)
        assert response.status_code == 200, url
        if response["Content-Type"].startswith("text/html") and "children" not in url:
            assert Organisation.objects.get(code=code).name in page_text(response), url


def assert_no_page_answers(client, code: str) -> None:
    for url in urls_of(code):
        response = client.get(url)
        assert response.status_code == 404, url
        assert OWN_TEXT[code] not in response.content.decode(), url


def test_an_anonymous_visitor_is_sent_to_log_in_from_every_page_of_every_organisation(client, city_and_counties):
    for code in city_and_counties:
        for url in urls_of(code):
            response = client.get(url)
            assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url


def test_the_citys_official_sees_the_city_and_each_of_its_counties(client, city_and_counties):
    login(client, make_official("city", city_and_counties["heze"]))
    for code in city_and_counties:
        assert_every_page_answers(client, code)


def test_a_countys_official_sees_his_county_and_nothing_of_the_city_or_the_other_county(client, city_and_counties):
    login(client, make_official("dingtao-official", city_and_counties["dingtao"]))
    assert_every_page_answers(client, "dingtao")
    assert_no_page_answers(client, "juye")
    for url in urls_of("heze")[2:]:  # the city's overview sends him to his own (the next test)
        response = client.get(url)
        assert response.status_code == 404 and OWN_TEXT["heze"] not in response.content.decode(), url


def test_a_countys_official_who_opens_the_dashboard_lands_on_his_county(client, city_and_counties):
    login(client, make_official("dingtao-official", city_and_counties["dingtao"]))
    response = client.get("/dashboard/")
    assert response.status_code == 302 and response["Location"] == "/dashboard/o/dingtao/"


def test_staff_see_every_organisation(client, city_and_counties):
    login(client, User.objects.create_user("admin", password="a-long-password-123", is_staff=True))
    for code in city_and_counties:
        assert_every_page_answers(client, code)


def test_a_user_outside_the_officials_group_is_refused_every_organisations_pages(client, city_and_counties):
    login(client, User.objects.create_user("someone", password="a-long-password-123"))
    for code in city_and_counties:
        assert client.get(prefix(code) + "periods/2023-H1/").status_code == 403


def test_each_page_names_its_organisation_and_links_to_the_others_the_user_may_see(client, city_and_counties):
    login(client, make_official("city", city_and_counties["heze"]))
    page = client.get("/dashboard/o/dingtao/periods/2023-H1/")
    assert "定陶区" in page_text(page)
    assert ("菏泽市", "/dashboard/") in links(page) and ("巨野县", "/dashboard/o/juye/") in links(page)
    login(client, make_official("juye-official", city_and_counties["juye"]))
    page = client.get("/dashboard/o/juye/")
    assert not any(href.startswith("/dashboard/o/dingtao/") or href == "/dashboard/" for _, href in links(page))


def test_a_countys_pages_link_within_the_county(client, city_and_counties):
    login(client, make_official("city", city_and_counties["heze"]))
    hrefs = [href for _, href in links(client.get("/dashboard/o/dingtao/periods/2023-H1/"))]
    assert "/dashboard/o/dingtao/targets/2023/3/" in hrefs
    assert "/dashboard/o/dingtao/units/%E5%8E%BF%E8%B4%A2%E6%94%BF%E5%B1%80/" in hrefs
    assert "/dashboard/o/dingtao/leaders/%E6%9D%8E%E5%9B%9B/" in hrefs


def test_the_default_organisation_under_its_code_is_sent_to_its_own_address(client, city_and_counties):
    login(client, make_official("city", city_and_counties["heze"]))
    response = client.get("/dashboard/o/heze/periods/2023-H1/?signal=red")
    assert response.status_code == 302 and response["Location"] == "/dashboard/periods/2023-H1/?signal=red"


def test_a_work_report_of_the_city_is_not_found_under_a_county(client, city_and_counties):
    import_work_report(FIXTURES / "work-report-2022-12-27-abstract.txt")
    login(client, User.objects.create_user("admin", password="a-long-password-123", is_staff=True))
    pk = WorkReport.objects.get().pk
    assert client.get(f"/dashboard/work-reports/{pk}/").status_code == 200
    assert client.get(f"/dashboard/o/dingtao/work-reports/{pk}/").status_code == 404


def test_the_period_filters_offer_only_the_organisations_own_leaders_and_units(client, city_and_counties):
    login(client, make_official("dingtao-official", city_and_counties["dingtao"]))
    page = client.get("/dashboard/o/dingtao/periods/2023-H1/")
    options = [attributes for tag, attributes in parsed_page(page).elements if tag == "option"]
    names = page.content.decode()
    assert "张三" in names and "李四" in names
    assert "王五" not in names and "王昌华" not in names and "市交通运输局" not in names
    assert len(options) > 2


def test_a_leader_of_another_organisation_in_the_filter_shows_nothing_of_it(client, city_and_counties):
    from targets.models import Leader

    login(client, make_official("dingtao-official", city_and_counties["dingtao"]))
    other = Leader.objects.get(organisation__code="juye", name="王五")
    page = client.get(f"/dashboard/o/dingtao/periods/2023-H1/?leader={other.pk}")
    assert "王五" not in page.content.decode() and OWN_TEXT["juye"] not in page.content.decode()
