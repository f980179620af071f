"""Each organisation's pages at the same paths: the default organisation's where they have
always been (bookmarks keep working), any other's under `o/<code>/` (the `o/` keeps codes
from colliding with `admin`, `static`, `search` and the rest).

Both forms of a page share one URL name; Django's reverse tells them apart by their
arguments, so `organisation_reverse` gives the code only for an organisation that is not the
default."""

import functools

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import URLPattern, URLResolver, get_script_prefix, get_urlconf, include, path, reverse
from django.utils.translation import get_language


def organisation_patterns(pages: list[URLPattern | URLResolver]) -> list[URLResolver]:
    return [path("", include(pages)), path("o/<slug:org>/", include(pages))]


def organisation_reverse(name: str, organisation, *args, query: str = "") -> str:
    """The URL of page `name` of `organisation` (an Organisation; the default one when None)."""
    if organisation is not None and not organisation.is_default:
        args = (organisation.code, *args)
    url = _reversed(name, args, get_language(), get_script_prefix(), get_urlconf())
    return f"{url}?{query}" if query else url


# Addresses worked out, per process, by name and arguments in the language, script prefix and
# URLconf they were asked in (all that Django's reverse reads): a page's links recur page after
# page (the header's, a table's leaders and units) and working one out cost 15 µs, a tenth of a
# table row. The URLconf is the same in every process until the next release.
@functools.lru_cache(maxsize=8192)
def _reversed(name: str, args: tuple, language: str | None, prefix: str, urlconf) -> str:
    return reverse(name, args=args, urlconf=urlconf)


@receiver(setting_changed)
def forget_addresses(**kwargs) -> None:
    """A test that swaps the URLconf, the languages or the default organisation changes them."""
    _reversed.cache_clear()
