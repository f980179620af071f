from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from public.tables import PeriodTable
from targets.models import ReportingPeriod

# The public site shows what anyone may read, whoever is logged in.
THE_PUBLIC = AnonymousUser()


def index(request: HttpRequest) -> HttpResponse:
    periods = ReportingPeriod.objects.visible_to(THE_PUBLIC).with_status_counts()
    return render(request, "public/index.html", {"table": PeriodTable(periods)})
