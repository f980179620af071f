from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from heze_targets.organisation_urls import organisation_reverse
from public.tables import PeriodTable
from targets.models import Organisation, ReportingPeriod

# The public site shows what anyone may read, whoever is logged in.
THE_PUBLIC = AnonymousUser()


def index(request: HttpRequest, org: str | None = None) -> HttpResponse:
    """An organisation's published periods (the default organisation's at `/`)."""
    organisation = get_object_or_404(Organisation, code=org or settings.DEFAULT_ORGANISATION_CODE)
    if org and organisation.is_default:
        return redirect(organisation_reverse("public:index", None))
    periods = ReportingPeriod.objects.visible_to(THE_PUBLIC).of(organisation).with_status_counts()
    context = {
        "organisation": organisation,
        "others": Organisation.objects.exclude(pk=organisation.pk),
        "table": PeriodTable(periods),
    }
    return render(request, "public/index.html", context)
