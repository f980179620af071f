"""`/dashboard/`: the officials' start page, periods (published or not) and recent imports."""

import pytest
from django.contrib.auth.models import User

from tests.conftest import PROGRESS_2020_H1, PROGRESS_FIXTURES, import_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(client):
    client.force_login(User.objects.create_user("official", password="x" * 12))
    return client


def test_it_asks_anonymous_visitors_to_log_in(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_it_shows_unpublished_periods_and_import_batches(official):
    import_report(PROGRESS_2020_H1)
    page = official.get("/dashboard/").content.decode()
    assert "2020年上半年" in page
    assert "progress-report-2020-H1-extract-targets-1-57.txt" in page


def test_its_queries_do_not_grow_with_the_data(official, django_assert_num_queries):
    import_report(PROGRESS_2020_H1)
    with django_assert_num_queries(4) as few:
        official.get("/dashboard/")
    import_report(*PROGRESS_FIXTURES)
    with django_assert_num_queries(len(few.captured_queries)):
        official.get("/dashboard/")
