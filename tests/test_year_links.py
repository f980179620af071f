"""The same target across years: linked by text and measured object, confirmable, exported."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from targets.linking import link_targets_across_years
from targets.models import Target, TargetYearLink
from tests.conftest import PROGRESS_2020_H1, PROGRESS_2022_Q3, PROGRESS_2023_H1, import_report

pytestmark = pytest.mark.django_db


def linked_pairs() -> set:
    links = TargetYearLink.objects.select_related("earlier", "later")
    return {(link.earlier.year, link.earlier.seq, link.later.year, link.later.seq) for link in links}


def test_recurring_targets_are_linked_across_years(db):
    import_report(PROGRESS_2022_Q3, PROGRESS_2023_H1, PROGRESS_2020_H1)
    pairs = linked_pairs()
    assert (2022, 78, 2023, 88) in pairs  # 新增3岁以下婴幼儿照护服务托位1万个
    assert (2022, 58, 2023, 86) in pairs  # 5G base stations, worded differently
    assert (2022, 57, 2023, 48) in pairs  # 规模以上工业增加值增长
    assert (2022, 80, 2023, 167) not in pairs  # 卫生城市 is not 园林城市


def test_a_confirmed_link_survives_relinking(db):
    import_report(PROGRESS_2022_Q3, PROGRESS_2023_H1)
    wrong = TargetYearLink.objects.get(later__year=2023, later__seq=86)
    wrong.earlier = Target.objects.get(year=2022, seq=64)
    wrong.confirmed = True
    wrong.save()
    link_targets_across_years()
    assert TargetYearLink.objects.get(later__year=2023, later__seq=86).earlier.seq == 64


def test_the_export_carries_links_and_pace(db):
    import_report(PROGRESS_2022_Q3, PROGRESS_2023_H1)
    out = StringIO()
    call_command("export_data", stdout=out)
    targets = {(t["year"], t["seq"]): t for t in json.loads(out.getvalue())["targets"]}
    assert {k: targets[(2023, 86)]["links"][0][k] for k in ("year", "seq")} == {"year": 2022, "seq": 58}
    assert targets[(2022, 58)]["links"][0]["seq"] == 86
    pace = targets[(2023, 86)]["reports"][0]["pace"]
    assert set(pace) == {
        "measure", "goal", "goal_unit", "goal_comparison", "achieved", "completion", "expected", "signal", "contradiction",
    }  # fmt: skip
    assert (pace["goal"], pace["achieved"], pace["signal"]) == (1700.0, 807.0, "yellow")
    assert targets[(2023, 1)]["reports"][0]["pace"] is None  # nothing measurable
    assert targets[(2023, 113)]["reports"][0]["pace"]["signal"] == "cancelled"
