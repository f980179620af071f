"""`/notices/` and `/notices/<id>/`: the key-task notices for everyone, signals from published periods only."""

import pytest

from targets.models import ReportingPeriod, TaskNotice
from tests.conftest import NOTICE_2023_13, PROGRESS_2023_H1, import_report, import_task_notice, links, page_text

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def notice(module_transaction):
    import_report("--publish", PROGRESS_2023_H1)
    import_task_notice(NOTICE_2023_13)
    return TaskNotice.objects.get()


def test_the_list_links_each_notice(client, notice):
    response = client.get("/notices/")
    assert "菏政办字〔2023〕13号" in page_text(response)
    assert (notice.title, f"/notices/{notice.pk}/") in links(response)
    assert ("重点工作任务", "/notices/") in links(client.get("/"))


def test_a_notice_shows_every_task_with_its_units_and_public_links(client, notice):
    response = client.get(f"/notices/{notice.pk}/")
    page = page_text(response)
    assert "市政府第31次常务会议" in page and "按职责分工负责" in page
    assert all(f"task-{number}" in response.content.decode() for number in range(1, 97))
    hrefs = {href for _text, href in links(response)}
    assert "/targets/2023/58/" in hrefs and not any(href.startswith("/dashboard/") for href in hrefs)


def test_a_target_without_a_published_report_is_named_not_linked(client, notice):
    ReportingPeriod.objects.update(published=False)
    notice.save()  # any change to the data shows at once
    response = client.get(f"/notices/{notice.pk}/")
    assert "2023-58" in page_text(response)
    assert not any(href.startswith("/targets/") for _text, href in links(response))
