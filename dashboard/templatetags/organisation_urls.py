"""`{% org_url "dashboard:period-detail" period.code %}`: the URL of a page of the organisation
the page shows (the context's `organisation`), as `{% url %}` gives it for the default one.
A name without its site (`"target-detail"`) is a page of the site the context's `site` names
("dashboard" unless a public page says "public"): includes shared by both sites link within
the site they are shown on."""

from django import template

from heze_targets.organisation_urls import organisation_reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def org_url(context, name: str, *args) -> str:
    if ":" not in name:
        name = f"{context.get('site') or 'dashboard'}:{name}"
    return organisation_reverse(name, context.get("organisation"), *args)
