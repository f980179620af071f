"""Links of the public pages: the same page in the other language (a plain link: the language
is in the address, so that a cached page is the same for every reader), and a list's address
with one parameter changed (facets, sorting, pages: the address holds a list's whole state)."""

from django import template
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
    """The current address with `name` set to `value` (removed when empty) and the page reset."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    if value in (None, ""):
        query.pop(name, None)
    else:
        query[name] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"
