"""The site's URLs plus two baselines: a page that renders the base template with no data, and
the least a Django view can answer (a few bytes through the same middleware): the ceiling."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from heze_targets.urls import urlpatterns as site_urlpatterns


def empty_page(request):
    return render(request, "base.html")


def minimal_view(request):
    return HttpResponse("ok", content_type="text/plain")


# The site's own list (not include(): its public part uses i18n_patterns, which only a root list may).
urlpatterns = [path("bench/empty/", empty_page), path("bench/minimal/", minimal_view), *site_urlpatterns]
