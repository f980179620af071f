"""The language of a page: the public site's from its address (English under /en/, Chinese
without a prefix: one cached copy per address serves every visitor), the rest's from the
visitor's choice (the language cookie the switch in the officials' header sets)."""

from django.middleware.locale import LocaleMiddleware
from django.utils import translation

# Paths outside the public site: their language follows the visitor, not the address, and
# their pages are never kept whole (public.caching).
NOT_PUBLIC_PATHS = ("/dashboard/", "/admin/", "/accounts/", "/i18n/")


class SiteLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        if _language_chosen(request):
            translation.activate(translation.get_language_from_request(request, check_path=False))
            request.LANGUAGE_CODE = translation.get_language()
            return
        super().process_request(request)

    def process_response(self, request, response):
        if _language_chosen(request):
            return super().process_response(request, response)
        # The address alone decides: no Vary on Accept-Language, which would keep a copy per
        # browser language in every shared cache for the same page.
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def _language_chosen(request) -> bool:
    return request.path_info.startswith(NOT_PUBLIC_PATHS)
