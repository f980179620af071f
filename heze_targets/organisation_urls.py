"""Each organisation's pages at the same paths: the default organisation's where they have
always been (bookmarks keep working), any other's under `o/<code>/` (the `o/` keeps codes
from colliding with `admin`, `static`, `search` and the rest).

Both forms of a page share one URL name; Django's reverse tells them apart by their
arguments, so `organisation_reverse` gives the code only for an organisation that is not the
default."""

from django.urls import URLPattern, URLResolver, include, path, reverse


def organisation_patterns(pages: list[URLPattern | URLResolver]) -> list[URLResolver]:
    return [path("", include(pages)), path("o/<slug:org>/", include(pages))]


def organisation_reverse(name: str, organisation, *args, query: str = "") -> str:
    """The URL of page `name` of `organisation` (an Organisation; the default one when None)."""
    if organisation is not None and not organisation.is_default:
        args = (organisation.code, *args)
    url = reverse(name, args=args)
    return f"{url}?{query}" if query else url
