"""The tests load development settings: plain http, the development key, static files straight
from static/. pytest-django turns DEBUG off for each test, as Django's test runner does.

Loaded as a plugin (`-p tests.development_mode` in pyproject.toml) because pytest-django imports
the settings before it reads any conftest.py. Set outright, not as a default: a shell that
exports DJANGO_DEBUG=0 would otherwise send every test request to https. Subprocesses started
by the tests inherit it; those that test production settings remove it.
"""

import os

os.environ["DJANGO_DEBUG"] = "1"
