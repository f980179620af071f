"""`/dashboard/periods/<code>/`: the period's reports in a filtered, sorted, paginated table, with charts and downloads."""

import csv
import io

import openpyxl
import pytest

from targets.models import Leader, Unit
from tests.conftest import (
    PROGRESS_2020_H1,
    PROGRESS_2022_Q3,
    PROGRESS_2023_H1,
    assert_queries_do_not_grow,
    import_report,
    page_text,
    table_rows,
    write_table,
)

pytestmark = pytest.mark.django_db
URL = "/dashboard/periods/2023-H1/"


@pytest.fixture
def period(db):
    import_report(PROGRESS_2023_H1)


def seqs(page: str) -> list[str]:
    """The 序号 of each report the page's table shows, top to bottom."""
    return [row[0] for row in table_rows(page, "序号")[1:]]


def test_it_shows_fifty_reports_a_page(official_client, period):
    page = official_client.get(URL).content.decode()
    assert len(seqs(page)) == 50
    assert "?page=2" in page and "各位市政府领导的报告状态" in page


def test_it_filters_by_leader_signal_unit_deadline_and_text(official_client, period):
    leader = Leader.objects.get(name="王昌华")
    assert seqs(official_client.get(f"{URL}?leader={leader.pk}&signal=yellow").content.decode()) == ["86"]
    unit = Unit.objects.get(name="市交通运输局")
    assert "186" in seqs(official_client.get(f"{URL}?unit={unit.pk}&signal=yellow").content.decode())
    assert seqs(official_client.get(f"{URL}?q=5G 基站").content.decode()) == ["86"]
    ongoing = seqs(official_client.get(f"{URL}?deadline=ongoing").content.decode())
    assert "17" in ongoing and "69" in ongoing and "1" not in ongoing
    assert seqs(official_client.get(f"{URL}?status=dropped").content.decode()) == ["113"]


def test_each_row_shows_its_progress_text_shortened_with_the_whole_a_click_away(official_client, period):
    def progress_of(query: str) -> str:
        header, row = table_rows(official_client.get(f"{URL}?q={query}"), "序号")[:2]
        return dict(zip(header, row, strict=True))["推进情况"]

    assert progress_of("5G 基站") == "新建并开通 5G 基站 807 个"  # short: shown whole
    # A long one: its beginning, "全文", then the whole text (opened in place); the filter finds
    # words of the progress text beyond the shortened part.
    long_text = progress_of("累计办结全国人大代表建议")
    assert long_text.startswith("把“两案”办理工作作为政府部门“一把手工程”纳入") and "… 全文把“两案”" in long_text
    assert long_text.endswith("一批意见建议进入政府决策")
    assert seqs(official_client.get(f"{URL}?q=一批意见建议进入政府决策").content.decode()) == ["1"]


def test_a_partial_table_says_what_it_lists_leaves_out_and_lost_to_a_page_break(official_client):
    import_report(PROGRESS_2020_H1, PROGRESS_2022_Q3)
    page = page_text(official_client.get("/dashboard/periods/2020-H1/"))
    assert "标题菏泽市人民政府 2020 年经济社会发展责任目标上半年工作推进情况一览表" in page
    assert "确定的196项经济社会发展责任目标上半年工作推进情况进行了调度" in page
    assert "表头序号 | 市政府领导 | 责任目标内容 | 完成时限 | 完成情况 | 是否完成 | 责任单位" in page
    assert "覆盖范围本表列出 56 项（原文共 196 项） 所列序号：1–28、30–57。 缺少序号 29。" in page
    assert "第 57 项在原表中被分页截断，没有报告状态和责任单位：记为原表不完整，不算未报告。" in page
    assert "下图只计原表所列：本表列出 56 项（原文共 196 项）。" in page
    extract = page_text(official_client.get("/dashboard/periods/2022-Q3/"))
    assert "本表列出 48 项（序号 39–86，摘录） 所列序号：39–86。 序号 1–38 不在本表。" in extract
    assert "是否按计划完成进度" in extract and "缺少序号" not in extract


def test_it_sorts_by_completion(official_client, period):
    assert seqs(official_client.get(f"{URL}?signal=yellow&sort=completion").content.decode()) == ["97", "186", "86"]


def test_the_csv_download_holds_the_filtered_rows(official_client, period):
    response = official_client.get("/dashboard/periods/2023-H1/reports.csv?signal=yellow")
    assert response["Content-Disposition"] == 'attachment; filename="reports-2023-H1.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["报告期", "序号", "责任目标内容"] and sorted(row[1] for row in rows[1:]) == [
        "186",
        "86",
        "97",
    ]


def test_the_xlsx_download_opens_with_the_same_rows(official_client, period):
    response = official_client.get("/dashboard/periods/2023-H1/reports.xlsx?status=dropped")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][1] == 113 and rows[1][6] == "不再实施" and len(rows) == 2


def test_a_cell_with_an_ampersand_and_a_bracket_shows_as_written_on_the_page_and_in_the_csv(official_client, tmp_path):
    content = "7.1% & 税收占比>50%"
    import_report(write_table(tmp_path / "t.txt", [f"1\t王五\t{content}\t年底\t已开工\t是\t市财政局"]))
    page = official_client.get("/dashboard/periods/2024-H1/").content.decode()
    assert content in page_text(page) and "&amp;amp;" not in page and "&amp;gt;" not in page
    response = official_client.get("/dashboard/periods/2024-H1/reports.csv")
    [header, row] = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    assert row[header.index("责任目标内容")] == content


def test_an_unknown_period_is_not_found(official_client):
    assert official_client.get("/dashboard/periods/2031-H1/").status_code == 404


def test_its_queries_do_not_grow_with_the_data(official_client, period, django_assert_max_num_queries):
    assert_queries_do_not_grow(official_client, f"{URL}?sort=-completion", django_assert_max_num_queries)
