"""The site's URLs plus one page that renders the base template with no data: the baseline."""

from django.shortcuts import render
from django.urls import include, path


def empty_page(request):
    return render(request, "base.html")


urlpatterns = [path("bench/empty/", empty_page), path("", include("heze_targets.urls"))]
