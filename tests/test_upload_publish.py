"""`/dashboard/imports/periods/<code>/publish/`: an importer publishes a period (the public site
shows published periods only) or takes it back."""

import pytest
from django.test import Client

from targets.models import ReportingPeriod
from tests.conftest import PROGRESS_2023_H1, import_report, page_text

pytestmark = pytest.mark.django_db
URL = "/dashboard/imports/periods/2023-H1/publish/"


def test_an_importer_publishes_and_unpublishes_a_period(importer_client):
    import_report(PROGRESS_2023_H1)
    visitor = Client()
    assert "2023年上半年" not in page_text(visitor.get("/"))
    assert importer_client.post(URL, {"published": "1"}).status_code == 302
    assert ReportingPeriod.objects.get().published and "2023年上半年" in page_text(visitor.get("/"))
    importer_client.post(URL, {"published": "0"})
    assert not ReportingPeriod.objects.get().published and "2023年上半年" not in page_text(visitor.get("/"))


def test_publishing_takes_an_importer(official_client):
    import_report(PROGRESS_2023_H1)
    assert official_client.post(URL, {"published": "1"}).status_code == 403
    assert not ReportingPeriod.objects.get().published
