"""Every upload URL: anonymous visitors log in first, users who are not officials and officials
who are not importers get 403 (on GET and POST), importers get the page. A URL pattern of the
uploads app added without a case here fails the test."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve, reverse

from targets.models import Organisation
from tests.conftest import PROGRESS_2023_H1, import_report, make_official
from uploads.models import Upload

pytestmark = pytest.mark.django_db


def upload_routes(patterns=None, inside: bool = False) -> set[str]:
    """The names of the URL patterns of the uploads app."""
    names = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            names |= upload_routes(pattern.url_patterns, inside or pattern.namespace == "uploads")
        elif inside:
            names.add(pattern.name)
    return names


@pytest.fixture
def urls(importer_client) -> dict[str, str]:
    """A concrete URL for each upload pattern, and the method it takes."""
    import_report(PROGRESS_2023_H1)
    file = SimpleUploadedFile(PROGRESS_2023_H1.name, PROGRESS_2023_H1.read_bytes())
    importer_client.post(reverse("uploads:index"), {"file": file, "kind": "progress"})
    pk = Upload.objects.get().pk
    return {
        reverse("uploads:index"): "get",
        reverse("uploads:template"): "get",
        reverse("uploads:detail", args=[pk]): "get",
        reverse("uploads:confirm", args=[pk]): "post",
        reverse("uploads:rollback", args=[pk]): "post",
        reverse("uploads:download", args=[pk]): "get",
        reverse("uploads:accept-unit", args=[pk]): "post",
        reverse("uploads:new-unit", args=[pk]): "post",
        reverse("uploads:columns", args=[pk]): "post",
        reverse("uploads:period", args=[pk]): "post",
        reverse("uploads:publish", args=["2023-H1"]): "post",
    }


def test_every_upload_url_pattern_has_a_case_here(urls):
    assert {resolve(url).url_name for url in urls} == upload_routes()


def test_visitors_log_in_first(urls):
    for url, method in urls.items():
        response = getattr(Client(), method)(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


@pytest.mark.parametrize("who", ["not an official", "an official, not an importer"])
def test_users_who_may_not_upload_are_forbidden(urls, who):
    user = User.objects.create_user("someone")
    if who.startswith("an official"):
        user = make_official("official", Organisation.objects.default())
    client = Client()
    client.force_login(user)
    for url, method in urls.items():
        assert getattr(client, method)(url).status_code == 403, url
    assert Upload.objects.get().state == "waiting"


def test_importers_get_every_page(urls):
    client = Client()
    importer = User.objects.get(username="importer")
    assert importer.groups.filter(name=settings.IMPORTERS_GROUP).exists()
    client.force_login(importer)
    for url, method in urls.items():
        # Posted without its fields, accepting a unit finds no such unit (404): access was granted.
        assert getattr(client, method)(url).status_code in (200, 302, 400, 404, 409), url


def test_a_superuser_is_an_importer_without_the_group(urls):
    client = Client()
    client.force_login(User.objects.create_superuser("root", password="a-long-password-123"))
    assert client.get(reverse("uploads:index")).status_code == 200
    assert not Group.objects.get(name=settings.IMPORTERS_GROUP).user_set.filter(username="root").exists()
