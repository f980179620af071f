"""Officials' pages cache their content under the page, the language and the data version
(targets.cache), in the database cache every app server shares; any committed write raises the
version, so a page never shows data older than the last write."""

from functools import wraps

from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import get_language

from targets.cache import data_version


def page_key(request: HttpRequest) -> str:
    return f"{request.get_full_path()}|{get_language()}|{data_version()}"


def cached_content(view):
    """Gives the view's TemplateResponse the `page_key` under which dashboard_base.html caches the
    content block. The content is the same for every official; the frame around it (who is
    logged in, the forms' CSRF tokens) is rendered each time. The version is read before the view
    reads any data: content cached under a version is never older than that version."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> TemplateResponse:
        key = page_key(request)
        response = view(request, *args, **kwargs)
        response.context_data = {**(response.context_data or {}), "page_key": key}
        return response

    return wrapped
