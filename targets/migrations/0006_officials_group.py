"""The group whose members may read the officials' dashboards."""

from django.db import migrations

GROUP = "officials"


def add_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [("targets", "0005_pace_and_year_links"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(add_group, remove_group)]
