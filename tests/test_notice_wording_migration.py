"""Migration 0022: a stored notice whose tasks name `各县区政府、管委会` as one unit gets the two
units it names, the county governments and the management committees (and back)."""

import pytest

BEFORE = [("targets", "0021_table_extent_and_estimated_figures")]
AFTER = [("targets", "0022_notice_task_wording")]


def a_task_stored_before(apps):
    """Task 5 of 菏政办字〔2023〕13号 as 0004's alias stored it: 各县区政府、管委会 one unit."""
    model = apps.get_model
    organisation, _ = model("targets", "Organisation").objects.get_or_create(code="heze", defaults={"name": "菏泽市"})
    units = {
        name: model("targets", "Unit").objects.get_or_create(organisation=organisation, name=name)[0]
        for name in ("市科技局", "市生态环境局", "各县区人民政府")
    }
    model("targets", "UnitAlias").objects.get_or_create(
        organisation=organisation, spelling="各县区政府、管委会", defaults={"unit": units["各县区人民政府"]}
    )
    model("targets", "UnitAlias").objects.get_or_create(
        organisation=organisation, spelling="各县区政府", defaults={"unit": units["各县区人民政府"]}
    )
    notice = model("targets", "TaskNotice").objects.create(
        organisation=organisation, doc_number="菏政办字〔2023〕13号", title="通知", source_file="n.txt", sha256="0"
    )
    section = model("targets", "NoticeSection").objects.create(notice=notice, number="一", title="创新", position=0)
    task = model("targets", "NoticeTask").objects.create(notice=notice, section=section, number=5, text="…", line=9)
    for role, position, name, unit in (
        ("lead", 0, "市科技局", "市科技局"),
        ("participating", 0, "市生态环境局", "市生态环境局"),
        ("participating", 1, "各县区政府、管委会", "各县区人民政府"),
    ):
        model("targets", "TaskUnit").objects.create(
            task=task, unit=units[unit], role=role, position=position, as_written=name
        )


def participating(apps) -> list[tuple[int, str, str]]:
    rows = apps.get_model("targets", "TaskUnit").objects.filter(role="participating").order_by("position")
    return [(row.position, row.as_written, row.unit.name) for row in rows]


@pytest.mark.django_db(transaction=True)
def test_the_counties_and_the_management_committees_become_two_units_and_back(migrate_to):
    a_task_stored_before(migrate_to(BEFORE))
    apps = migrate_to(AFTER)
    assert participating(apps) == [
        (0, "市生态环境局", "市生态环境局"),
        (1, "各县区政府", "各县区人民政府"),
        (2, "管委会", "各管委会"),
    ]
    aliases = apps.get_model("targets", "UnitAlias").objects
    assert aliases.get(spelling="管委会").unit.name == "各管委会"
    assert not aliases.filter(spelling="各县区政府、管委会").exists()
    apps = migrate_to(BEFORE)
    assert participating(apps) == [(0, "市生态环境局", "市生态环境局"), (1, "各县区政府、管委会", "各县区人民政府")]
    assert not apps.get_model("targets", "Unit").objects.filter(name="各管委会").exists()
