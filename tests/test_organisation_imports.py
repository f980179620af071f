"""Organisations side by side: a county's progress table for the city's own period lands in the
county alone (its targets, units, links, pace and data version), the city's data and exports stay
byte for byte as they were, and every command refuses an unknown `--org` with one line and
writes nothing."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from analysis.matching import SentenceMatcher
from targets.cache import data_version
from targets.linking import SENTENCE_THRESHOLD, YEAR_THRESHOLD, candidate_sentences, year_link_score
from targets.models import (
    DataVersion,
    ImportBatch,
    Leader,
    NoticeTask,
    Organisation,
    PaceSettings,
    ProgressReport,
    ReportingPeriod,
    ReportPace,
    ReportSentence,
    Target,
    TargetSource,
    TargetYearLink,
    TaskNotice,
    TaskTarget,
    TaskUnit,
    Unit,
    UnitRole,
    WorkReport,
)
from tests.conftest import (
    NOTICE_2023_13,
    PROGRESS_2022_Q3,
    PROGRESS_2023_H1,
    PROGRESS_FIXTURES,
    PROGRESS_MODELS,
    WORK_REPORT_2022,
    database_snapshot,
    import_report,
    import_task_notice,
    import_work_report,
)

pytestmark = pytest.mark.django_db

# A county's own table, as its government office writes it: its leader column is 责任领导,
# its units are the county's (县财政局, …). Each row: 序号, leader, target, deadline, progress,
# status, units. #2 is the very wording of the city's target 2023 #183, #5 and #6 are the city's
# targets of 2022 with the county's figures: found across organisations, they would be linked.
COUNTY_HEADER = "序号\t责任领导\t责任目标内容\t完成时限\t推进情况\t是否按计划完成进度\t责任单位"
CHENGWU_2023_H1 = [
    ("1", "王立新", "一般公共预算收入增长 6%左右", "年底", "全县一般公共预算收入完成 9.3 亿元,增长 5.2%,完成年度预算的 51%", "是", "县财政局"),
    ("2", "王立新", "加强国有平台公司经营性债务管控，严控政府性债务", "年底", "制定平台公司债务管控办法,上半年压减经营性债务 1.2 亿元", "是", "县财政局 县国资中心"),
    ("3", "刘国庆", "地区生产总值增长 6%左右", "年底", "上半年,地区生产总值增长 6.3%", "是", "县发展改革局"),
    ("4", "刘国庆", "固定资产投资增长 12%左右", "年底", "上半年,固定资产投资增长 11.4%", "是", "县发展改革局"),
    ("5", "刘国庆", "规模以上工业增加值增长 7%左右", "年底", "上半年,规模以上工业增加值增长 7.6%", "是", "县工业和信息化局"),
    ("6", "刘国庆", "新建并开通 5G 基站 300 个以上", "年底", "新建开通 5G 基站 142 个", "是", "县工业和信息化局"),
    ("7", "赵红梅", "新增 3 岁以下婴幼儿照护服务托位 600 个", "年底", "新增托位 320 个", "是", "县卫生健康局"),
    ("8", "赵红梅", "新增护理型养老床位 200 张", "年底", "新增护理型养老床位 96 张", "是", "县民政局"),
    ("9", "赵红梅", "系统推广节能降碳技术、清洁生产装备，新增省级绿色工厂 1 个", "年底", "1 家企业通过省级绿色工厂评审公示", "是", "县工业和信息化局"),
    ("10", "王立新", "完成 120 个行政村生活污水治理", "年底", "完成 58 个行政村生活污水治理", "是", "县生态环境分局"),
]  # fmt: skip
CHENGWU_2022_Q3 = [
    ("1", "王立新", "一般公共预算收入增长 5.5%左右", "年底", "1—9 月一般公共预算收入增长 5.1%", "是", "县财政局"),
    ("2", "刘国庆", "地区生产总值增长 5.5%左右", "年底", "前三季度地区生产总值增长 4.9%", "是", "县发展改革局"),
    ("3", "刘国庆", "规模以上工业增加值增长 6.5%左右", "年底", "前三季度规模以上工业增加值增长 6.8%", "是", "县工业和信息化局"),
    ("4", "刘国庆", "新建并开通 5G 基站 200 个以上", "年底", "新建开通 5G 基站 188 个", "是", "县工业和信息化局"),
    ("5", "赵红梅", "新增 3 岁以下婴幼儿照护服务托位 500 个", "年底", "新增托位 410 个", "是", "县卫生健康局"),
]  # fmt: skip
SHANXIAN = [  # 2023 H1
    ("1", "王立新", "一般公共预算收入增长 7%左右", "年底", "全县一般公共预算收入增长 6.2%", "是", "县财政局"),
    ("2", "王立新", "改造提升老旧小区 12 个", "年底", "已开工改造老旧小区 9 个", "是", "县住房城乡建设局"),
]  # fmt: skip

# The tables a county's import could touch, beyond the progress tables': pace, documents, links,
# data versions and the organisations themselves.
ALL_MODELS = (
    *PROGRESS_MODELS,
    ReportPace,
    WorkReport,
    ReportSentence,
    TaskNotice,
    NoticeTask,
    TaskUnit,
    TargetSource,
    TaskTarget,
    TargetYearLink,
    DataVersion,
    Organisation,
)


def county_table(path: Path, county: str, period: str, rows: list[tuple[str, ...]]) -> Path:
    """A county's progress table: the title names the county, the year and the period."""
    lines = [f"{county}人民政府{period}经济社会发展责任目标工作推进情况一览表", "", COUNTY_HEADER]
    path.write_text("\n".join(lines + ["\t".join(row) for row in rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def chengwu(db) -> Organisation:
    return Organisation.objects.create(code="chengwu", name="成武县", level="county", parent=city())


@pytest.fixture
def shanxian(db) -> Organisation:
    return Organisation.objects.create(code="shanxian", name="单县", level="county", parent=city())


@pytest.fixture
def chengwu_2023(tmp_path) -> Path:
    return county_table(tmp_path / "chengwu-2023-H1.txt", "成武县", "2023年上半年", CHENGWU_2023_H1)


@pytest.fixture
def chengwu_2022(tmp_path) -> Path:
    return county_table(tmp_path / "chengwu-2022-Q3.txt", "成武县", "2022年第三季度", CHENGWU_2022_Q3)


@pytest.fixture
def city_documents(db):
    """The city's three progress tables, its work report and its notice, as the city imports them."""
    import_report("--publish", *PROGRESS_FIXTURES)
    import_work_report(WORK_REPORT_2022)
    import_task_notice(NOTICE_2023_13)


def city() -> Organisation:
    return Organisation.objects.default()


def export(*args: object) -> str:
    """`manage.py export_data ARGS`; what it printed."""
    out = StringIO()
    call_command("export_data", *[str(arg) for arg in args], stdout=out, stderr=StringIO())
    return out.getvalue()


def exported_files(directory: Path, *args: str) -> dict[str, bytes]:
    """The JSON and CSV exports (`-o FILE`) of an organisation, as bytes."""
    directory.mkdir(exist_ok=True)
    files = {}
    for kind in ("json", "csv"):
        path = directory / f"export.{kind}"
        export("--format", kind, "-o", path, *args)
        files[kind] = path.read_bytes()
    return files


def contents(organisation: Organisation, year: int, seqs=range(1, 11)) -> dict[int, str]:
    targets = Target.objects.of(organisation).filter(year=year, seq__in=seqs)
    return dict(targets.values_list("seq", "content"))


def links_of(organisation: Organisation) -> dict[str, list]:
    """Every link of the organisation's targets, as stored."""
    return {
        "sources": sorted(TargetSource.objects.filter(target__organisation=organisation).values_list()),
        "tasks": sorted(TaskTarget.objects.filter(target__organisation=organisation).values_list()),
        "years": sorted(TargetYearLink.objects.filter(later__organisation=organisation).values_list()),
    }


def test_a_countys_table_for_the_citys_period_leaves_the_citys_exports_byte_identical(
    city_documents, chengwu, chengwu_2023, tmp_path
):
    before = exported_files(tmp_path / "before")
    import_report("--org", "chengwu", chengwu_2023)
    assert ReportingPeriod.objects.filter(code="2023-H1").count() == 2  # the city's and the county's
    assert exported_files(tmp_path / "after") == before
    assert exported_files(tmp_path / "after", "--org", "heze") == before

    county = exported_files(tmp_path / "county", "--org", "chengwu")
    data = json.loads(county["json"])
    assert [period["code"] for period in data["periods"]] == ["2023-H1"]
    assert {(target["year"], target["seq"]): target["content"] for target in data["targets"]} == {
        (2023, int(row[0])): row[2] for row in CHENGWU_2023_H1
    }
    reports = [report for target in data["targets"] for report in target["reports"]]
    assert len(reports) == 10
    assert {unit for report in reports for unit in report["units"]} == {
        unit for row in CHENGWU_2023_H1 for unit in row[6].split()
    }
    assert {report["source"].split(",")[0] for report in reports} == {"chengwu-2023-H1.txt"}
    assert {report["leader"] for report in reports} == {"王立新", "刘国庆", "赵红梅"}
    assert (data["work_reports"], data["task_notices"]) == ([], [])
    assert all(target["source_sentence"] is None and target["links"] == [] for target in data["targets"])
    csv_lines = county["csv"].decode("utf-8-sig").splitlines()
    assert len(csv_lines) == 1 + 10
    assert all(line.startswith("2023-H1,2023,") for line in csv_lines[1:])


def test_two_counties_each_get_their_own_finance_bureau_and_target_1_and_the_citys_keep_their_content(
    chengwu, shanxian, chengwu_2023, tmp_path
):
    import_report(PROGRESS_2023_H1)
    city_targets = contents(city(), 2023)
    assert len(city_targets) == 10
    import_report("--org", "chengwu", chengwu_2023)
    import_report("--org", "shanxian", county_table(tmp_path / "shanxian.txt", "单县", "2023年上半年", SHANXIAN))

    bureaus = Unit.objects.filter(name="县财政局")
    assert sorted(bureaus.values_list("organisation__code", flat=True)) == ["chengwu", "shanxian"]
    for county in (chengwu, shanxian):
        first = ProgressReport.objects.of(county).get(target__year=2023, target__seq=1)
        assert [unit.organisation for unit in first.units.all()] == [county]
        assert first.target.organisation == county
    assert contents(chengwu, 2023, [1]) == {1: "一般公共预算收入增长 6%左右"}
    assert contents(shanxian, 2023, [1]) == {1: "一般公共预算收入增长 7%左右"}
    assert Target.objects.filter(year=2023, seq=1).count() == 3
    assert contents(city(), 2023) == city_targets
    assert contents(chengwu, 2023) == {int(row[0]): row[2] for row in CHENGWU_2023_H1}
    assert ProgressReport.objects.of(city()).count() == 213
    assert not Unit.objects.of(city()).filter(name__startswith="县").exists()
    # Two people of one name, each leading in their own county.
    leaders = Leader.objects.filter(name="王立新")
    assert sorted(leaders.values_list("organisation__code", flat=True)) == ["chengwu", "shanxian"]
    assert ProgressReport.objects.of(shanxian).filter(leader__organisation=shanxian).count() == 2


def test_a_county_import_raises_the_countys_data_version_and_leaves_the_citys(city_documents, chengwu, chengwu_2023):
    city_version, county_version = data_version(city()), data_version(chengwu)
    import_report("--org", "chengwu", chengwu_2023)
    assert data_version(city()) == city_version
    assert data_version(chengwu) > county_version
    county_version = data_version(chengwu)
    call_command("recompute_progress", "--org", "chengwu", stdout=StringIO())
    assert data_version(city()) == city_version
    assert data_version(chengwu) > county_version


def test_re_importing_a_countys_work_report_and_notice_leaves_the_citys_data_version(city_documents, chengwu):
    city_version = data_version(city())
    for force in ([], ["--force"]):
        import_work_report("--org", "chengwu", *force, WORK_REPORT_2022)
        import_task_notice("--org", "chengwu", *force, NOTICE_2023_13)
    assert WorkReport.objects.of(chengwu).count() == TaskNotice.objects.of(chengwu).count() == 1
    assert data_version(city()) == city_version


def test_a_countys_targets_link_only_to_the_countys_work_report_and_other_years(
    city_documents, chengwu, chengwu_2022, chengwu_2023
):
    city_links = links_of(city())
    # Found across organisations, the county's targets would be linked to the city's documents
    # and targets: #2 is the city's #183 word for word, which has its sentence and its task.
    twin = Target.objects.of(city()).get(year=2023, seq=183)
    assert twin.content == CHENGWU_2023_H1[1][2]
    assert twin.source.sentence is not None and twin.task_links.exists()
    sentences = candidate_sentences(WorkReport.objects.of(city()).get())
    assert SentenceMatcher([s.text for s in sentences]).best(CHENGWU_2023_H1[0][2]).score >= SENTENCE_THRESHOLD
    industry_2022 = Target.objects.of(city()).get(year=2022, seq=57).content
    assert year_link_score(industry_2022, CHENGWU_2023_H1[4][2]) >= YEAR_THRESHOLD

    import_report("--org", "chengwu", chengwu_2022)
    import_report("--org", "chengwu", chengwu_2023)

    assert not TargetYearLink.objects.exclude(earlier__organisation=F("later__organisation")).exists()
    task_links = TaskTarget.objects.filter(target__isnull=False)
    assert not task_links.exclude(target__organisation=F("task__notice__organisation")).exists()
    assert not TargetSource.objects.filter(target__organisation=chengwu).exists()  # the county has no report
    county_years = TargetYearLink.objects.filter(later__organisation=chengwu)
    assert sorted(county_years.values_list("earlier__year", "earlier__seq", "later__year", "later__seq")) == [
        (2022, 1, 2023, 1),
        (2022, 2, 2023, 3),
        (2022, 3, 2023, 5),
        (2022, 4, 2023, 6),
        (2022, 5, 2023, 7),
    ]
    assert links_of(city()) == city_links

    # The county's own copy of the report: its targets link to its sentences, never the city's.
    import_work_report("--org", "chengwu", WORK_REPORT_2022)
    county_sources = TargetSource.objects.filter(target__organisation=chengwu, sentence__isnull=False)
    assert county_sources.filter(target__year=2023).count() >= 8
    assert not TargetSource.objects.exclude(sentence__report__organisation=F("target__organisation")).exclude(
        sentence=None
    )
    assert links_of(city()) == city_links


def test_recompute_progress_for_a_county_measures_only_the_countys_reports(chengwu, chengwu_2023):
    import_report(PROGRESS_2023_H1)
    import_report("--org", "chengwu", chengwu_2023)

    def pace(organisation, seq):
        return ReportPace.objects.get(report__period__organisation=organisation, report__target__seq=seq)

    # 807 of 1700 base stations in the city, 142 of 300 in the county: within 10 points of 50%.
    assert (pace(city(), 86).signal, pace(chengwu, 6).signal) == ("yellow", "yellow")
    city_pace = sorted(ReportPace.objects.filter(report__period__organisation=city()).values_list())
    PaceSettings.objects.filter(pk=PaceSettings.current().pk).update(margin_points=2)
    out = StringIO()
    call_command("recompute_progress", "--org", "chengwu", stdout=out)
    assert out.getvalue() == "measured 10 reports\n"
    assert pace(chengwu, 6).signal == "red"
    assert sorted(ReportPace.objects.filter(report__period__organisation=city()).values_list()) == city_pace
    assert pace(city(), 86).signal == "yellow"


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("import_report", [PROGRESS_2022_Q3]),
        ("import_work_report", [WORK_REPORT_2022]),
        ("import_task_notice", [NOTICE_2023_13]),
        ("export_data", ["--format", "csv", "-o", "OUT"]),
        ("recompute_progress", []),
    ],
)
def test_an_unknown_organisation_is_one_line_naming_it_and_writes_nothing(command, args, chengwu, tmp_path):
    import_report(PROGRESS_2023_H1)
    output = tmp_path / "export.csv"
    before = database_snapshot(ALL_MODELS)
    out = StringIO()
    with pytest.raises(CommandError) as refused:
        call_command(command, *[str(output if arg == "OUT" else arg) for arg in args], "--org", "nosuch", stdout=out)
    assert str(refused.value) == "unknown organisation 'nosuch' (known: chengwu, heze)"
    assert database_snapshot(ALL_MODELS) == before
    assert out.getvalue() == "" and not output.exists()


def test_a_period_of_another_organisation_is_unknown_to_export_and_recompute(chengwu, chengwu_2023):
    import_report(PROGRESS_2022_Q3)
    import_report("--org", "chengwu", chengwu_2023)
    with pytest.raises(CommandError) as refused:
        export("--org", "chengwu", "--period", "2022-Q3")
    assert str(refused.value) == "unknown period '2022-Q3' (known: 2023-H1)"
    with pytest.raises(CommandError) as refused:
        call_command("recompute_progress", "--org", "chengwu", "--period", "2022-Q3", stdout=StringIO())
    assert str(refused.value) == "unknown period '2022-Q3' of chengwu"
    assert json.loads(export("--period", "2022-Q3"))["periods"][0]["code"] == "2022-Q3"


def test_each_import_writes_into_the_organisation_named_and_into_the_default_without_one(chengwu, chengwu_2023):
    import_report("--org", "chengwu", chengwu_2023)
    import_report(PROGRESS_2023_H1)
    import_work_report("--org", "chengwu", WORK_REPORT_2022)
    import_work_report(WORK_REPORT_2022)
    import_task_notice("--org", "chengwu", NOTICE_2023_13)
    import_task_notice(NOTICE_2023_13)

    for model in (ReportingPeriod, ImportBatch, WorkReport, TaskNotice):
        assert sorted(model.objects.values_list("organisation__code", flat=True)) == ["chengwu", "heze"], model
    assert Target.objects.of(chengwu).count() == 10 and Target.objects.of(city()).count() == 200
    assert ProgressReport.objects.of(chengwu).count() == 10 and ProgressReport.objects.of(city()).count() == 213
    assert not ProgressReport.objects.exclude(target__organisation=F("period__organisation")).exists()
    assert not ProgressReport.objects.exclude(leader__organisation=F("period__organisation")).exists()
    assert not ProgressReport.objects.exclude(batch__organisation=F("period__organisation")).exists()
    assert not ProgressReport.objects.exclude(units__organisation=F("period__organisation")).exists()
    # The notice's units are resolved in each organisation's own table: the same lead, twice.
    assert not TaskUnit.objects.exclude(unit__organisation=F("task__notice__organisation")).exists()
    lead = TaskUnit.objects.filter(task__number=1, role=UnitRole.LEAD, position=0)
    assert sorted(lead.values_list("unit__organisation__code", "unit__name")) == [
        ("chengwu", "市科技局"),
        ("heze", "市科技局"),
    ]
    county_export = json.loads(export("--org", "chengwu"))
    assert [report["doc_number"] for report in county_export["task_notices"]] == ["菏政办字〔2023〕13号"]
    assert len(county_export["targets"]) == 10
