import gc
import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from analysis.search_words import load_dictionary

# gunicorn's exit code for "the application failed to load": it stops instead of starting
# new workers that fail the same way for ever.
APP_LOAD_ERROR = 4

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heze_targets.settings")
try:
    django_application = get_wsgi_application()
except ImproperlyConfigured as error:
    # A missing setting (DJANGO_SECRET_KEY in production) is one line in the server's log.
    print(f"error: {error}", file=sys.stderr)
    sys.exit(APP_LOAD_ERROR)

from public.caching import KeptPageApplication  # noqa: E402 (needs the apps loaded above)

# Kept public pages are answered before Django's request handling, everything else by it.
application = KeptPageApplication(django_application)

# Before the first request (with gunicorn --preload, once, in the process the workers are forked
# from): a visitor's first search would otherwise wait for jieba's dictionary, and a worker's first
# request for the view modules (half a second).
load_dictionary()
get_resolver().url_patterns  # noqa: B018 (reading them imports them)
# What is loaded now (Django, the apps, plotly, jieba's dictionary: some 140,000 objects) lasts as
# long as the process: frozen, the collector's full collections no longer walk it, each a pause of
# 60 ms in the render that set it off, every hundred renders or so.
gc.freeze()
