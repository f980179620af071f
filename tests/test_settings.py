"""Settings and deployment defaults: production unless DJANGO_DEBUG=1 asks for development.

Production settings are tried in real subprocesses (`manage.py`, gunicorn, Python started the
way a server starts it), with the environment a deployment has: the tests themselves run on
development settings (tests/development_mode.py).
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MISSING_KEY = "error: set DJANGO_SECRET_KEY to a long random value (or DJANGO_DEBUG=1 for development)"


def deployment_env(tmp_path: Path, **variables: str) -> dict[str, str]:
    """This process's environment without any DJANGO_ variable or DATABASE_URL (a database of
    its own in tmp_path), plus `variables`."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")}
    env.pop("DATABASE_URL", None)
    return (
        env
        | {"DJANGO_SETTINGS_MODULE": "heze_targets.settings", "SQLITE_PATH": str(tmp_path / "db.sqlite3")}
        | variables
    )


def production_env(tmp_path: Path, hosts: str = "testserver") -> dict[str, str]:
    return deployment_env(tmp_path, DJANGO_SECRET_KEY=secrets.token_urlsafe(50), DJANGO_ALLOWED_HOSTS=hosts)


def run(command: list[str], env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return run([sys.executable, "manage.py", *args], env)


def python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """`code` after django.setup(), as in a server process."""
    return run([sys.executable, "-c", f"import django\ndjango.setup()\n{code}"], env)


MISSING_PAGE = """
from django.test import Client
response = Client().get("/no-such-page/", secure=True)
print(response.status_code)
print(response.content.decode())
"""


def test_in_production_only_the_named_hosts_are_answered(tmp_path):
    env = production_env(tmp_path)
    del env["DJANGO_ALLOWED_HOSTS"]  # the default: 127.0.0.1 and localhost
    result = python(MISSING_PAGE, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("400\n")


def test_without_DJANGO_DEBUG_a_missing_page_is_a_plain_404_without_the_urls(tmp_path):
    result = python(MISSING_PAGE, production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("404\n")
    assert "dashboard/" not in result.stdout and "URLconf" not in result.stdout


def test_with_DJANGO_DEBUG_1_a_missing_page_lists_the_urls_for_the_developer(tmp_path):
    result = python(MISSING_PAGE, deployment_env(tmp_path, DJANGO_DEBUG="1"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("404\n") and "dashboard/" in result.stdout


def test_development_mode_needs_no_secret_key(tmp_path):
    result = manage("check", env=deployment_env(tmp_path, DJANGO_DEBUG="1"))
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("debug", [None, "0", "true"])
def test_a_production_start_without_a_secret_key_stops_with_one_line(tmp_path, debug):
    env = deployment_env(tmp_path) if debug is None else deployment_env(tmp_path, DJANGO_DEBUG=debug)
    result = manage("check", env=env)
    assert result.returncode != 0
    assert result.stderr == MISSING_KEY + "\n"


def test_gunicorn_as_the_readme_starts_it_stops_without_a_secret_key_with_one_line(tmp_path):
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [str(gunicorn), "--preload", "--workers", "2", "--bind", "127.0.0.1:0", "--no-control-socket"]
    # It stops at once; a server that kept restarting its workers would run into the timeout.
    result = run([*command, "heze_targets.wsgi"], deployment_env(tmp_path), timeout=30)
    assert result.returncode != 0
    assert result.stderr == MISSING_KEY + "\n"


def test_the_deploy_check_is_clean_with_production_settings(tmp_path):
    """HSTS, secure cookies, the https redirect, DEBUG off, a strong key; and axes' and
    django-csp's own checks."""
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


BROKEN_VIEW = """
import types
from django.test import Client, override_settings
from django.urls import path

def broken(request):
    raise RuntimeError("a view that fails on purpose")

urls = types.ModuleType("broken_urls")
urls.urlpatterns = [path("broken/", broken)]
with override_settings(ROOT_URLCONF=urls):
    print(Client(raise_request_exception=False).get("/broken/", secure=True).status_code)
"""


def test_in_production_a_server_error_is_logged_to_stderr_with_its_traceback(tmp_path):
    result = python(BROKEN_VIEW, production_env(tmp_path))
    assert result.stdout == "500\n", result.stderr
    assert "ERROR django.request: Internal Server Error: /broken/" in result.stderr
    assert "Traceback" in result.stderr and "RuntimeError: a view that fails on purpose" in result.stderr


def test_the_tests_get_static_files_from_static_without_collectstatic(client):
    """The browser tests' pages need their CSS and scripts; static/ is served as it is."""
    response = client.get("/static/js/charts.js")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == (ROOT / "static" / "js" / "charts.js").read_bytes()
