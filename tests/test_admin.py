"""The Django admin: every model registered, and each list page answers for staff."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User

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
