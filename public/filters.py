import django_filters
from django.utils.translation import gettext_lazy as _

from dashboard.filters import ReportFilter
from targets.models import Leader, Unit


class PublicReportFilter(ReportFilter):
    """The officials' filters with leaders and units named in the address (`?leader=王昌华`): a
    public list's address says what it shows and stays valid across imports."""

    leader = django_filters.ModelChoiceFilter(
        queryset=Leader.objects.none(), to_field_name="name", label=_("市政府领导")
    )
    unit = django_filters.ModelChoiceFilter(
        field_name="report_units__unit",
        queryset=Unit.objects.none(),
        to_field_name="name",
        label=_("责任单位"),
        distinct=True,
    )

    # The parameters facets narrow, in the order the page lists them.
    FACETS = ("leader", "unit", "status", "signal", "deadline")
