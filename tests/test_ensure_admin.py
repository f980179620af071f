"""`manage.py ensure_admin`: the demo admin of `ADMIN_PASSWORD=… make run`, created once."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_it_creates_the_admin_once_and_leaves_it_alone_after(monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "demo-pass-123")
    call_command("ensure_admin", stdout=StringIO())
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("demo-pass-123")
    monkeypatch.setenv("ADMIN_PASSWORD", "another-pass-456")
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    assert "exists already" in out.getvalue()
    admin.refresh_from_db()
    assert admin.check_password("demo-pass-123")


def test_it_needs_a_password(monkeypatch):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="set ADMIN_PASSWORD"):
        call_command("ensure_admin")
    assert not User.objects.exists()


def test_a_weak_password_is_refused_with_one_line_naming_the_problems(monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "1")
    with pytest.raises(CommandError) as refused:
        call_command("ensure_admin")
    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith("ADMIN_PASSWORD is refused:")
    assert "at least 8 characters" in message and "entirely numeric" in message
    assert not User.objects.exists()


def test_a_password_like_the_user_name_is_refused(monkeypatch):
    monkeypatch.setenv("ADMIN_USERNAME", "zhangwei-admin")
    monkeypatch.setenv("ADMIN_PASSWORD", "zhangwei-admin1")
    with pytest.raises(CommandError, match="too similar to the username"):
        call_command("ensure_admin")
    assert not User.objects.exists()
