"""Every row that existed before organisations belongs to the default one (the city the
deployment was built for), its data version becomes that organisation's, and the officials of
the time become its members, so that an upgraded database shows what it showed before."""

from django.conf import settings
from django.core.management.color import no_style
from django.db import migrations

OWNED = ["ReportingPeriod", "Leader", "Unit", "UnitAlias", "Target", "ImportBatch", "WorkReport", "TaskNotice"]


def to_default_organisation(apps, schema_editor):
    alias = schema_editor.connection.alias
    organisations = apps.get_model("targets", "Organisation").objects.using(alias)
    default, _ = organisations.get_or_create(
        code=settings.DEFAULT_ORGANISATION_CODE, defaults={"name": settings.DEFAULT_ORGANISATION_NAME, "level": "city"}
    )
    for name in OWNED:
        apps.get_model("targets", name).objects.using(alias).filter(organisation=None).update(organisation=default)
    versions = apps.get_model("targets", "DataVersion").objects.using(alias)
    if not versions.filter(organisation=default).exists():
        kept = versions.filter(organisation=None).order_by("pk").first()
        versions.filter(organisation=None).exclude(pk=getattr(kept, "pk", None)).delete()
        if kept is not None:
            kept.organisation = default
            kept.save(update_fields=["organisation"])
    versions.filter(organisation=None).delete()
    # Migration 0007 made the version row with an explicit id, which PostgreSQL's sequence never
    # saw: the next organisation's row would take id 1 again.
    for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [versions.model]):
        schema_editor.execute(sql)
    users = apps.get_model(*settings.AUTH_USER_MODEL.split(".")).objects.using(alias)
    default.members.add(*users.filter(groups__name=settings.OFFICIALS_GROUP).distinct())


class Migration(migrations.Migration):
    dependencies = [
        ("targets", "0011_organisation_fields"),
    ]

    operations = [
        migrations.RunPython(to_default_organisation, migrations.RunPython.noop),
    ]
