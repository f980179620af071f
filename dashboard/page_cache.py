"""Officials' pages cache their content under the organisation, the page, the language and the
organisation's data version (targets.cache), in the database cache every app server shares; any
committed write to an organisation's data raises its version, so a page never shows data older
than the last write, and a write to one organisation leaves the others' cached pages valid."""

from functools import wraps

from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import get_language

from heze_targets.release import release
from targets.cache import data_version
from targets.models import Organisation


def page_key(request: HttpRequest, organisation: Organisation) -> str:
    return f"{organisation.code}|{request.get_full_path()}|{get_language()}|{data_version(organisation)}|{release()}"


def cached_content(view):
    """Gives the view's TemplateResponse the `page_key` under which dashboard_base.html caches the
    content block. The content is the same for every official who may see it; the frame around
    it (who is logged in, the forms' CSRF tokens) is rendered each time. The version is read
    before the view reads any data: content cached under a version is never older than that
    version."""

    @wraps(view)
    def wrapped(request: HttpRequest, organisation: Organisation, *args, **kwargs) -> TemplateResponse:
        key = page_key(request, organisation)
        response = view(request, organisation, *args, **kwargs)
        response.context_data = {**(response.context_data or {}), "page_key": key}
        return response

    return wrapped
