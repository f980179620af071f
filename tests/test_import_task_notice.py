"""`manage.py import_task_notice`: the notice into the database, its units resolved, its tasks linked."""

import pytest
from django.core.management import CommandError

from targets.models import NoticeSection, NoticeTask, TaskNotice, TaskTarget, TaskUnit, Unit, UnitRole
from tests.conftest import FIXTURES, PROGRESS_2023_H1, database_snapshot, import_report, import_task_notice

pytestmark = pytest.mark.django_db
NOTICE = FIXTURES / "key-tasks-notice-2023-13-green-low-carbon.txt"


# The tables a notice's import writes.
NOTICE_MODELS = (TaskNotice, NoticeSection, NoticeTask, TaskUnit, TaskTarget, Unit)


def test_it_stores_the_notice_and_resolves_its_units(db):
    output = import_task_notice(NOTICE)
    assert "96 tasks (93 with lead units)" in output
    notice = TaskNotice.objects.get()
    assert (notice.doc_number, str(notice.printed_on)) == ("菏政办字〔2023〕13号", "2023-04-24")
    task = notice.tasks.get(number=10)
    lead = task.task_units.filter(role=UnitRole.LEAD)
    assert [(tu.as_written, tu.unit.name) for tu in lead] == [
        ("市发展改革委", "市发展改革委"),
        ("市工业和信息化局", "市工业和信息化局"),
    ]
    assert task.task_units.get(as_written="各县区政府").unit.name == "各县区人民政府"
    assert task.task_units.get(as_written="市应急局").unit.name == "市应急管理局"
    assert not Unit.objects.filter(needs_review=True).exists()


def test_importing_the_same_file_again_changes_nothing(db):
    import_task_notice(NOTICE)
    before = database_snapshot(NOTICE_MODELS)
    assert "unchanged, nothing written" in import_task_notice(NOTICE)
    assert database_snapshot(NOTICE_MODELS) == before


def test_tasks_link_to_the_targets_they_match(db):
    import_report(PROGRESS_2023_H1)
    import_task_notice(NOTICE)
    links = {link.task.number: link.target.seq for link in TaskTarget.objects.select_related("task", "target")}
    assert links[11] == 58  # 深入实施“技改提级”行动计划
    assert links[63] == 125  # 实施“对外贸易促稳提质”行动
    assert links[19] == 146  # 加快建设雄商高铁菏泽段
    assert 94 not in links and 96 not in links  # organising the work matches no target


def test_a_confirmed_task_link_survives_a_reimport(db):
    import_report(PROGRESS_2023_H1)
    import_task_notice(NOTICE)
    link = TaskTarget.objects.get(task__number=63)
    link.target = link.target.__class__.objects.get(year=2023, seq=127)
    link.confirmed = True
    link.save()
    import_task_notice("--force", NOTICE)
    link = TaskTarget.objects.get(task__number=63)
    assert link.confirmed and link.target.seq == 127


def test_a_file_that_is_not_a_notice_writes_nothing(db, tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("政府工作报告\n\n一、工作回顾\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"^bad.txt: not a task notice: no document number"):
        import_task_notice(path)
    assert not TaskNotice.objects.exists()


def test_the_duty_wording_of_task_60_is_kept_as_written(db):
    import_task_notice(NOTICE)
    task = NoticeTask.objects.get(number=60)
    assert task.units_as_written == (
        "(牵头单位：市政府办公室、市行政审批服务局、市委编办、市大数据局、市发展改革委、市司法局、"
        "市市场监管局按职责分工负责；参与单位：各县区政府、管委会)"
    )
    lead = task.task_units.filter(role=UnitRole.LEAD)
    assert lead.count() == 7 and lead.last().unit.name == "市市场监管局"


def test_every_task_keeps_its_unit_parenthesis_as_written(db):
    """Nothing of a parenthesis is lost: the lead wording 牵头部门 of task 68 and its full stop too."""
    import_task_notice(NOTICE)
    tasks = NoticeTask.objects.order_by("number")
    assert [task.number for task in tasks if not task.units_as_written] == [94, 95, 96]
    sixty_eight = tasks.get(number=68).units_as_written
    assert sixty_eight == "（牵头部门：市商务局、市发展改革委；参与单位：各县区政府、管委会）。"
    for task in tasks.prefetch_related("task_units"):
        assert all(unit.as_written in task.units_as_written for unit in task.task_units.all())


def test_the_counties_and_the_management_committees_are_two_units(db):
    import_task_notice(NOTICE)
    task = NoticeTask.objects.get(number=1)
    participating = task.task_units.filter(role=UnitRole.PARTICIPATING).order_by("position")
    assert [(unit.as_written, unit.unit.name) for unit in participating] == [
        ("各县区政府", "各县区人民政府"),
        ("管委会", "各管委会"),
    ]
    assert Unit.objects.get(name="各管委会").tasks.count() == 89
    assert Unit.objects.get(name="各县区人民政府").tasks.count() == 89
