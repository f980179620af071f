"""What importing an upload would do, before anything is written: the counts from a dry run of
the import service itself (targets.imports, so no second parser), and from one reading of the
table what a person checks — the targets new and changed, each changed report's fields side by
side, the reports the file no longer has, the unit spellings and leaders not known yet."""

from pathlib import Path

from django.db import transaction
from rapidfuzz import fuzz, process

from importers.progress_table import ProgressRecord, parse_progress_table
from importers.task_notice_parser import parse_task_notice
from importers.work_report_parser import FIGURE_COMMITMENT, FIGURE_GOAL, parse_work_report
from targets.imports import archive_limits, import_progress_file, import_task_notice_file, import_work_report_file
from targets.models import Leader, ProgressReport, ReportUnit, Target, TargetSource, TaskTarget, Unit
from targets.table_headers import table_header_fields
from targets.unit_spellings import known_unit_spellings
from uploads.models import Upload, UploadKind

# How many existing units a new spelling is shown beside.
SUGGESTIONS = 3
# How many changed and removed reports the preview lists one by one (all are counted): a whole
# table's worth would make a page nobody reads, and a preview of megabytes.
LISTED = 200


# The fields a person reads in the table, in its column order, each under the table's own header
# (the words of the source document, shown as they are in every language).
COMPARED_FIELDS = (
    ("leader", "市政府领导"),
    ("content", "责任目标内容"),
    ("deadline", "完成时限"),
    ("progress", "推进情况"),
    ("status", "是否完成"),
    ("units", "责任单位"),
    ("extras", "其他列"),
)


def preview_of(upload: Upload, path: Path) -> dict:
    """What importing the file would do, found by importing it and rolling back."""
    if upload.kind == UploadKind.PROGRESS:
        # Without the pace and links: the dry run only counts, and they are most of its time.
        summary = import_progress_file(
            path, organisation=upload.organisation, period_code=upload.period_code or None, dry_run=True, analyse=False
        )
        counts = {"new": summary.new, "updated": summary.updated, "unchanged": summary.unchanged}
        found = {"period": summary.period_code, **counts, "removed": summary.removed, "warnings": summary.warnings}
        found["nothing_to_do"] = not (summary.new or summary.updated or summary.removed)
        return found | table_findings(upload.organisation, path, summary.period_code)
    return document_parts(upload.kind, path) | link_changes(upload, path)


def document_parts(kind: str, path: Path) -> dict:
    """A work report's sections, sentences, goals and commitments; a notice's sections and tasks."""
    if kind == UploadKind.WORK_REPORT:
        report = parse_work_report(path)
        kinds = [figure.kind for figure in report.figures]
        return {
            "title": report.title,
            "sections": len(report.sections),
            "sentences": len(report.sentences),
            "goals": kinds.count(FIGURE_GOAL),
            "commitments": kinds.count(FIGURE_COMMITMENT),
        }
    notice = parse_task_notice(path)
    return {
        "title": f"{notice.doc_number} {notice.title}",
        "sections": len(notice.sections),
        "tasks": len(notice.tasks),
        "tasks_with_units": sum(bool(task.lead_units) for task in notice.tasks),
    }


def link_changes(upload: Upload, path: Path) -> dict:
    """The links between targets and the document's sentences or tasks that importing it would
    add and remove, found by importing it and rolling back."""
    organisation, is_report = upload.organisation, upload.kind == UploadKind.WORK_REPORT
    with transaction.atomic():
        before = _target_links(organisation, is_report)
        if is_report:
            summary = import_work_report_file(path, organisation=organisation)
        else:
            summary = import_task_notice_file(path, organisation=organisation)
        after = _target_links(organisation, is_report)
        transaction.set_rollback(True)
    return {
        "nothing_to_do": summary.unchanged,
        "warnings": summary.warnings,
        "links_added": sorted(after - before)[:LISTED],
        "links_removed": sorted(before - after)[:LISTED],
        "links": len(after),
    }


def _target_links(organisation, is_report: bool) -> set[tuple[str, str]]:
    """(target, what it is linked to) of the organisation's work-report sentences or notice tasks."""
    if is_report:
        rows = TargetSource.objects.filter(target__organisation=organisation, sentence__isnull=False).values_list(
            "target__year", "target__seq", "sentence__text"
        )
        return {(f"{year}-{seq}", text[:80]) for year, seq, text in rows}
    rows = TaskTarget.objects.filter(task__notice__organisation=organisation, target__isnull=False).values_list(
        "target__year", "target__seq", "task__notice__doc_number", "task__number"
    )
    return {(f"{year}-{seq}", f"{doc} 第{number}项") for year, seq, doc, number in rows}


def table_findings(organisation, path: Path, period_code: str) -> dict:
    """From one reading of the table: the names not known yet, the period its title names ("" when
    none, to set beside a chosen one), its targets against the year's, and the changed and
    removed reports of the period."""
    table = parse_progress_table(
        path,
        known_unit_spellings(organisation),
        limits=archive_limits(),
        header_fields=table_header_fields(organisation),
    )
    records = list(table.records)
    year = int(period_code[:4])
    return {
        **unknown_names(organisation, records),
        "title_period": table.period.code if table.period else "",
        "targets": target_counts(organisation, year, records),
        **report_changes(organisation, period_code, records),
    }


def unknown_names(organisation, records: list[ProgressRecord]) -> dict:
    """The units and leaders of the table the organisation does not know yet (a unit an earlier
    import made for review counts as not known), each unit with the existing units closest to it
    (rapidfuzz), which the admin may mean."""
    known = known_unit_spellings(organisation)
    written = {name for record in records for name in record.all_units}
    reviewed = set(
        Unit.objects.of(organisation).filter(needs_review=True, name__in=written).values_list("name", flat=True)
    )
    units = sorted(written - known | reviewed)
    names = list(Unit.objects.of(organisation).filter(needs_review=False).values_list("name", flat=True))
    closest = {
        unit: [name for name, _score, _ in process.extract(unit, names, scorer=fuzz.WRatio, limit=SUGGESTIONS)]
        for unit in units
    }
    leaders = {record.leader for record in records if record.leader}
    known_leaders = set(Leader.objects.of(organisation).filter(name__in=leaders).values_list("name", flat=True))
    return {"new_units": closest, "new_leaders": sorted(leaders - known_leaders)}


def target_counts(organisation, year: int, records: list[ProgressRecord]) -> dict:
    """How many of the file's targets the year does not have yet, have with other words or
    deadline, and have as they are."""
    written: dict[int, tuple[str, str]] = {}
    for record in records:
        written.setdefault(record.seq, (record.content, record.deadline))
    stored = {
        seq: (content, deadline)
        for seq, content, deadline in Target.objects.of(organisation)
        .filter(year=year, seq__in=written)
        .values_list("seq", "content", "deadline")
    }
    changed = sum(seq in stored and stored[seq] != texts for seq, texts in written.items())
    return {"new": len(written.keys() - stored.keys()), "changed": changed, "unchanged": len(stored) - changed}


def report_changes(organisation, period_code: str, records: list[ProgressRecord]) -> dict:
    """The period's stored reports the file changes (each changed field, stored beside written)
    and those it no longer has; LISTED of each at most, with their numbers."""
    stored = stored_fields(organisation, period_code)
    changed = []
    for record in records:
        before = stored.pop((record.seq, record.position), None)
        if before is None:
            continue
        after = record_fields(record)
        fields = [[label, before[key], after[key]] for key, label in COMPARED_FIELDS]
        differing = [field for field in fields if field[1] != field[2]]
        if differing:
            changed.append({"seq": record.seq, "line": record.line, "fields": differing})
    removed = [
        {"seq": seq, "content": values["content"], "progress": values["progress"]}
        for (seq, _position), values in sorted(stored.items())
    ]
    return {"changes": changed[:LISTED], "removed_reports": removed[:LISTED]}


def record_fields(record: ProgressRecord) -> dict[str, str]:
    return {
        "leader": record.leader,
        "content": record.content,
        "deadline": record.deadline,
        "progress": record.progress,
        "status": record.status,
        "units": "、".join(record.all_units),
        "extras": _extras_text(record.extras),
    }


def stored_fields(organisation, period_code: str) -> dict[tuple[int, int], dict[str, str]]:
    """(seq, position) → the fields of each stored report of the period, as record_fields reads
    a parsed one."""
    reports = ProgressReport.objects.of(organisation).filter(period__code=period_code)
    units: dict[int, list[str]] = {}
    for report_id, name in (
        ReportUnit.objects.filter(report__in=reports)
        .order_by("report_id", "position")
        .values_list("report_id", "as_written")
    ):
        units.setdefault(report_id, []).append(name)
    rows = reports.values_list(
        "id",
        "target__seq",
        "position",
        "leader__name",
        "target__content",
        "deadline",
        "progress",
        "status_as_written",
        "extras",
    )
    return {
        (seq, position): {
            "leader": leader or "",
            "content": content,
            "deadline": deadline,
            "progress": progress,
            "status": status,
            "units": "、".join(units.get(pk, [])),
            "extras": _extras_text(extras or {}),
        }
        for pk, seq, position, leader, content, deadline, progress, status, extras in rows
    }


def _extras_text(extras: dict[str, str]) -> str:
    return "；".join(f"{header}：{value}" for header, value in sorted(extras.items()))
