from django.http import HttpRequest
from django.utils.translation import get_language

from targets.cache import data_version


def page_cache(request: HttpRequest) -> dict:
    """The key under which an officials' page caches its content: the page, the language and
    the data version. The content is the same for every official; the frame around it (who is
    logged in, the forms' CSRF tokens) is rendered each time."""
    if not request.path.startswith("/dashboard/"):
        return {}
    return {"page_key": f"{request.get_full_path()}|{get_language()}|{data_version()}"}
