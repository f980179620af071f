"""The sitemap of the public site: published pages only (an organisation's home, its published
periods, the targets reported in them)."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap

from heze_targets.organisation_urls import organisation_reverse
from targets.models import Organisation, ReportingPeriod, Target

THE_PUBLIC = AnonymousUser()


class OrganisationSitemap(Sitemap):
    def items(self):
        return Organisation.objects.order_by("code")

    def location(self, item: Organisation) -> str:
        return organisation_reverse("public:index", item)


class PeriodSitemap(Sitemap):
    def items(self):
        return ReportingPeriod.objects.published().select_related("organisation").order_by("organisation", "as_of")

    def location(self, item: ReportingPeriod) -> str:
        return organisation_reverse("public:period-detail", item.organisation, item.code)


class TargetSitemap(Sitemap):
    limit = 10_000

    def items(self):
        return (
            Target.objects.visible_to(THE_PUBLIC).select_related("organisation").order_by("organisation", "year", "seq")
        )

    def location(self, item: Target) -> str:
        return organisation_reverse("public:target-detail", item.organisation, item.year, item.seq)


SITEMAPS = {"organisations": OrganisationSitemap, "periods": PeriodSitemap, "targets": TargetSitemap}
