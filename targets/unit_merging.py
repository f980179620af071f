"""A unit spelling accepted as another name of a unit, and the merge it may take: a unit an
import made for review (市发展改草委) folded into the unit it stands for (市发展改革委)."""

from django.db import transaction

from targets.cache import bump_data_version, edits_bumped_by_caller
from targets.models import Organisation, ProgressReport, ReportUnit, TaskUnit, Unit, UnitAlias
from targets.tallies import refresh_tallies


@transaction.atomic
def accept_alias(organisation: Organisation, spelling: str, unit: Unit) -> int:
    """Make `spelling` a name of `unit`. A unit of that name is merged into it; returns how many
    of its reports moved."""
    reviewed = Unit.objects.of(organisation).filter(name=spelling).exclude(pk=unit.pk).first()
    moved = merge_units(reviewed, unit) if reviewed is not None else 0
    UnitAlias.objects.update_or_create(organisation=organisation, spelling=spelling, defaults={"unit": unit})
    bump_data_version(organisation)
    return moved


@transaction.atomic
def merge_units(source: Unit, target: Unit) -> int:
    """Every report, task and alias of `source` moved onto `target`, then `source` deleted; a
    report that names both keeps `target` once. Returns how many report units moved."""
    if source.organisation_id != target.organisation_id:
        raise ValueError("units of two organisations are never merged")
    periods = set(ReportUnit.objects.filter(unit=source).values_list("report__period_id", flat=True))
    # Their reports name another unit now: edited, for the feed of changed targets.
    edited = ProgressReport.objects.filter(report_units__unit=source)
    with edits_bumped_by_caller():
        edited.mark_edited()
        named_both = ReportUnit.objects.filter(unit=target).values("report_id")
        ReportUnit.objects.filter(unit=source, report_id__in=named_both).delete()
        moved = ReportUnit.objects.filter(unit=source).update(unit=target)
        TaskUnit.objects.filter(unit=source).update(unit=target)
        UnitAlias.objects.filter(unit=source).update(unit=target)
        UnitAlias.objects.update_or_create(
            organisation_id=target.organisation_id, spelling=source.name, defaults={"unit": target}
        )
        source.delete()
    refresh_tallies(periods)
    bump_data_version(target.organisation)
    return moved
