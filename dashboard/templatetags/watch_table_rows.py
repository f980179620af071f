"""The rows of a watch table (dashboard.watch.WatchRow), written in Python as table_body writes a
django-tables2 table's: the template's tags and lookups took longer than the rows' values (a
target page's history of a dozen reports: a quarter of its render). Every report has its pace
measured on import (dashboard.watch reads it)."""

import functools
from collections.abc import Callable
from dataclasses import dataclass

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
    words = RowWords.in_active_language()
    signal_cell = functools.cache(lambda signal, contradiction: _signal_cell(signal, contradiction, pace_url, words))
    written = [_row(row, page_url, signal_cell, words if with_units else None) for row in rows]
    if not written:
        return format_html('<tr><td colspan="6">{}</td></tr>', _("没有需要关注的推进情况。"))
    return mark_safe("\n".join(written))


@dataclass(frozen=True)
class RowWords:
    """The words every row repeats, translated once a table."""

    units: str
    participating: str
    contradiction: str
    status_asked: str
    status_reported: str

    @classmethod
    def in_active_language(cls) -> "RowWords":
        return cls(
            _("责任单位："),
            f"（{_('配合')}）",
            _("与报告状态矛盾"),
            _("原表“%(question)s”：%(written)s（%(status)s）"),
            _("报告状态：%(written)s（%(status)s）"),
        )


ROW = (
    '<tr><td><a href="{}">{}-{}</a></td><td>{}<div class="muted">{} · {}</div>{}</td>'
    '<td>{}<div class="muted">{}</div>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>'
)


def _row(row: WatchRow, page_url: Callable, signal_cell: Callable, words: RowWords | None) -> str:
    """The row in one format_html (a call per cell took a fifth of a target page's render);
    `words` only for a table with the units and the status as written."""
    report, target, pace = row.report, row.report.target, row.report.pace
    return format_html(
        ROW,
        page_url("target-detail", target.year, target.seq),
        target.year,
        target.seq,
        row.target_html,
        report.period.label,
        report.leader.name if report.leader else NOT_NAMED,
        _units(report, page_url, words) if words else "",
        row.progress_html,
        pace.note,
        _status(row, words) if words else "",
        _percent(pace.completion),
        _percent(pace.expected),
        signal_cell(pace.signal, pace.contradiction),
    )


def _units(report, page_url: Callable, words: RowWords) -> SafeString:
    units = format_html_join(
        "、",
        '<a href="{}">{}</a>{}',
        (
            (
                page_url("unit-detail", link.name),
                link.as_written,
                words.participating if link.role == UnitRole.PARTICIPATING else "",
            )
            for link in report.unit_links
        ),
    )
    return format_html('<div class="muted">{}{}</div>', words.units, units or "—")


def _status(row: WatchRow, words: RowWords) -> SafeString:
    report = row.report
    values = {
        "question": row.question,
        "written": report.status_as_written or "—",
        "status": report.get_status_display(),
    }
    values = {name: conditional_escape(value) for name, value in values.items()}
    status = (words.status_asked if row.question else words.status_reported) % values
    return format_html('<div class="muted">{}</div>', mark_safe(status))


def _percent(share: float | None) -> str:
    """As `{% widthratio share 1 100 %}%` wrote it."""
    return "—" if share is None else f"{round(share * 100)}%"


def _signal_cell(signal: str, contradiction: bool, pace_url: str | None, words: RowWords) -> SafeString:
    badge = signal_badge(signal)
    if pace_url:  # on the public site every signal leads to what it means
        badge = format_html('<a class="signal-link" href="{}">{}</a>', pace_url, badge)
    if contradiction:
        return format_html('{} <span class="signal contradiction">{}</span>', badge, words.contradiction)
    return badge
