"""The data version's one-row table, and the database cache's table: `migrate` is all a
deployment needs (the cache table used to need `createcachetable` as well)."""

from django.core.management import call_command
from django.db import migrations, models


def first_version(apps, schema_editor):
    apps.get_model("targets", "DataVersion").objects.using(schema_editor.connection.alias).get_or_create(pk=1)


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("targets", "0006_officials_group")]
    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("value", models.BigIntegerField(default=1)),
            ],
            options={"verbose_name": "数据版本", "verbose_name_plural": "数据版本"},
        ),
        migrations.RunPython(first_version, migrations.RunPython.noop),
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
    ]
