"""`/accounts/login/`: officials log in; repeated failures lock the login of that user from that
address (django-axes), read behind DJANGO_TRUSTED_PROXY_COUNT proxies from X-Forwarded-For."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.test import override_settings

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-password-123"
ADDRESS_A, ADDRESS_B = "198.51.100.7", "203.0.113.9"
PROXY = "10.0.0.2"


@pytest.fixture
def official(db):
    user = User.objects.create_user("official", password=PASSWORD)
    user.groups.add(Group.objects.get(name=settings.OFFICIALS_GROUP))
    return user


def log_in(client, username: str, password: str, **request):
    return client.post("/accounts/login/", {"username": username, "password": password}, **request)


def fail_until_locked(client, username: str, **request) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, username, "wrong", **request)


def is_locked(response) -> bool:
    return response.status_code == 429


def test_an_official_logs_in_and_lands_on_the_overview(client, official):
    response = log_in(client, "official", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/dashboard/"


def test_a_wrong_password_says_so(client, official):
    response = log_in(client, "official", "wrong")
    assert "用户名或密码不正确" in response.content.decode()


def test_five_failures_for_a_user_from_an_address_lock_that_pair_even_for_the_right_password(client, official):
    fail_until_locked(client, "official", REMOTE_ADDR=ADDRESS_A)
    response = log_in(client, "official", PASSWORD, REMOTE_ADDR=ADDRESS_A)
    assert is_locked(response) and "登录已暂时锁定" in response.content.decode()


def test_failures_from_one_address_do_not_lock_the_user_out_elsewhere(client, official):
    fail_until_locked(client, "official", REMOTE_ADDR=ADDRESS_A)
    assert is_locked(log_in(client, "official", PASSWORD, REMOTE_ADDR=ADDRESS_A))
    response = log_in(client, "official", PASSWORD, REMOTE_ADDR=ADDRESS_B)
    assert response.status_code == 302 and response["Location"] == "/dashboard/"


def test_made_up_names_do_not_lock_a_real_user_at_the_same_address(client, official):
    for number in range(settings.AXES_FAILURE_LIMIT + 1):
        log_in(client, f"nobody-{number}", "wrong", REMOTE_ADDR=ADDRESS_A)
    response = log_in(client, "official", PASSWORD, REMOTE_ADDR=ADDRESS_A)
    assert response.status_code == 302


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_each_forwarded_address_is_locked_on_its_own(client, official):
    fail_until_locked(client, "official", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ADDRESS_A)
    assert is_locked(log_in(client, "official", PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ADDRESS_A))
    response = log_in(client, "official", PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ADDRESS_B)
    assert response.status_code == 302


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_only_the_address_the_proxy_saw_counts(client, official):
    """A client may send its own X-Forwarded-For; the proxy appends the real address after it."""
    for number in range(settings.AXES_FAILURE_LIMIT):
        forged = f"192.0.2.{number}, {ADDRESS_A}"
        log_in(client, "official", "wrong", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forged)
    response = log_in(client, "official", PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.99, {ADDRESS_A}")
    assert is_locked(response)


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_without_a_proxy_a_forged_forwarded_address_is_ignored(client, official):
    for number in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "official", "wrong", REMOTE_ADDR=ADDRESS_A, HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    response = log_in(client, "official", PASSWORD, REMOTE_ADDR=ADDRESS_A, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert is_locked(response)
