"""The dependency rule (docs/architecture.md): importers/ and analysis/ are plain Python that
never reach Django or the apps; targets/ is the domain, which the audience apps (dashboard/,
public/, uploads/) use and never the other way round."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAIN_PYTHON = ["importers", "analysis"]
AUDIENCE_APPS = ["dashboard", "public", "uploads"]
# What plain-Python code must never load: Django, and the apps built on it.
DJANGO_SIDE = ["django", "targets", "heze_targets", *AUDIENCE_APPS]

# Run in a fresh interpreter: it refuses to load anything on the Django side, imports every
# module it is given, then lists what it loaded from the Django side all the same.
IMPORT_ALL = """
import importlib, sys

forbidden = set(sys.argv[1].split(","))


class Refuse:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in forbidden:
            raise ImportError(f"{name} is not plain Python")


sys.meta_path.insert(0, Refuse())
for module in sys.argv[2:]:
    importlib.import_module(module)
print(",".join(sorted(name for name in sys.modules if name.split(".")[0] in forbidden)))
"""


def modules_of(package: str) -> list[str]:
    return [
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in sorted((ROOT / package).rglob("*.py"))
    ]


def python_files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def imported_modules(path: Path) -> set[str]:
    """The modules a file imports, wherever the import stands (absolute imports; relative ones
    stay in its own package)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def imported_packages(path: Path) -> set[str]:
    return {name.split(".")[0] for name in imported_modules(path)}


def test_every_module_of_importers_and_analysis_loads_without_django_or_the_apps():
    modules = [module for package in PLAIN_PYTHON for module in modules_of(package)]
    assert "importers.progress_table" in modules and "analysis.pace" in modules
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    run = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL, ",".join(DJANGO_SIDE), *modules],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == ""


def test_no_module_of_importers_or_analysis_names_django_or_the_apps():
    # Also catches an import inside a function, which loading the module does not run.
    reaching = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) & set(DJANGO_SIDE))
        for package in PLAIN_PYTHON
        for path in python_files(package)
    }
    assert {path: names for path, names in reaching.items() if names} == {}


def test_the_domain_app_imports_no_audience_app():
    reaching = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) & set(AUDIENCE_APPS))
        for path in python_files("targets")
    }
    assert {path: names for path, names in reaching.items() if names} == {}


def test_the_public_site_is_built_on_the_officials_pages_and_never_the_other_way_round():
    # public/ reuses the officials' tables, charts and filters; dashboard/ and uploads/ never
    # reach the public site.
    reaching = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) & {"public"})
        for package in ("dashboard", "uploads")
        for path in python_files(package)
    }
    assert {path: names for path, names in reaching.items() if names} == {}


def test_no_test_module_imports_another_test_module():
    # Shared helpers live in tests/conftest.py; a test module is only ever run, never imported.
    reaching = {
        path.name: sorted(name for name in imported_modules(path) if name.startswith("tests.test_"))
        for path in python_files("tests")
    }
    assert {name: modules for name, modules in reaching.items() if modules} == {}
