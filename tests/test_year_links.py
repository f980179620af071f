"""The same target across years: linked by text and measured object, confirmable, exported."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from analysis.matching import SentenceMatcher
from targets.linking import YEAR_THRESHOLD, link_targets_across_years, year_link_score
from targets.models import Organisation, Target, TargetYearLink
from targets.synthetic import generate
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
    link_targets_across_years(Organisation.objects.default())
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


def reference_year_links() -> set:
    """Cross-year links as the first version found them: every target against every target of
    every earlier year, no candidate passed over (slow, but plain)."""
    by_year: dict[int, list[Target]] = {}
    for target in Target.objects.order_by("year", "seq"):
        by_year.setdefault(target.year, []).append(target)
    settled = {(link.later_id, link.earlier.year) for link in TargetYearLink.objects.filter(confirmed=True)}
    pairs = {
        (link.earlier.year, link.earlier.seq, link.later.year, link.later.seq)
        for link in TargetYearLink.objects.filter(confirmed=True).select_related("earlier", "later")
    }
    for later_year in by_year:
        for earlier_year in [year for year in by_year if year < later_year]:
            earlier = by_year[earlier_year]
            matcher = SentenceMatcher([target.content for target in earlier])
            for target in by_year[later_year]:
                if (target.pk, earlier_year) in settled:
                    continue
                candidate = earlier[matcher.best(target.content).index]
                if year_link_score(candidate.content, target.content) >= YEAR_THRESHOLD:
                    pairs.add((candidate.year, candidate.seq, target.year, target.seq))
    return pairs


@pytest.mark.parametrize(
    "order",
    [
        (PROGRESS_2020_H1, PROGRESS_2022_Q3, PROGRESS_2023_H1),
        (PROGRESS_2023_H1, PROGRESS_2020_H1, PROGRESS_2022_Q3),
    ],
)
def test_imports_link_only_their_year_and_find_every_link_of_a_whole_relinking(db, order):
    for path in order:
        import_report(path)
    after_imports = linked_pairs()
    assert after_imports == reference_year_links()
    link_targets_across_years(Organisation.objects.default())
    assert linked_pairs() == after_imports
    assert len(after_imports) == 22


def test_the_links_of_25_synthetic_years_and_the_fixtures_are_those_of_every_pair(db):
    """The synthetic targets differ only in their figures: no candidate can be passed over."""
    generate(range(1998, 2023), 6, leaders=["王昌华"], units=["市发展改革委", "市财政局"], seed=7)
    import_report(PROGRESS_2023_H1, PROGRESS_2022_Q3)
    link_targets_across_years(Organisation.objects.default())
    found = linked_pairs()
    assert found == reference_year_links()
    assert {later_year for _, _, later_year, _ in found} >= set(range(1999, 2024))
