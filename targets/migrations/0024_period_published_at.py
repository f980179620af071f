"""When a period was made public, for the feed of newly published periods. The periods already
published take the time of their first import (the earliest they can have been made public; an
import with --publish publishes at once), or now when no import of theirs is left."""

from django.db import migrations, models
from django.db.models.functions import Coalesce, Now


def published_at_first_import(apps, schema_editor):
    alias = schema_editor.connection.alias
    batches = apps.get_model("targets", "ImportBatch").objects.using(alias)
    first_import = batches.filter(period=models.OuterRef("pk")).order_by("imported_at").values("imported_at")[:1]
    periods = apps.get_model("targets", "ReportingPeriod").objects.using(alias)
    periods.filter(published=True).update(published_at=Coalesce(models.Subquery(first_import), Now()))


class Migration(migrations.Migration):
    dependencies = [
        ("targets", "0023_search_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportingperiod",
            name="published_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="公开时间"),
        ),
        migrations.RunPython(published_at_first_import, migrations.RunPython.noop),
    ]
