"""Migration 0008: a database whose texts were stored as sanitised HTML upgrades to text as text."""

from datetime import date

import pytest

BEFORE = [("targets", "0007_data_version_and_cache_table")]
AFTER = [("targets", "0008_plain_text")]


def stored_as_html(apps) -> None:
    """Two reports as the old importer stored them: the HTML nh3 made of each cell, and pace
    spans measured on that HTML."""
    model = apps.get_model
    period = model("targets", "ReportingPeriod").objects.create(
        year=2024, kind="H1", code="2024-H1", label="2024年上半年", as_of=date(2024, 6, 30)
    )
    batch = model("targets", "ImportBatch").objects.create(file_name="old.txt", sha256="0" * 64, period=period)
    parks = model("targets", "Target").objects.create(year=2024, seq=1, content="新建公园 10 处以上", deadline="年底")
    taxes = model("targets", "Target").objects.create(year=2024, seq=2, content="7.1% &amp; 税收占比&gt;50%")
    common = {"period": period, "batch": batch, "status": "on_track", "source_file": "old.txt"}
    parks_report = model("targets", "ProgressReport").objects.create(
        target=parks, progress="<p><b>进展：</b>已新建公园 3 处</p>", source_line="line 4", **common
    )
    model("targets", "ProgressReport").objects.create(
        target=taxes, progress="<b>a</b> &amp; b", extras={"备注": "R&amp;D &lt;5%"}, source_line="line 5", **common
    )
    old_start = parks_report.progress.index("3 处")
    model("targets", "ReportPace").objects.create(
        report=parks_report, kind="amount", achieved_start=old_start, achieved_end=old_start + 3, signal="red"
    )


@pytest.mark.django_db(transaction=True)
def test_stored_html_becomes_text_and_the_changed_reports_are_measured_again(migrate_to):
    stored_as_html(migrate_to(BEFORE))
    apps = migrate_to(AFTER)
    reports = apps.get_model("targets", "ProgressReport").objects.select_related("target", "pace")
    parks, taxes = reports.order_by("target__seq")
    assert parks.progress == "进展：已新建公园 3 处"
    assert (taxes.target.content, taxes.progress, taxes.extras) == ("7.1% & 税收占比>50%", "a & b", {"备注": "R&D <5%"})
    pace = parks.pace
    assert parks.progress[pace.achieved_start : pace.achieved_end] == "3 处"
    assert parks.target.content[pace.goal_start : pace.goal_end] == "10 处以上"
    assert (pace.completion, pace.signal) == (pytest.approx(0.3), "red")
