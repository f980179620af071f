"""Requests refused before any view sees them."""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest


def has_nul(request: HttpRequest) -> bool:
    """A NUL character anywhere in the path or in a query key or value, as decoded."""
    return "\x00" in request.path or any(
        "\x00" in key or "\x00" in value for key, values in request.GET.lists() for value in values
    )


class RefuseNulMiddleware:
    """400 for a NUL character (%00) in the path or the query string.

    PostgreSQL text cannot hold NUL: a period code, a leader's or unit's name or a filter value
    holding one fails in the database driver (a 500) wherever it is compared with a column. No
    real name or code holds one, so the request is refused here once rather than in each view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_nul(request):
            return HttpResponseBadRequest("A NUL character is not allowed in the address.", content_type="text/plain")
        return self.get_response(request)
