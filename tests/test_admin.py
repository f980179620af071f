"""The Django admin: every model registered, and each list page answers for staff."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User

from targets.models import ReportUnit, Unit
from tests.conftest import FIXTURES, PROGRESS_2023_H1, import_report, import_task_notice, import_work_report

pytestmark = pytest.mark.django_db


def test_every_model_of_the_app_is_registered():
    assert [m.__name__ for m in apps.get_app_config("targets").get_models() if m not in admin.site._registry] == []


def test_each_list_page_answers_with_search_and_filters(client):
    import_report(PROGRESS_2023_H1)
    import_work_report(FIXTURES / "work-report-2022-12-27-abstract.txt")
    import_task_notice(FIXTURES / "key-tasks-notice-2023-13-green-low-carbon.txt")
    client.force_login(User.objects.create_superuser("admin", password="x" * 12))
    for model in apps.get_app_config("targets").get_models():
        url = f"/admin/targets/{model._meta.model_name}/?q=5G"
        assert client.get(url).status_code == 200, url


def test_an_alias_added_to_a_countys_unit_belongs_to_that_county(client, city_and_counties):
    from targets.models import Unit, UnitAlias

    client.force_login(User.objects.create_superuser("admin", password="x" * 12))
    unit = Unit.objects.get(organisation__code="dingtao", name="县财政局")
    response = client.post("/admin/targets/unitalias/add/", {"spelling": "定陶区财政局", "unit": unit.pk}, follow=True)
    assert response.status_code == 200
    assert UnitAlias.objects.get(spelling="定陶区财政局").organisation.code == "dingtao"


def test_an_organisations_members_are_edited_in_the_admin(client, city_and_counties):
    from targets.models import Organisation

    official = User.objects.create_user("official", password="x" * 12)
    client.force_login(User.objects.create_superuser("admin", password="x" * 12))
    county = city_and_counties["juye"]
    form = {"code": "juye", "name": "巨野县", "level": "county", "parent": county.parent_id, "members": [official.pk]}
    assert client.post(f"/admin/targets/organisation/{county.pk}/change/", form).status_code == 302
    assert list(Organisation.objects.get(code="juye").members.all()) == [official]


def test_the_merge_action_folds_units_marked_for_review_into_the_confirmed_one(admin_client, tmp_path):
    misspelt = tmp_path / "misspelt.txt"
    misspelt.write_text(PROGRESS_2023_H1.read_text(encoding="utf-8").replace("市发展改革委", "市发展改草委"), "utf-8")
    import_report(misspelt)
    reviewed, confirmed = Unit.objects.get(name="市发展改草委"), Unit.objects.get(name="市发展改革委")
    count = ReportUnit.objects.filter(unit=reviewed).count()
    data = {"action": "merge_into_the_confirmed_unit", "_selected_action": [reviewed.pk, confirmed.pk]}
    response = admin_client.post("/admin/targets/unit/", data, follow=True)
    assert f"已并入“市发展改革委”：移动 {count} 条推进情况的责任单位。" in response.content.decode()
    assert (
        not Unit.objects.filter(pk=reviewed.pk).exists() and ReportUnit.objects.filter(unit=confirmed).count() == count
    )


def test_the_merge_action_needs_exactly_one_confirmed_unit(admin_client):
    import_report(PROGRESS_2023_H1)
    units = list(Unit.objects.filter(needs_review=False)[:2])
    data = {"action": "merge_into_the_confirmed_unit", "_selected_action": [unit.pk for unit in units]}
    response = admin_client.post("/admin/targets/unit/", data, follow=True)
    assert "请在同一政府中选择一个已确认的单位" in response.content.decode()
    assert Unit.objects.filter(pk__in=[unit.pk for unit in units]).count() == 2
