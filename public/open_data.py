"""The open-data page and its files: an organisation's whole published data set as JSON, one CSV
per table and a SQLite file, described by a Frictionless data package, each with its size and
SHA-256 checksum. The files are built when the data changes (targets.open_data), never here.

Neither the page nor the files are kept whole (public_view, not public_page): a build lands
after the write that raised the data version, so a copy kept under that version would go on
showing the build before it. The page costs a few queries; a file streams from its chunks."""

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext_lazy as _

from public.access import organisation_context, public_view
from public.caching import BROWSER_SECONDS
from targets import open_data
from targets.cache import data_version
from targets.models import Organisation
from targets.open_data_tables import TABLES

# What each file holds, as the page says it (the data package says it in English).
RESOURCE_TITLES = {
    "everything": _("全部数据（JSON，与导出格式相同）"),
    "database": _("全部表（SQLite 数据库）"),
    **{table.name: table.title for table in TABLES},
}


@public_view
def data_page(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """The newest build's files, when it was built, from which data version and which periods it
    covers; while none exists, that the files are being prepared."""
    built = open_data.latest_release(organisation)
    files = list(built.files.all()) if built else []
    context = {
        **organisation_context(organisation),
        "release": built,
        "files": [(file, RESOURCE_TITLES.get(file.resource, "")) for file in files if file.name != open_data.PACKAGE],
        "package": open_data.PACKAGE,
        "newer_coming": built is not None and built.data_version < data_version(organisation),
        "licence": open_data.LICENCE,
    }
    return TemplateResponse(request, "public/data.html", context)


@public_view
def data_file(request: HttpRequest, organisation: Organisation, name: str) -> HttpResponse:
    """A file of the newest build, streamed, with its size and its checksum as ETag (a browser
    revalidating gets a 304); the data package itself is shown, the others are downloaded."""
    stored = open_data.published_file(organisation, name)
    if stored is None:
        raise Http404(name)
    etag = f'"{stored.sha256}"'
    unchanged = get_conditional_response(request, etag=etag)
    if unchanged is not None:
        unchanged["ETag"] = etag
        return unchanged
    media_type = stored.media_type + ("; charset=utf-8" if stored.media_type.startswith("text/") else "")
    chunks = open_data.file_chunks(stored) if request.method == "GET" else ()
    response = StreamingHttpResponse(chunks, content_type=media_type)
    response["Content-Length"] = stored.size
    response["ETag"] = etag
    # Open data: any site's scripts may read it (a data explorer given the package's address).
    response["Access-Control-Allow-Origin"] = "*"
    if name != open_data.PACKAGE:
        response["Content-Disposition"] = f'attachment; filename="{stored.name}"'
    patch_cache_control(response, public=True, max_age=BROWSER_SECONDS)
    return response
