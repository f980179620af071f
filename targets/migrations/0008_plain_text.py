"""Text stored as text: targets' content, progress texts and the extras' values held HTML that the
importer had cleaned with nh3 (`<b>进展：</b>`, `&amp;`, `&gt;`). They become the text that HTML
showed, as importers/text.py stores it now, and the reports whose text changed are measured
again: the figures' spans index the stored text, so spans measured on the HTML no longer fit."""

from django.db import migrations
from django.db.models import F

from analysis.deadlines import parse_deadline
from analysis.pace import Pace, Thresholds, assess
from importers.text import html_to_text

CHUNK = 900  # ids per query: SQLite takes at most 999 parameters in older builds


def as_text(stored: str) -> str:
    # nh3 left a text without <, > or & exactly as written; any other was HTML.
    return html_to_text(stored) if any(char in stored for char in "<>&") else stored


def chunks(ids: list[int]):
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def to_plain_text(apps, schema_editor):
    db = schema_editor.connection.alias
    target_ids = _convert_targets(apps.get_model("targets", "Target"), db)
    report_ids = _convert_reports(apps.get_model("targets", "ProgressReport"), db)
    if target_ids or report_ids:
        _measure_again(apps, db, target_ids, report_ids)
        apps.get_model("targets", "DataVersion").objects.using(db).filter(pk=1).update(value=F("value") + 1)


def _convert_targets(Target, db) -> list[int]:
    changed = []
    for target in Target.objects.using(db).only("pk", "content").iterator(chunk_size=2000):
        text = as_text(target.content)
        if text != target.content:
            target.content = text
            changed.append(target)
    Target.objects.using(db).bulk_update(changed, ["content"], batch_size=500)
    return [target.pk for target in changed]


def _convert_reports(ProgressReport, db) -> list[int]:
    changed = []
    for report in ProgressReport.objects.using(db).only("pk", "progress", "extras").iterator(chunk_size=2000):
        progress = as_text(report.progress)
        extras = report.extras
        if isinstance(extras, dict):
            extras = {key: as_text(value) if isinstance(value, str) else value for key, value in extras.items()}
        if progress != report.progress or extras != report.extras:
            report.progress, report.extras = progress, extras
            changed.append(report)
    ProgressReport.objects.using(db).bulk_update(changed, ["progress", "extras"], batch_size=500)
    return [report.pk for report in changed]


def _measure_again(apps, db, target_ids: list[int], report_ids: list[int]) -> None:
    """Measure again the measured reports whose progress or target's content changed."""
    ProgressReport = apps.get_model("targets", "ProgressReport")
    ReportPace = apps.get_model("targets", "ReportPace")
    settings = apps.get_model("targets", "PaceSettings").objects.using(db).filter(pk=1).first()
    limits = Thresholds(settings.margin_points, settings.rate_margin_points) if settings else Thresholds()
    measured = ProgressReport.objects.using(db).filter(pace__isnull=False)
    ids = set()
    for chunk in chunks(target_ids):
        ids.update(measured.filter(target_id__in=chunk).values_list("pk", flat=True))
    for chunk in chunks(report_ids):
        ids.update(measured.filter(pk__in=chunk).values_list("pk", flat=True))
    for chunk in chunks(sorted(ids)):
        rows = []
        for report in ProgressReport.objects.using(db).filter(pk__in=chunk).select_related("target", "period"):
            target = report.target
            deadline = parse_deadline(target.deadline, target.year)
            pace = assess(
                target.content, report.progress, report.status, deadline, target.year, report.period.as_of, limits
            )
            rows.append(ReportPace(report_id=report.pk, **pace_fields(pace)))
        ReportPace.objects.using(db).filter(report_id__in=chunk).delete()
        ReportPace.objects.using(db).bulk_create(rows)


def pace_fields(pace: Pace) -> dict:
    """ReportPace's fields as this migration knows them, filled as targets/measuring.py fills them: a
    migration writes the schema of its own time, whatever the model becomes later."""
    goal, achieved, share = pace.goal, pace.achieved, pace.stated_share
    return {
        "kind": pace.kind or "",
        "goal_value": goal.value if goal else None,
        "goal_unit": goal.unit if goal else "",
        "goal_comparison": (goal.comparison or "") if goal else "",
        "goal_text": goal.figure.text[:100] if goal else "",
        "goal_start": goal.figure.start if goal else None,
        "goal_end": goal.figure.end if goal else None,
        "achieved": achieved.value if achieved else None,
        "achieved_unit": achieved.unit if achieved else "",
        "achieved_text": achieved.text[:100] if achieved else "",
        "achieved_start": achieved.start if achieved else None,
        "achieved_end": achieved.end if achieved else None,
        "stated_share": share.value if share else None,
        "stated_share_start": share.start if share else None,
        "stated_share_end": share.end if share else None,
        "completion": pace.completion,
        "expected": pace.expected,
        "gap": pace.gap,
        "measured_signal": pace.measured_signal,
        "signal": pace.signal,
        "contradiction": pace.contradiction,
        "note": pace.note[:300],
    }


class Migration(migrations.Migration):
    dependencies = [("targets", "0007_data_version_and_cache_table")]
    # Going back keeps the text: the HTML it was read from is not kept anywhere.
    operations = [migrations.RunPython(to_plain_text, migrations.RunPython.noop)]
