"""The rows of a watch table (dashboard.watch.WatchRow), written in Python as table_body writes a
django-tables2 table's: the template's tags and lookups took longer than the rows' values (a
target page's history of a dozen reports: a quarter of its render). Every report has its pace
measured on import (dashboard.watch reads it)."""

import functools
from collections.abc import Callable

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from dashboard.signal_marks import signal_badge
from dashboard.watch import WatchRow
from heze_targets.organisation_urls import organisation_reverse
from targets.models import NOT_NAMED, UnitRole

register = template.Library()


@register.simple_tag(takes_context=True)
def watch_table_rows(context: template.Context, rows, with_units: bool = False) -> SafeString:
    """The `<tr>` of each row, linking to the pages of the site and organisation the page shows;
    `with_units`: each row also names its units and its status as written."""
    site, organisation = context.get("site") or "dashboard", context.get("organisation")

    @functools.cache  # the same units recur row after row
    def page_url(name: str, *args) -> str:
        return organisation_reverse(f"{site}:{name}", organisation, *args)

    pace_url = reverse("public:pace") if site == "public" else None
    written = [_row(row, page_url, pace_url, with_units) for row in rows]
    if not written:
        return format_html('<tr><td colspan="6">{}</td></tr>', _("没有需要关注的推进情况。"))
    return mark_safe("\n".join(written))


def _row(row: WatchRow, page_url: Callable, pace_url: str | None, with_units: bool) -> str:
    target, pace = row.report.target, row.report.pace
    cells = [
        format_html(
            '<a href="{}">{}-{}</a>', page_url("target-detail", target.year, target.seq), target.year, target.seq
        ),
        _target_cell(row, page_url, with_units),
        _progress_cell(row, pace, with_units),
        _percent(pace.completion),
        _percent(pace.expected),
        _signal_cell(pace, pace_url),
    ]
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


def _target_cell(row: WatchRow, page_url: Callable, with_units: bool) -> SafeString:
    report = row.report
    leader = report.leader.name if report.leader else NOT_NAMED
    cell = format_html('{}<div class="muted">{} · {}</div>', row.target_html, report.period.label, leader)
    if not with_units:
        return cell
    units = format_html_join(
        "、",
        '<a href="{}">{}</a>{}',
        (
            (page_url("unit-detail", link.name), link.as_written, _participating(link.role))
            for link in report.unit_links
        ),
    )
    return format_html('{}<div class="muted">{}{}</div>', cell, _("责任单位："), units or "—")


def _participating(role: str) -> str:
    return f"（{_('配合')}）" if role == UnitRole.PARTICIPATING else ""


def _progress_cell(row: WatchRow, pace, with_units: bool) -> SafeString:
    cell = format_html('{}<div class="muted">{}</div>', row.progress_html, pace.note)
    if not with_units:
        return cell
    report = row.report
    values = {
        "question": row.question,
        "written": report.status_as_written or "—",
        "status": report.get_status_display(),
    }
    values = {name: conditional_escape(value) for name, value in values.items()}
    if row.question:
        status = _("原表“%(question)s”：%(written)s（%(status)s）") % values
    else:
        status = _("报告状态：%(written)s（%(status)s）") % values
    return format_html('{}<div class="muted">{}</div>', cell, mark_safe(status))


def _percent(share: float | None) -> str:
    """As `{% widthratio share 1 100 %}%` wrote it."""
    return "—" if share is None else f"{round(share * 100)}%"


def _signal_cell(pace, pace_url: str | None) -> SafeString:
    badge = signal_badge(pace.signal)
    if pace_url:  # on the public site every signal leads to what it means
        badge = format_html('<a class="signal-link" href="{}">{}</a>', pace_url, badge)
    if pace.contradiction:
        return format_html('{} <span class="signal contradiction">{}</span>', badge, _("与报告状态矛盾"))
    return badge
