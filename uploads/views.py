"""Uploading each quarter's documents in the browser: upload with a preview of what the import
would do, confirm (the import runs as a background task), follow its progress, publish periods."""

from datetime import date

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from heze_targets.organisation_urls import organisation_reverse
from importers.errors import SourceError
from importers.periods import FULL_YEAR, PERIOD_KINDS, QUARTER_KINDS, Period, parse_period_code
from targets.models import ImportBatch, Organisation, ReportingPeriod, Unit
from uploads.access import importer_page
from uploads.forms import ColumnMappingForm, PeriodForm, UploadForm
from uploads.limits import SizeLimitHandler, declared_too_large
from uploads.models import Upload, UploadState
from uploads.rollbacks import RollbackRefused, can_roll_back, roll_back, rollback_versions
from uploads.services import (
    accept_spelling,
    confirm_new_unit,
    map_columns,
    new_upload,
    refresh_preview,
    stopped_imports,
)
from uploads.tasks import import_upload, preview_upload

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

HISTORY = 50


# CSRF is checked by the inner view: the size limit must be in place before the body is read,
# and the CSRF check reads it.
@csrf_exempt
@importer_page
def index(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    if request.method == "POST" and declared_too_large(request):
        # Refused unread (so without its CSRF token, which is in the body): it writes nothing.
        return _index_page(request, organisation, UploadForm(), too_large_message())
    request.upload_handlers.insert(0, SizeLimitHandler(request))
    return _upload_page(request, organisation)


@csrf_protect
def _upload_page(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    error = ""
    if getattr(request, "upload_too_large", False):
        error = too_large_message()
    elif request.method == "POST" and form.is_valid():
        file, data = form.cleaned_data["file"], form.cleaned_data
        try:
            upload = new_upload(organisation, request.user, data["kind"], file.name, file.read(), data["period"])
        except SourceError as refused:
            error = str(refused)
        else:
            return _to_upload_page(upload)
    return _index_page(request, organisation, form, error)


def too_large_message() -> str:
    return _("文件超过 %(limit)s，没有读取。") % {"limit": filesizeformat(settings.UPLOAD_MAX_BYTES)}


def _index_page(request: HttpRequest, organisation: Organisation, form: UploadForm, error: str) -> HttpResponse:
    stopped_imports(organisation)
    uploads, versions = list(Upload.objects.of(organisation).for_pages()[:HISTORY]), rollback_versions(organisation)
    context = {
        "form": form,
        "error": error,
        "uploads": uploads,
        "can_roll_back": {upload.pk for upload in uploads if can_roll_back(upload, versions)},
        "periods": ReportingPeriod.objects.of(organisation).with_status_counts(),
        "batches": ImportBatch.objects.filter(organisation=organisation).select_related("period")[:HISTORY],
    }
    refused = bool(error) or (request.method == "POST" and form.errors)
    return TemplateResponse(request, "uploads/index.html", context, status=400 if refused else 200)


def _to_upload_page(upload: Upload) -> HttpResponse:
    """The upload's page, its preview started in the background when the file is large."""
    if upload.state == UploadState.PREVIEWING:
        preview_upload.enqueue(upload.pk)
    return redirect(organisation_reverse("uploads:detail", upload.organisation, upload.pk))


@importer_page
def detail(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    return _detail_page(request, organisation, pk)


def _detail_page(
    request: HttpRequest,
    organisation: Organisation,
    pk: int,
    error: str = "",
    mapping: ColumnMappingForm | None = None,
    status: int = 409,
) -> HttpResponse:
    stopped_imports(organisation)
    upload = get_object_or_404(Upload.objects.of(organisation).for_pages(), pk=pk)
    if mapping is None and upload.state == UploadState.MAPPING:
        mapping = ColumnMappingForm(upload.preview["columns"])
    context = {
        "upload": upload,
        "can_roll_back": can_roll_back(upload, rollback_versions(organisation)),
        "error": error,
        "mapping": mapping,
    }
    if not error:
        status = 400 if mapping is not None and mapping.errors else 200
    return TemplateResponse(request, "uploads/detail.html", context, status=status)


@importer_page
@require_POST
def columns(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    """The fields the admin chose for the columns of a table whose headers are not all known:
    remembered for the organisation's next tables; then the preview again."""
    upload = get_object_or_404(Upload.objects.of(organisation).filter(state=UploadState.MAPPING), pk=pk)
    mapping = ColumnMappingForm(upload.preview["columns"], request.POST)
    if not mapping.is_valid():
        return _detail_page(request, organisation, pk, mapping=mapping)
    map_columns(upload, mapping.choices_by_header())
    return _to_upload_page(upload)


@importer_page
def download(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    """The file as it was uploaded."""
    upload = get_object_or_404(Upload.objects.of(organisation).only("file_name", "content"), pk=pk)
    response = HttpResponse(bytes(upload.content), content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=upload.file_name)
    return response


@importer_page
@require_POST
def rollback(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    """The data put back as it was before the upload; refused, with why, when a later change
    stands in the way."""
    upload = get_object_or_404(Upload.objects.of(organisation).select_related("organisation"), pk=pk)
    try:
        roll_back(upload, request.user)
    except RollbackRefused as refused:
        return _detail_page(request, organisation, pk, error=str(refused))
    return redirect(organisation_reverse("uploads:detail", organisation, upload.pk))


@importer_page
@require_POST
def confirm(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    """Start the import (again, after a failure); a finished or running one is left alone."""
    startable = Upload.objects.of(organisation).filter(state__in=[UploadState.WAITING, UploadState.FAILED])
    upload = get_object_or_404(startable, pk=pk)
    upload.state, upload.phase, upload.reason, upload.alive_at = UploadState.IMPORTING, "", "", None
    upload.save(update_fields=["state", "phase", "reason", "alive_at"])
    import_upload.enqueue(upload.pk)
    return redirect(organisation_reverse("uploads:detail", organisation, upload.pk))


def _waiting_upload(organisation: Organisation, pk: int) -> Upload:
    """An upload previewed and waiting for its confirmation (what the preview's forms change)."""
    return get_object_or_404(Upload.objects.of(organisation).filter(state=UploadState.WAITING), pk=pk)


def _not_in_preview() -> HttpResponse:
    return HttpResponse(_("这个写法不在预览中。"), status=400, content_type="text/plain; charset=utf-8")


@importer_page
@require_POST
def accept_unit(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    """A new spelling of the preview accepted as another name of an existing unit (a unit of
    that name an earlier import made for review is merged into it); then the preview again."""
    upload, spelling = _waiting_upload(organisation, pk), request.POST.get("spelling", "")
    unit = get_object_or_404(Unit.objects.of(organisation), name=request.POST.get("unit", ""))
    if spelling not in upload.preview.get("new_units", {}):
        return _not_in_preview()
    accept_spelling(upload, spelling, unit)
    return _to_upload_page(upload)


@importer_page
@require_POST
def new_unit(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    """A new spelling of the preview confirmed as a unit of its own; then the preview again."""
    upload, spelling = _waiting_upload(organisation, pk), request.POST.get("spelling", "")
    if spelling not in upload.preview.get("new_units", {}):
        return _not_in_preview()
    confirm_new_unit(upload, spelling)
    return _to_upload_page(upload)


@importer_page
@require_POST
def period(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    """The period of a progress table corrected before the import; then the preview again."""
    upload = _waiting_upload(organisation, pk)
    form = PeriodForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, organisation, pk, error=" ".join(form.errors["period"]), status=400)
    upload.period_code = form.cleaned_data["period"]
    refresh_preview(upload)
    return _to_upload_page(upload)


@importer_page
@require_POST
def publish(request: HttpRequest, organisation: Organisation, code: str) -> HttpResponse:
    """Publish a period (the public site shows only published periods) or take it back."""
    period = get_object_or_404(ReportingPeriod.objects.of(organisation), code=code)
    period.published = request.POST.get("published") == "1"
    period.save(update_fields=["published"])
    return redirect(organisation_reverse("uploads:index", organisation))


@importer_page
def template(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """The blank table to fill in, titled for the period asked (?period=2024-Q3) or the quarter
    now under way."""
    try:
        period = (
            parse_period_code(request.GET["period"]) if request.GET.get("period") else current_quarter(date.today())
        )
    except ValueError as unknown:
        return HttpResponse(str(unknown), status=400, content_type="text/plain; charset=utf-8")
    from uploads.template_workbook import template_workbook  # openpyxl: 32 MiB a worker (targets.export)

    response = HttpResponse(template_workbook(organisation, period), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="progress-template-{period.code}.xlsx"'
    return response


def current_quarter(today: date) -> Period:
    """The quarterly period whose as-of date is the first not yet passed."""
    for kind in QUARTER_KINDS:
        month, day = PERIOD_KINDS[kind][1]
        if today <= date(today.year, month, day):
            return Period(today.year, kind)
    return Period(today.year, FULL_YEAR)
