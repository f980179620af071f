"""Plotly figures from query results, and the table that says the same in numbers.

Views hand roll-up rows to these functions and put the returned Chart in a template; no view
builds a figure itself. Each signal has its own colour, bar pattern and symbol
(analysis.signals), so that the charts read without telling colours apart.
"""

import uuid
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from analysis.signals import CANCELLED, GREEN, LOOKS, RED, SIGNALS
from dashboard.figures import Figure
from dashboard.signal_marks import signal_label
from targets.models import NOT_NAMED, Signal, Status, choice_label

_JSON_IN_HTML = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})
FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
# code: (colour, bar pattern). A reported status looks like the signal nearest in meaning (behind:
# red, dropped: cancelled, unreported: grey, nothing to measure); on track has Okabe–Ito's blue of
# its own, as being reported on track is not being measured on pace.
SIGNAL_STYLE = {signal: (LOOKS[signal].colour, LOOKS[signal].pattern) for signal in SIGNALS}
STATUS_STYLE = {
    Status.ON_TRACK: ("#0072B2", ""),
    Status.BEHIND: SIGNAL_STYLE[Signal.RED],
    Status.DROPPED: SIGNAL_STYLE[Signal.CANCELLED],
    Status.UNREPORTED: SIGNAL_STYLE[Signal.GREY],
    # Reported done: the green of a target measured on pace, with a pattern of its own.
    Status.COMPLETED: (LOOKS[GREEN].colour, "x"),
    # Cut off in the source: the grey of unreported, hatched, as the document is silent, not the office.
    Status.INCOMPLETE: (SIGNAL_STYLE[Signal.GREY][0], "|"),
}


@dataclass
class Chart:
    title: str
    html: SafeString
    headers: list[str]
    rows: list[list]  # the same numbers as a table, for screen readers, print and no-script


def status_label(status: str) -> str:
    return choice_label(Status, status)


def _render(figure: Figure, height: int = 320, barmode: str = "stack") -> SafeString:
    # The title stands above the chart in the page (a heading screen readers find), not in the figure.
    figure.update_layout(
        font={"family": FONT, "size": 12},
        height=height,
        margin={"l": 40, "r": 10, "t": 60, "b": 40},
        barmode=barmode,
        # Above the plot: long, slanted unit names below it would run into a legend there.
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
    )
    figure.update_xaxes(automargin=True)
    # The figure travels as JSON in a data block that static/js/charts.js draws: no inline script, so
    # the Content-Security-Policy forbids them, and a cached page needs no per-request nonce.
    element_id = f"figure-{uuid.uuid4().hex}"
    data = figure.to_json().translate(_JSON_IN_HTML)  # <, > and & escaped: it cannot close the element
    return format_html(
        '<div class="plot" data-figure="{}"></div><script type="application/json" id="{}">{}</script>',
        element_id,
        element_id,
        mark_safe(data),
    )


def counts_by_group(rows: list[dict], kind: str, title: str, group_label: str) -> Chart:
    """Stacked bars of reports per group, by reported status (kind "status") or signal."""
    styles = STATUS_STYLE if kind == "status" else SIGNAL_STYLE
    labels = {code: (status_label(code) if kind == "status" else signal_label(code)) for code in styles}
    groups = [str(row["group"] or NOT_NAMED) for row in rows]
    figure = Figure()
    for code, style in styles.items():
        values = [row[f"{kind}_{code}"] for row in rows]
        if not any(values):
            continue
        figure.add_bar(
            name=labels[code],
            x=groups,
            y=values,
            marker={"color": style[0], "pattern": {"shape": style[1]}},
            hovertemplate="%{x}: %{y}<extra>" + labels[code] + "</extra>",
        )
    headers = [str(group_label)] + [labels[code] for code in styles]
    table = [[group] + [row[f"{kind}_{code}"] for code in styles] for group, row in zip(groups, rows, strict=True)]
    return Chart(str(title), _render(figure), headers, table)


def on_pace_shares(rows: list[dict], title: str, group_label: str) -> Chart:
    """Horizontal bars: the share of measurable reports on pace, per group."""
    groups = [str(row["group"]) for row in rows]
    shares = [round((row["on_pace_share"] or 0) * 100, 1) for row in rows]
    figure = Figure()
    figure.add_bar(
        x=shares,
        y=groups,
        orientation="h",
        marker={"color": LOOKS[GREEN].colour},
        text=[f"{share:g}%" for share in shares],
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y}: %{x}%<extra></extra>",
    )
    figure.update_xaxes(range=[0, 100], ticksuffix="%")
    figure.update_yaxes(autorange="reversed")
    headers = [str(group_label), _("可量化"), _("按序时推进"), _("比例")]
    table = [[g, row["measurable"], row["on_pace"], f"{s:g}%"] for g, row, s in zip(groups, rows, shares, strict=True)]
    return Chart(str(title), _render(figure, height=max(220, 28 * len(rows) + 80)), headers, table)


# A colour a target, its completion solid and its expected progress dashed (Okabe–Ito colours
# other than the signals' green, yellow and red).
TARGET_COLOURS = ("#0072B2", "#CC79A7", "#56B4E9", "#000000")


def completion_over_time(points: list[tuple[str, str, float | None, float | None]], title: str) -> Chart:
    """Completion and expected progress (序时进度) per period, each target its own pair of series:
    (target, period label, completion, expected) in time order. The same target of another year
    is another target, with a goal of its own: its line is never joined to this one's."""
    figure = Figure()
    table = []
    for number, (target, rows) in enumerate(groupby(points, key=itemgetter(0))):
        colour = TARGET_COLOURS[number % len(TARGET_COLOURS)]
        labels, completion, expected = [], [], []
        for _target, label, done, due in rows:
            labels.append(label)
            completion.append(None if done is None else round(done * 100, 1))
            expected.append(None if due is None else round(due * 100, 1))
            table.append([target, label, _percent(completion[-1]), _percent(expected[-1])])
        figure.add_scatter(
            x=labels,
            y=completion,
            mode="lines+markers+text",
            name=f"{target} {_('完成度')}",
            legendgroup=target,
            line={"color": colour},
            text=[None if value is None else str(value) for value in completion],
            textposition="top center",  # above its marker, not on it
            cliponaxis=False,
        )
        figure.add_scatter(
            x=labels, y=expected, mode="lines+markers", name=f"{target} {_('序时进度')}", legendgroup=target,
            line={"dash": "dash", "color": colour},
        )  # fmt: skip
    figure.update_yaxes(ticksuffix="%", rangemode="tozero")
    headers = [_("责任目标"), _("报告期"), _("完成度"), _("序时进度")]
    return Chart(title, _render(figure, height=280), headers, table)


def shares_compared(first: tuple[str, dict], second: tuple[str, dict], title: str) -> Chart:
    """The share of each status and signal in two periods, side by side."""
    keys = [("status", code, status_label(code)) for code in STATUS_STYLE]
    keys += [("signal", code, signal_label(code)) for code in SIGNAL_STYLE]
    names = [label for _, _, label in keys]
    figure = Figure()
    table = []
    for period_label, row in (first, second):
        total = row["reports"] or 1
        shares = [round(row[f"{kind}_{code}"] / total * 100, 1) for kind, code, _ in keys]
        figure.add_bar(
            name=period_label, x=names, y=shares, hovertemplate="%{x}: %{y}%<extra>" + period_label + "</extra>"
        )
        table.append([period_label] + [f"{share:g}%" for share in shares])
    figure.update_yaxes(ticksuffix="%")
    html = _render(figure, barmode="group")
    return Chart(title, html, [_("报告期"), *names], table)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:g}%"


def shares_by_group(rows: list, shares: dict, title: str, group_label: str) -> Chart:
    """Horizontal bars side by side: for each group (a row with `organisation`), the share of its
    reports in each of `shares` (attribute: label). Rows without figures are left out."""
    rows = [row for row in rows if row.reports]
    groups = [row.organisation.name for row in rows]
    colours = [LOOKS[GREEN].colour, LOOKS[RED].colour, "#0072B2", LOOKS[CANCELLED].colour]
    figure = Figure()
    for (key, label), colour in zip(shares.items(), colours, strict=False):
        values = [round((getattr(row, key) or 0) * 100, 1) for row in rows]
        figure.add_bar(
            name=str(label),
            x=values,
            y=groups,
            orientation="h",
            marker={"color": colour},
            hovertemplate="%{y}: %{x}%<extra>" + str(label) + "</extra>",
        )
    figure.update_xaxes(range=[0, 100], ticksuffix="%")
    figure.update_yaxes(autorange="reversed")
    headers = [str(group_label), *(str(label) for label in shares.values())]
    table = [[row.organisation.name, *(_share(getattr(row, key)) for key in shares)] for row in rows]
    height = max(220, 24 * len(shares) * len(rows) + 100)
    return Chart(str(title), _render(figure, height=height, barmode="group"), headers, table)


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"
