"""`{% org_url "dashboard:period-detail" period.code %}`: the URL of a page of the organisation
the page shows (the context's `organisation`), as `{% url %}` gives it for the default one."""

from django import template

from heze_targets.organisation_urls import organisation_reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def org_url(context, name: str, *args) -> str:
    return organisation_reverse(name, context.get("organisation"), *args)
