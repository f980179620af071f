"""`/dashboard/work-reports/<id>/`: the report with each commitment marked as covered by a target or not."""

import pytest

from targets.models import WorkReport
from tests.conftest import (
    FIXTURES,
    PROGRESS_2023_H1,
    assert_queries_do_not_grow,
    import_report,
    import_work_report,
    links,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(official_client):
    return official_client


@pytest.fixture(scope="module")
def report(module_transaction):
    import_report(PROGRESS_2023_H1)
    import_work_report(FIXTURES / "work-report-2022-12-27-abstract.txt")
    return WorkReport.objects.get()


def test_it_asks_anonymous_visitors_to_log_in(client, report):
    assert client.get(f"/dashboard/work-reports/{report.pk}/").status_code == 302


def test_it_marks_covered_and_uncovered_commitments(official, report):
    page = official.get(f"/dashboard/work-reports/{report.pk}/").content.decode()
    assert '<mark class="covered">1700 个以上</mark>' in page
    assert '<mark class="uncovered">90%以上</mark>' in page  # no 2023 target for the township clinics
    assert "#86 · 按计划推进" in page
    assert "80 项量化承诺，其中 2 项没有对应的 2023 年责任目标。" in page


def test_it_escapes_the_report_text(official, report):
    sentence = report.sentences.first()
    sentence.text = "<script>alert(1)</script>" + sentence.text
    sentence.save()
    page = official.get(f"/dashboard/work-reports/{report.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_its_queries_do_not_grow_with_the_data(official, report, django_assert_max_num_queries):
    assert_queries_do_not_grow(official, f"/dashboard/work-reports/{report.pk}/", django_assert_max_num_queries)


def test_the_list_links_to_each_report(official, report):
    report_links = links(official.get("/dashboard/work-reports/"))
    assert [href for text, href in report_links if "政府工作报告（摘要）" in text] == [
        f"/dashboard/work-reports/{report.pk}/"
    ]
