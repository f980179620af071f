"""What a period's table covers, in words: "本表列出 56 项（原文共 196 项）", the numbers it lists and
leaves out, and its rows cut off in the source (importers.table_extent)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from importers.table_extent import TableExtent
from targets.models import ImportBatch


@dataclass(frozen=True)
class ExtentText:
    summary: str  # one line for totals, charts and comparisons
    details: list[str]  # the numbers listed, missing and cut off, one sentence each
    partial: bool


def runs_text(runs) -> str:
    return "、".join(str(first) if first == last else f"{first}–{last}" for first, last in runs)


def extent_text(batch: ImportBatch | None) -> ExtentText | None:
    """None for a period imported before tables kept their extent (or without a table)."""
    extent = batch.extent if batch else None
    if extent is None or not extent.numbers:
        return None
    return ExtentText(_summary(extent), _details(extent), extent.partial)


def _summary(extent: TableExtent) -> str:
    if extent.stated_total is not None and extent.stated_total != extent.listed:
        return _("本表列出 %(listed)s 项（原文共 %(total)s 项）") % {
            "listed": extent.listed,
            "total": extent.stated_total,
        }
    if extent.partial:
        return _("本表列出 %(listed)s 项（序号 %(numbers)s，摘录）") % {
            "listed": extent.listed,
            "numbers": runs_text(extent.numbers),
        }
    return _("本表列出 %(listed)s 项") % {"listed": extent.listed}


def _details(extent: TableExtent) -> list[str]:
    details = [_("所列序号：%(numbers)s。") % {"numbers": runs_text(extent.numbers)}]
    if extent.first and extent.first > 1:
        details.append(_("序号 %(numbers)s 不在本表。") % {"numbers": runs_text([(1, extent.first - 1)])})
    if extent.gaps:
        details.append(_("缺少序号 %(numbers)s。") % {"numbers": runs_text(extent.gaps)})
    for seq in extent.cut_off:
        details.append(
            _("第 %(seq)s 项在原表中被分页截断，没有报告状态和责任单位：记为原表不完整，不算未报告。") % {"seq": seq}
        )
    return details


def extents_of(periods) -> dict[int, ExtentText | None]:
    """The extent text of each period by id, in one query."""
    batches = ImportBatch.objects.latest_by_period(periods)
    return {
        getattr(period, "pk", period): extent_text(batches.get(getattr(period, "pk", period))) for period in periods
    }
