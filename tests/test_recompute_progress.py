"""Pace stored with each report: computed on import, again by `manage.py recompute_progress`,
and again when an admin changes the thresholds."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from targets.models import PaceSettings, ProgressReport, ReportPace
from tests.conftest import PROGRESS_2022_Q3, PROGRESS_2023_H1, import_report

pytestmark = pytest.mark.django_db


def pace_of(period: str, seq: int, position: int = 0) -> ReportPace:
    return ReportPace.objects.get(report__period__code=period, report__target__seq=seq, report__position=position)


def test_every_report_is_measured_on_import(db):
    import_report(PROGRESS_2023_H1)
    assert ReportPace.objects.count() == ProgressReport.objects.count() == 213
    pace = pace_of("2023-H1", 86)
    assert (pace.kind, pace.goal_text, pace.achieved_text, pace.signal) == ("amount", "1700 个以上", "807 个", "yellow")
    assert pace.completion == pytest.approx(807 / 1700) and pace.expected == 0.5
    report = pace.report
    assert report.progress[pace.achieved_start : pace.achieved_end] == "807 个"
    assert report.target.content[pace.goal_start : pace.goal_end] == "1700 个以上"


def test_the_command_measures_again_and_reports_how_many(db):
    import_report(PROGRESS_2022_Q3)
    ReportPace.objects.all().delete()
    out = StringIO()
    call_command("recompute_progress", "--period", "2022-Q3", stdout=out)
    assert out.getvalue().strip() == "measured 50 reports"
    assert pace_of("2022-Q3", 57).signal == "red"  # reported 否
    with pytest.raises(CommandError, match="unknown period '2031-H1'"):
        call_command("recompute_progress", "--period", "2031-H1")


def test_changing_the_thresholds_in_the_admin_recomputes_the_signals(client, db):
    import_report(PROGRESS_2023_H1)
    client.force_login(User.objects.create_superuser("admin", password="x" * 12))
    settings = PaceSettings.current()
    response = client.post(
        f"/admin/targets/pacesettings/{settings.pk}/change/",
        {"margin_points": "2", "rate_margin_points": "1"},
        follow=True,
    )
    assert response.status_code == 200
    pace = pace_of("2023-H1", 86)  # 47.5% done against 50%: 2.5 points behind
    assert (pace.signal, pace.contradiction) == ("red", True)
