"""A web worker loads what serving pages needs, and only that: openpyxl is imported by an XLSX
download or template only (it costs a worker 32 MiB, which a 100,000-row CSV download's memory
goal cannot spare); jieba's dictionary and the views are loaded as the WSGI application starts,
before anyone asks, and what is loaded by then is frozen out of the garbage collector's walks;
that application answers kept public pages before Django's handling."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

LOADED = """
import sys, django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns  # every view module of every app, as a worker's first request loads them
import public.views, public.downloads, dashboard.downloads, uploads.views, targets.export, importers.formulas
print(",".join(sorted(name for name in sys.modules if name.split(".")[0] == "openpyxl")) or "none")
"""


def test_loading_every_view_leaves_openpyxl_unloaded():
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "heze_targets.settings", "DJANGO_DEBUG": "1"}
    loaded = subprocess.run([sys.executable, "-c", LOADED], cwd=ROOT, env=env, capture_output=True, text=True)
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.strip() == "none"


STARTED = """
import gc, sys, jieba
before = jieba.dt.initialized, "public.views" in sys.modules, gc.get_freeze_count()
import heze_targets.wsgi
after = jieba.dt.initialized, "public.views" in sys.modules, gc.get_freeze_count() > 100_000
print(*before, *after, type(heze_targets.wsgi.application).__name__)
"""


def test_the_wsgi_application_answers_kept_pages_itself_and_starts_with_what_pages_need_loaded_and_frozen():
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "heze_targets.settings", "DJANGO_DEBUG": "1"}
    started = subprocess.run([sys.executable, "-c", STARTED], cwd=ROOT, env=env, capture_output=True, text=True)
    assert started.returncode == 0, started.stderr
    # jieba's dictionary, the views and every object loaded by then, kept out of the collector's walks
    assert started.stdout.split() == ["False", "False", "0", "True", "True", "True", "KeptPageApplication"]
