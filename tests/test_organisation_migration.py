"""Migrations 0011–0013: a database filled before organisations upgrades with nothing lost; every
row, the data version and the officials belong to the default organisation."""

from datetime import date

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from targets.cache import bump_data_version, data_version
from targets.models import Organisation

BEFORE = [("targets", "0010_organisations")]
ORGANISATIONS_DONE = [("targets", "0013_organisation_required")]
ON_POSTGRESQL = connection.vendor == "postgresql"

# The models that belong to an organisation, and those that belong to it through another row.
OWNED = ["ReportingPeriod", "Leader", "Unit", "UnitAlias", "Target", "ImportBatch", "WorkReport", "TaskNotice"]
DEPENDENT = [
    "ProgressReport",
    "ReportUnit",
    "ReportPace",
    "ReportSection",
    "ReportSentence",
    "ReportFigure",
    "TargetSource",
    "NoticeSection",
    "NoticeTask",
    "TaskUnit",
    "TaskTarget",
    "TargetYearLink",
]


def latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def filled_before_organisations(apps) -> None:
    """A database as the city used it at migration 0010: two years of targets with their reports,
    units, pace and links, a work report, a notice, the data version at 42 and two users."""
    model = apps.get_model
    organisations = model("targets", "Organisation").objects
    organisations.get_or_create(code=settings.DEFAULT_ORGANISATION_CODE, defaults={"name": "菏泽市", "level": "city"})
    period = model("targets", "ReportingPeriod").objects.create(
        year=2023, kind="H1", code="2023-H1", label="2023年上半年", as_of=date(2023, 6, 30), published=True
    )
    earlier = model("targets", "ReportingPeriod").objects.create(
        year=2022, kind="Q3", code="2022-Q3", label="2022年第三季度", as_of=date(2022, 9, 30)
    )
    leaders = [model("targets", "Leader").objects.create(name=name) for name in ("李春英", "聂元科")]
    finance = model("targets", "Unit").objects.create(name="市财政局新")
    planning = model("targets", "Unit").objects.create(name="市发展改革委新", needs_review=True)
    model("targets", "UnitAlias").objects.create(spelling="市发改委新", unit=planning)
    batch = model("targets", "ImportBatch").objects.create(
        file_name="progress-2023-H1.txt", sha256="1" * 64, period=period, new_count=2, warnings=["line 9: …"]
    )
    earlier_batch = model("targets", "ImportBatch").objects.create(
        file_name="progress-2022-Q3.txt", sha256="2" * 64, period=earlier
    )
    revenue = model("targets", "Target").objects.create(year=2023, seq=2, content="一般公共预算收入增长 5.5%左右")
    stations = model("targets", "Target").objects.create(
        year=2023, seq=86, content="新建并开通 5G 基站 1700 个以上", deadline="年底", due_date=date(2023, 12, 31)
    )
    stations_2022 = model("targets", "Target").objects.create(year=2022, seq=58, content="新建 5G 基站 1500 个")
    model("targets", "TargetYearLink").objects.create(earlier=stations_2022, later=stations, score=0.78)
    common = {"status": "on_track", "status_as_written": "是", "source_line": "line 4"}
    reports = [
        model("targets", "ProgressReport").objects.create(
            target=revenue, period=period, batch=batch, leader=leaders[0], progress="增长 4.7%", **common
        ),
        model("targets", "ProgressReport").objects.create(
            target=stations, period=period, batch=batch, leader=leaders[1], progress="开通 807 个", extras={"备注": "x"}
        ),
        model("targets", "ProgressReport").objects.create(
            target=stations_2022, period=earlier, batch=earlier_batch, progress="开通 900 个", **common
        ),
    ]
    for report, unit in zip(reports, (finance, planning, planning), strict=True):
        model("targets", "ReportUnit").objects.create(report=report, unit=unit, as_written=unit.name)
    model("targets", "ReportPace").objects.create(
        report=reports[1], kind="amount", goal_value=1700, achieved=807, completion=807 / 1700, signal="yellow"
    )
    work_report = model("targets", "WorkReport").objects.create(
        title="政府工作报告", delivered_on=date(2022, 12, 27), year_of_goals=2023, source_file="wr.txt", sha256="3" * 64
    )
    section = model("targets", "ReportSection").objects.create(
        report=work_report, number="二", title="2023 年工作目标", level=1, kind="plan", position=0
    )
    sentence = model("targets", "ReportSentence").objects.create(
        report=work_report, section=section, section_path="二", kind="plan", position=0, text="一般公共预算收入增长 5.5%左右", line=31
    )  # fmt: skip
    model("targets", "ReportFigure").objects.create(
        report=work_report, sentence=sentence, kind="goal", text="增长 5.5%左右", measure="一般公共预算收入", value=5.5
    )
    model("targets", "TargetSource").objects.create(
        target=revenue, sentence=sentence, sentence_text=sentence.text, score=1, confirmed=True
    )
    notice = model("targets", "TaskNotice").objects.create(
        doc_number="菏政办字〔2023〕13号", title="重点工作任务", issued_on=date(2023, 3, 31), source_file="n.txt", sha256="4" * 64
    )  # fmt: skip
    notice_section = model("targets", "NoticeSection").objects.create(
        notice=notice, number="一", title="数字基建", position=0
    )
    task = model("targets", "NoticeTask").objects.create(
        notice=notice, section=notice_section, number=1, text="新建开通 5G 基站 1700 个以上。", line=20
    )
    model("targets", "TaskUnit").objects.create(
        task=task, unit=planning, role="lead", position=0, as_written="市发改委新"
    )
    model("targets", "TaskTarget").objects.create(task=task, target=stations, score=0.9)
    model("targets", "DataVersion").objects.update_or_create(pk=1, defaults={"value": 42})
    model("targets", "DataVersion").objects.exclude(pk=1).delete()
    officials = model("auth", "Group").objects.get_or_create(name=settings.OFFICIALS_GROUP)[0]
    official = model("auth", "User").objects.create(username="official-before-organisations")
    official.groups.add(officials)
    model("auth", "User").objects.create(username="citizen-before-organisations")


@pytest.mark.django_db(transaction=True)
def test_a_database_filled_before_organisations_upgrades_with_every_row_in_the_default_one(migrate_to):
    old = migrate_to(BEFORE)
    filled_before_organisations(old)
    columns = {
        name: [field.attname for field in old.get_model("targets", name)._meta.concrete_fields]
        for name in OWNED + DEPENDENT
    }
    before = {
        name: sorted(old.get_model("targets", name).objects.values_list(*names)) for name, names in columns.items()
    }
    assert all(before.values())  # every kind of row is there to lose

    # Compared where the organisation migrations end: later data migrations rewrite rows of their
    # own on purpose (0022 splits an alias 0004 added), which a fresh test database holds.
    new = migrate_to(ORGANISATIONS_DONE)
    after = {
        name: sorted(new.get_model("targets", name).objects.values_list(*names)) for name, names in columns.items()
    }
    assert after == before
    city_id = new.get_model("targets", "Organisation").objects.get(code=settings.DEFAULT_ORGANISATION_CODE).pk
    for name in OWNED:
        owners = new.get_model("targets", name).objects.values_list("organisation_id", flat=True)
        assert set(owners) == {city_id}, name
    migrate_to(latest())
    city = Organisation.objects.default()
    assert city.pk == city_id and Organisation.objects.count() == 1
    assert data_version(city) == 42
    assert list(new.get_model("targets", "DataVersion").objects.values_list("organisation_id", "value")) == [
        (city.pk, 42)
    ]
    assert list(city.members.values_list("username", flat=True)) == ["official-before-organisations"]
    assert User.objects.get(username="citizen-before-organisations").organisations.count() == 0


def data_version_as_0007_left_it(apps) -> None:
    """The one version row of a database before organisations: migration 0007 wrote it with its
    key given (pk=1), so on PostgreSQL the table's id sequence was never used."""
    versions = apps.get_model("targets", "DataVersion").objects
    versions.all().delete()
    versions.create(pk=1, value=42)
    if ON_POSTGRESQL:
        with connection.cursor() as cursor:
            cursor.execute("SELECT setval(pg_get_serial_sequence('targets_dataversion', 'id'), 1, false)")


@pytest.mark.django_db(transaction=True)
def test_after_the_upgrade_a_new_organisation_gets_a_data_version_of_its_own(migrate_to):
    data_version_as_0007_left_it(migrate_to(BEFORE))
    migrate_to(latest())
    city = Organisation.objects.default()
    county = Organisation.objects.create(code="chengwu", name="成武县", level="county", parent=city)
    city_version = data_version(city)
    assert data_version(county) == 1
    bump_data_version(county)
    assert (data_version(city), data_version(county)) == (city_version, 2)
