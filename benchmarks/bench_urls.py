"""The site's URLs plus one page that renders the base template with no data: the baseline."""

from django.shortcuts import render
from django.urls import path

from heze_targets.urls import urlpatterns as site_urlpatterns


def empty_page(request):
    return render(request, "base.html")


# The site's own list (not include(): its public part uses i18n_patterns, which only a root list may).
urlpatterns = [path("bench/empty/", empty_page), *site_urlpatterns]
