"""`/accounts/login/`: officials log in; repeated failures lock the login (django-axes)."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(db):
    user = User.objects.create_user("official", password="a-long-password-123")
    user.groups.add(Group.objects.get(name=settings.OFFICIALS_GROUP))
    return user


def test_an_official_logs_in_and_lands_on_the_overview(client, official):
    response = client.post("/accounts/login/", {"username": "official", "password": "a-long-password-123"})
    assert response.status_code == 302 and response["Location"] == "/dashboard/"


def test_a_wrong_password_says_so(client, official):
    response = client.post("/accounts/login/", {"username": "official", "password": "wrong"})
    assert "用户名或密码不正确" in response.content.decode()


def test_five_failures_lock_the_login_even_for_the_right_password(client, official):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "official", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "official", "password": "a-long-password-123"})
    assert response.status_code == 429 and "登录已暂时锁定" in response.content.decode()
