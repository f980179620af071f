"""A public page: anyone may read it, nobody may change anything through it, and it shows one
organisation (the default one at its paths, another under `o/<code>/`)."""

from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import SimpleLazyObject
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from public.caching import whole_page
from public.json_forms import JsonForm, json_response, wants_json
from targets.models import Organisation


def public_page(view=None, *, json_form: JsonForm | None = None):
    """A public_view whose response is kept whole (public.caching). With `json_form`, `?format=json` answers the
    page's JSON form (public.json_forms), made from the same context."""
    if view is None:
        return lambda view: public_page(view, json_form=json_form)

    @public_view
    @wraps(view)
    def wrapped(request: HttpRequest, organisation: Organisation, *args, **kwargs) -> HttpResponse:
        def render() -> HttpResponse:
            as_json = wants_json(request, json_form)
            response = view(request, organisation, *args, **kwargs)
            if hasattr(response, "context_data"):
                response.context_data = {**(response.context_data or {}), **organisation_context(organisation)}
                if as_json:
                    content = json_form(request, response.context_data)
                    return json_response(request, view.__name__.removesuffix("_detail"), organisation, content)
            return response

        return whole_page(request, [organisation.pk], render)

    return wrapped


def organisation_context(organisation: Organisation) -> dict:
    """What every public page's template reads of its organisation (public_base.html)."""
    others = SimpleLazyObject(lambda: list(Organisation.objects.exclude(pk=organisation.pk)))
    return {"organisation": organisation, "others": others, "site": "public"}


def public_view(view):
    """GET and HEAD only (405 otherwise: exempt from CSRF checks, which would answer 403 first,
    as nothing here accepts a form); the view gets the Organisation of the address (the default
    one's pages under o/<code>/ redirect to its own). Its response is not kept: downloads, which
    stream, use it alone."""

    @csrf_exempt
    @require_safe
    @wraps(view)
    def wrapped(request: HttpRequest, *args, org: str | None = None, **kwargs) -> HttpResponse:
        organisation = get_object_or_404(Organisation, code=org or settings.DEFAULT_ORGANISATION_CODE)
        if org and organisation.is_default:
            return redirect(request.get_full_path().replace(f"/o/{org}/", "/", 1))
        return view(request, organisation, *args, **kwargs)

    return wrapped
