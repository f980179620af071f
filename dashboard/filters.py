from datetime import date

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from targets.models import Leader, Organisation, ProgressReport, Signal, Status, Unit

DEADLINE_KINDS = [
    ("year_end", _("年底")),
    ("dated", _("其他日期")),
    ("ongoing", _("长期坚持/持续推进")),
    ("none", _("未写明")),
]


# The reports of each deadline kind, by the target's deadline as read (year end, another date,
# ongoing, none).
_YEAR_END = Q(target__due_date__month=12, target__due_date__day=31)
DEADLINE_CONDITIONS = {
    "year_end": _YEAR_END,
    "dated": Q(target__due_date__isnull=False) & ~_YEAR_END,
    "ongoing": Q(target__ongoing=True),
    "none": Q(target__due_date__isnull=True, target__ongoing=False),
}


def deadline_kinds_of(due_date: date | None, ongoing: bool) -> list[str]:
    """The kinds whose DEADLINE_CONDITIONS a target with this deadline meets, in Python."""
    kinds = []
    if due_date is not None:
        kinds.append("year_end" if (due_date.month, due_date.day) == (12, 31) else "dated")
    if ongoing:
        kinds.append("ongoing")
    elif due_date is None:
        kinds.append("none")
    return kinds


class ReportFilter(django_filters.FilterSet):
    """The filters of an organisation's report table; leaders and units are the organisation's
    own (another's names are neither offered nor accepted)."""

    leader = django_filters.ModelChoiceFilter(queryset=Leader.objects.none(), label=_("市政府领导"))
    unit = django_filters.ModelChoiceFilter(
        field_name="report_units__unit", queryset=Unit.objects.none(), label=_("责任单位"), distinct=True
    )
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("报告状态"))
    signal = django_filters.ChoiceFilter(field_name="pace__signal", choices=Signal.choices, label=_("进度信号"))
    deadline = django_filters.ChoiceFilter(choices=DEADLINE_KINDS, method="filter_deadline", label=_("完成时限"))
    q = django_filters.CharFilter(method="filter_text", label=_("包含文字"))

    class Meta:
        model = ProgressReport
        fields = ["leader", "unit", "status", "signal", "deadline", "q"]

    def __init__(self, data, *, queryset, organisation: Organisation):
        super().__init__(data, queryset=queryset)
        self.filters["leader"].queryset = Leader.objects.of(organisation)
        self.filters["unit"].queryset = Unit.objects.of(organisation).filter(needs_review=False)

    def filter_deadline(self, queryset, name, value):
        return queryset.filter(DEADLINE_CONDITIONS[value])

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(target__content__icontains=value) | Q(progress__icontains=value))
