"""The responsible units the seed documents name, and the other spellings they use for them.

Spellings met later and not listed here create a unit marked "needs review"; admins then
merge it into a unit below by adding an alias in the admin.
"""

from django.db import migrations

UNITS = [
    "东明县人民政府", "交投集团", "华瑞集团", "单县人民政府", "各县区人民政府", "团市委", "城投控股",
    "定陶区人民政府", "巨野县人民政府", "市交通运输局", "市人力资源社会保障局", "市人才办", "市人行",
    "市住房城乡建设局", "市体育局", "市信息通信发展办公室", "市信访局", "市公安局", "市公路事业发展中心",
    "市农业农村局", "市创城办", "市医保局", "市卫生健康委", "市发展改革委", "市司法局", "市商务局",
    "市国资委", "市地方金融监管局", "市城管局", "市大数据局", "市妇联", "市委改革办", "市委组织部",
    "市委编办", "市审计局", "市工业和信息化局", "市市场监管局", "市应急管理局", "市扶贫办", "市政府办公室",
    "市教育局", "市文化和旅游局", "市林业局", "市残联", "市民政局", "市水务局", "市消防救援支队",
    "市牡丹发展服务中心", "市现代医药港", "市生态环境局", "市科协", "市科技局", "市移动公司", "市税务局",
    "市自然资源和规划局", "市行政审批服务局", "市财政局", "市退役军人事务局", "市邮政管理局", "市高新区",
    "成武县人民政府", "曹县人民政府", "牡丹区人民政府", "菏泽城投", "菏泽银保监分局", "菏泽鲁西新区管委会",
    "财金集团", "郓城县人民政府", "鄄城县人民政府",
]  # fmt: skip

# spelling as written → canonical unit
ALIASES = {
    "市发改委": "市发展改革委",
    "市工信局": "市工业和信息化局",
    "市人社局": "市人力资源社会保障局",
    "市应急局": "市应急管理局",
    "鲁西新区管委会": "菏泽鲁西新区管委会",
    "市金融监管局": "市地方金融监管局",
    # traditional and mis-recognised characters in place names
    "鄆城县人民政府": "郓城县人民政府",
    "郟城县人民政府": "郓城县人民政府",
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
    apps.get_model("targets", "Unit").objects.filter(name__in=UNITS, report_units__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("targets", "0001_initial")]
    operations = [migrations.RunPython(add_units, remove_units)]
