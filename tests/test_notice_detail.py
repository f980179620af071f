"""`/dashboard/notices/<id>/`: a key-task notice whole — its header, its sections, every task in
full with its units (tasks naming none too) and the target each is linked to, with its signal."""

from urllib.parse import unquote

import pytest

from targets.models import NoticeTask, TaskNotice
from tests.conftest import (
    NOTICE_2023_13,
    PROGRESS_2023_H1,
    assert_queries_do_not_grow,
    import_report,
    import_task_notice,
    links,
    page_text,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def notice(module_transaction):
    import_report(PROGRESS_2023_H1)
    import_task_notice(NOTICE_2023_13)
    return TaskNotice.objects.get()


def url(notice: TaskNotice) -> str:
    return f"/dashboard/notices/{notice.pk}/"


def test_it_asks_anonymous_visitors_to_log_in(client, notice):
    response = client.get(url(notice))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_it_shows_the_header_and_every_task_in_full(official_client, notice):
    page = page_text(official_client.get(url(notice)))
    assert "菏政办字〔2023〕13号" in page and "2023-03-31" in page and notice.office in page
    assert all(task.text in page for task in NoticeTask.objects.filter(notice=notice))
    assert NoticeTask.objects.filter(notice=notice).count() == 96
    assert all(f"{section.number}、{section.title}" in page for section in notice.sections.all())


def test_tasks_that_name_no_unit_are_shown_and_said_so(official_client, notice):
    response = official_client.get(url(notice))
    unnamed = NoticeTask.objects.filter(notice=notice, task_units__isnull=True).order_by("number")
    assert [task.number for task in unnamed][-3:] == [94, 95, 96]
    assert page_text(response).count("未写明责任单位") == unnamed.count()


def test_tasks_link_their_units_and_targets(official_client, notice):
    response = official_client.get(url(notice))
    hrefs = {unquote(href) for _text, href in links(response)}
    assert "/dashboard/units/市发展改革委/" in hrefs
    linked = NoticeTask.objects.filter(notice=notice, target_link__target__isnull=False).select_related(
        "target_link__target"
    )
    assert linked.exists()
    for task in linked:
        target = task.target_link.target
        assert f"/dashboard/targets/{target.year}/{target.seq}/" in hrefs


def test_the_list_links_each_notice(official_client, notice):
    response = official_client.get("/dashboard/notices/")
    assert (notice.title, url(notice)) in links(response) and "96" in page_text(response)


def test_its_queries_do_not_grow_with_the_data(official_client, notice, django_assert_max_num_queries):
    assert_queries_do_not_grow(official_client, url(notice), django_assert_max_num_queries)


def test_a_unit_page_links_each_of_its_tasks_to_the_notice(official_client, notice):
    response = official_client.get("/dashboard/units/市发展改革委/")
    assert any(href.startswith(f"{url(notice)}#task-") for _text, href in links(response))


def test_a_target_page_links_the_tasks_linked_to_it(official_client, notice):
    task = NoticeTask.objects.filter(notice=notice, target_link__target__isnull=False).select_related(
        "target_link__target"
    )[0]
    target = task.target_link.target
    response = official_client.get(f"/dashboard/targets/{target.year}/{target.seq}/")
    assert f"{url(notice)}#task-{task.number}" in {href for _text, href in links(response)}


def task_text(page: str, number: int, next_number: int) -> str:
    """The page's text from task `number` to the next one (the list numbers are not in the text)."""
    start = page.index(NoticeTask.objects.get(number=number).text)
    return page[start : page.index(NoticeTask.objects.get(number=next_number).text, start)]


def test_each_task_shows_its_unit_wording_as_written(official_client, notice):
    page = page_text(official_client.get(url(notice)))
    sixty = task_text(page, 60, 61)
    assert "市司法局、市市场监管局按职责分工负责；参与单位：各县区政府、管委会" in sixty
    assert "（牵头部门：市商务局、市发展改革委；参与单位：各县区政府、管委会）。" in task_text(page, 68, 69)


def test_the_counties_and_the_management_committees_are_linked_apart(official_client, notice):
    hrefs = {unquote(href) for _text, href in links(official_client.get(url(notice)))}
    assert {"/dashboard/units/各县区人民政府/", "/dashboard/units/各管委会/"} <= hrefs


def test_each_task_shows_the_amounts_and_times_it_names(official_client, notice):
    page = page_text(official_client.get(url(notice)))
    assert "数量：5 个以上、30%以上、20 所、30 处、3000 名" in task_text(page, 84, 85)
    assert "数量：50 个、100 项、60% 时间：年内、年底前" in task_text(page, 60, 61)
    assert "数量：2 家以上 时间：2023年" in task_text(page, 1, 2)
    assert "时间：年底" in task_text(page, 28, 29) and "数量：10 亿立方米" in task_text(page, 28, 29)
    # The years of a plan the task cites are not its own: 《…（2023—2025年）》.
    assert "时间：" not in task_text(page, 64, 65)
    assert "数量：" not in task_text(page, 94, 95) and "时间：" not in task_text(page, 94, 95)
