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
