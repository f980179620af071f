"""The watch list of a period: red, yellow and contradicted reports with their evidence."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.safestring import SafeString

from dashboard.highlight import highlight
from targets.models import ProgressReport


@dataclass
class WatchRow:
    report: ProgressReport
    target_html: SafeString
    progress_html: SafeString
    question: str = ""  # the status column's header as the report's table asks it


def evidence_spans(pace) -> tuple[list, list]:
    """(spans in the target's content, spans in the progress text)."""
    goal = [(pace.goal_start, pace.goal_end, "goal")] if pace.goal_start is not None else []
    progress = []
    if pace.achieved_start is not None:
        progress.append((pace.achieved_start, pace.achieved_end, "achieved"))
    if pace.stated_share_start is not None:
        progress.append((pace.stated_share_start, pace.stated_share_end, "stated-share"))
    return goal, progress


def watch_rows(reports, questions: Mapping[int, str] | None = None) -> list[WatchRow]:
    """The rows of `reports`; `questions` are the status headers of their periods' tables by id."""
    rows = []
    for report in reports:
        goal, progress = evidence_spans(report.pace)
        rows.append(
            WatchRow(
                report,
                highlight(report.target.content, goal),
                highlight(report.progress, progress),
                (questions or {}).get(report.period_id, ""),
            )
        )
    return rows


WATCH_CSV_HEADER = [
    "period", "seq", "position", "leader", "target", "goal", "achieved", "stated_share", "completion",
    "expected", "gap", "signal", "status", "contradiction", "note", "progress",
]  # fmt: skip


def watch_csv_row(report: ProgressReport) -> list:
    pace = report.pace
    leader = report.leader.name if report.leader else ""
    gap = "" if pace.gap is None else pace.gap
    contradiction = "yes" if pace.contradiction else ""
    return [
        report.period.code, report.target.seq, report.position, leader, report.target.content, pace.goal_text,
        pace.achieved_text, pace.stated_share or "", _percent(pace.completion), _percent(pace.expected), gap,
        pace.signal, report.status, contradiction, pace.note, report.progress,
    ]  # fmt: skip


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%"
