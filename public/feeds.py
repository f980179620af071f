"""Atom feeds of an organisation's published data (django.contrib.syndication): its newly
published periods at feeds/periods.atom, its changed targets at feeds/targets.atom. Like every
public page they read published periods only and are kept whole (public.access.public_page);
their ids and links are absolute, on the request's host."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.db.models import F, Max
from django.db.models.functions import Coalesce, Greatest
from django.http import HttpRequest
from django.utils.feedgenerator import Atom1Feed, SyndicationFeed
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from heze_targets.organisation_urls import organisation_reverse
from public.access import public_page
from public.views import published_periods, published_reports
from targets.models import Organisation, PeriodTally, ProgressReport, ReportingPeriod, Signal, Status, Target

# Entries a feed holds: readers poll it often, and everything older is on the site.
ENTRIES = 50
# The characters of a target's content in its entry's title; its page has the whole text.
TITLE_CHARS = 40
# When the public could first read a report as it now is: its import (an import that changes a
# report moves it to its own batch), its period's publication or an admin's edit, whichever came
# last (Coalesce: SQLite's MAX of a NULL is NULL).
SEEN_AT = Greatest(
    "batch__imported_at",
    Coalesce("period__published_at", "batch__imported_at"),
    Coalesce("edited_at", "batch__imported_at"),
)


class PlainTextAtom(Atom1Feed):
    """Atom 1.0 with each entry's summary as plain text (type="text"): Django's Atom1Feed writes
    the description as type="html", and a reader would take a "<" in a progress text as markup."""

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        handler.addQuickElement("summary", item["summary"], {"type": "text"})


class OrganisationFeed(Feed):
    """A feed of one organisation's published data; subclasses give its entries."""

    feed_type = PlainTextAtom

    def get_object(self, request: HttpRequest, organisation: Organisation) -> Organisation:
        return organisation

    def get_feed(self, obj: Organisation, request: HttpRequest) -> SyndicationFeed:
        feed = super().get_feed(obj, request)
        # Its own address is its id: both feeds of an organisation link to the same home page.
        feed.feed["id"] = feed.feed["feed_url"]
        return feed

    def link(self, organisation: Organisation) -> str:
        return organisation_reverse("public:index", organisation)

    def author_name(self, organisation: Organisation) -> str:
        return organisation.name

    def item_description(self, item) -> None:
        return None  # the summary is plain text (PlainTextAtom), not Django's html description

    def item_extra_kwargs(self, item) -> dict:
        return {"summary": self.item_summary(item)}

    def item_summary(self, item) -> str:
        raise NotImplementedError


@dataclass(frozen=True)
class PeriodEntry:
    period: ReportingPeriod
    totals: dict  # its whole-period tally (PeriodTallyQuerySet.totals_for)


class PeriodFeed(OrganisationFeed):
    def title(self, organisation: Organisation) -> str:
        return _("%(name)s：新公开的报告期") % {"name": organisation.name}

    def subtitle(self, organisation: Organisation) -> str:
        return _("每个报告期公开时一条，附各报告状态、各进度信号的推进情况条数。")

    def items(self, organisation: Organisation) -> list[PeriodEntry]:
        """The latest published periods, the latest made public first, in two queries."""
        periods = published_periods(organisation).select_related("organisation")
        periods = periods.annotate(imported_at=Max("batches__imported_at"))
        periods = list(periods.order_by(F("published_at").desc(nulls_last=True), "-as_of")[:ENTRIES])
        totals = PeriodTally.objects.totals_for(periods)
        return [PeriodEntry(period, totals[period.pk]) for period in periods]

    def item_title(self, entry: PeriodEntry) -> str:
        return f"{entry.period.label} · {entry.period.organisation.name}"

    def item_link(self, entry: PeriodEntry) -> str:
        return organisation_reverse("public:period-detail", entry.period.organisation, entry.period.code)

    def item_pubdate(self, entry: PeriodEntry) -> datetime | None:
        return entry.period.published_at

    def item_updateddate(self, entry: PeriodEntry) -> datetime | None:
        """Its publication or its latest import, whichever came later (a re-import changes it)."""
        return max(filter(None, [entry.period.published_at, entry.period.imported_at]), default=None)

    def item_summary(self, entry: PeriodEntry) -> str:
        totals = entry.totals
        return _("%(targets)d 项责任目标，%(reports)d 条推进情况。报告状态：%(statuses)s。进度信号：%(signals)s。") % {
            "targets": totals["targets"],
            "reports": totals["reports"],
            "statuses": counts_text(totals, "status", Status.choices),
            "signals": counts_text(totals, "signal", Signal.choices),
        }


def counts_text(totals: dict, prefix: str, choices: list[tuple[str, str]]) -> str:
    """The counts of a tally's `prefix` fields that are not 0: "按计划推进 212，不再实施 1"."""
    counted = [f"{label} {totals[f'{prefix}_{value}']}" for value, label in choices if totals[f"{prefix}_{value}"]]
    # Translators: the separator of a list of counts.
    return _("，").join(counted) or "—"


@dataclass(frozen=True)
class TargetEntry:
    target: Target
    report: ProgressReport  # its latest published report
    changed_at: datetime


class TargetFeed(OrganisationFeed):
    def title(self, organisation: Organisation) -> str:
        return _("%(name)s：有变化的责任目标") % {"name": organisation.name}

    def subtitle(self, organisation: Organisation) -> str:
        return _(
            "新公开的报告期中有推进情况、或推进情况经重新导入而改变的责任目标：最新的报告状态、进度信号和推进情况。"
        )

    def items(self, organisation: Organisation) -> list[TargetEntry]:
        """The targets whose published reports changed last, the latest first, in three queries."""
        changed = dict(changed_targets(organisation))
        targets = Target.objects.select_related("organisation").in_bulk(changed)
        latest = published_reports(organisation).latest_by_target(changed)
        return [TargetEntry(targets[pk], latest[pk], at) for pk, at in changed.items()]

    def item_title(self, entry: TargetEntry) -> str:
        return f"{entry.target.year}-{entry.target.seq} {Truncator(entry.target.content).chars(TITLE_CHARS)}"

    def item_link(self, entry: TargetEntry) -> str:
        target = entry.target
        return organisation_reverse("public:target-detail", target.organisation, target.year, target.seq)

    def item_updateddate(self, entry: TargetEntry) -> datetime:
        return entry.changed_at

    def item_summary(self, entry: TargetEntry) -> str:
        report = entry.report
        state = _("%(period)s：%(status)s") % {"period": report.period.label, "status": report.get_status_display()}
        pace = getattr(report, "pace", None)  # None until its pace is measured
        if pace is not None:
            state += _("；进度信号：%(signal)s") % {"signal": pace.get_signal_display()}
        return "\n".join(filter(None, [state, report.progress]))


def changed_targets(organisation: Organisation) -> list[tuple[int, datetime]]:
    """(target id, when its published reports last changed) of the organisation's targets whose
    reports changed last, the latest first: a report changes for the public when it is imported
    anew, when its period is made public or when an admin edits it (SEEN_AT)."""
    reports = published_reports(organisation).values("target").annotate(changed_at=Max(SEEN_AT))
    return list(reports.order_by("-changed_at", "-target").values_list("target", "changed_at")[:ENTRIES])


periods = public_page(PeriodFeed())
targets = public_page(TargetFeed())
