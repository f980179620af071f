"""Units that notice 菏政办字〔2023〕13号 names, and its spellings of units we know."""

from django.db import migrations

UNITS = [
    "市委宣传部", "有关县区政府", "菏泽黄河河务局", "菏泽海关", "市贸促会", "市社科联", "市委党校", "菏泽学院",
    "菏泽职业学院",
]  # fmt: skip

# spelling as written → canonical unit
ALIASES = {
    "人行菏泽市中心支行": "市人行",
    "各县区政府": "各县区人民政府",
    # "各县区政府、管委会": the county governments and the zones' management committees, as one
    "各县区政府、管委会": "各县区人民政府",
}


def add_units(apps, schema_editor):
    Unit = apps.get_model("targets", "Unit")
    UnitAlias = apps.get_model("targets", "UnitAlias")
    for name in UNITS:
        Unit.objects.get_or_create(name=name)
    for spelling, name in ALIASES.items():
        UnitAlias.objects.get_or_create(spelling=spelling, defaults={"unit": Unit.objects.get(name=name)})


def remove_units(apps, schema_editor):
    apps.get_model("targets", "UnitAlias").objects.filter(spelling__in=ALIASES).delete()
    apps.get_model("targets", "Unit").objects.filter(
        name__in=UNITS, report_units__isnull=True, task_units__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("targets", "0003_work_reports_and_task_notices")]
    operations = [migrations.RunPython(add_units, remove_units)]
