"""Links of the public pages: the same page in the other language (a plain link: the language
is in the address, so that a cached page is the same for every reader), and a list's address
with one parameter changed (facets, sorting, pages: the address holds a list's whole state)."""

from urllib.parse import urlencode

from django import template
from django.http import QueryDict
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()

# The language a link offers from each: the page in English from Chinese, and back.
OTHER_LANGUAGE = {"zh-hans": ("en", "English"), "en": ("zh-hans", "中文")}


@register.simple_tag(takes_context=True)
def other_language_link(context) -> str:
    request = context["request"]
    code, name = OTHER_LANGUAGE.get(get_language(), OTHER_LANGUAGE["zh-hans"])
    url = translate_url(request.get_full_path(), code)
    return format_html('<a href="{}" hreflang="{}" lang="{}">{}</a>', url, code, code, name)


@register.simple_tag(takes_context=True)
def with_param(context, name: str, value) -> str:
    return address_with(context["request"].GET, name, value)


def address_with(query: QueryDict, name: str, value) -> str:
    """The address of `query` with `name` set to `value` (removed when empty) and the page reset,
    its parameters in their order (a new one last), as QueryDict's copy and urlencode write it:
    without that copy, which deep-copies the query for each of a list's sixty facet links."""
    parameters = {key: values for key, values in query.lists() if key != "page"}
    if value in (None, ""):
        parameters.pop(name, None)
    else:
        parameters[name] = [value]
    encoded = urlencode([(key, item) for key, values in parameters.items() for item in values])
    return f"?{encoded}" if encoded else "?"
