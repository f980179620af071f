"""Who may read the officials' pages: officials (targets.access.is_official), each only the
organisations he follows (Organisation.objects.visible_to)."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from heze_targets.organisation_urls import organisation_reverse
from targets.access import is_official
from targets.models import Organisation


def official_required(view):
    """Anonymous visitors go to the login page; other users without the group get 403."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_official(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def organisation_page(view):
    """An officials' page of one organisation: the view is called with the Organisation of the
    address (the default one when the address has no `o/<code>/`), and its response knows which
    organisation it shows and which others the user may switch to. An organisation the user does
    not follow is not found, as for no such organisation: its pages are never shown."""

    @official_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, org: str | None = None, **kwargs) -> HttpResponse:
        visible = Organisation.objects.visible_to(request.user)
        organisation = visible.filter(code=org or settings.DEFAULT_ORGANISATION_CODE).first()
        if organisation is None:
            return _elsewhere(request, visible, org)
        if org and organisation.is_default:
            return redirect(request.get_full_path().replace(f"/o/{org}/", "/", 1))
        response = view(request, organisation, *args, **kwargs)
        if hasattr(response, "context_data"):
            others = SimpleLazyObject(lambda: list(visible.exclude(pk=organisation.pk)))
            response.context_data = {**(response.context_data or {}), "organisation": organisation, "others": others}
        return response

    return wrapped


def _elsewhere(request: HttpRequest, visible, org: str | None) -> HttpResponse:
    """The default organisation's overview for an official who follows others only: his first."""
    if org is None and request.resolver_match.url_name == "index":
        first = visible.first()
        if first is not None:
            return redirect(organisation_reverse("dashboard:index", first))
    raise Http404(_("没有这个政府，或者您无权查看。"))
