"""The one way an export's file leaves the server, for the pages and the API alike."""

from __future__ import annotations

from django.http import FileResponse, Http404

from config.audit import record_export
from config.uploads import download_response
from reports.exports.models import Export, SignedExport
from reports.exports.services import download_name

CONTENT_TYPES = {
    Export.Format.PDF: "application/pdf",
    Export.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_file_response(export: Export) -> FileResponse:
    """The finished file as an attachment, recorded in the change log; callers have checked the
    user may see the export."""
    if export.status != Export.Status.DONE or not export.file:
        raise Http404
    name = download_name(export)
    response = download_response(
        export.file, filename=name, content_type=CONTENT_TYPES[Export.Format(export.format)]
    )
    record_export(of=export, what=name)
    return response


def signed_file_response(export: Export) -> FileResponse:
    """The signed PDF of `export` (404 when it was not signed), recorded like any download."""
    signed = SignedExport.objects.filter(export=export).first()
    if signed is None:
        raise Http404
    name = download_name(export).removesuffix(".pdf") + "-da-ky-so.pdf"
    response = download_response(signed.file, filename=name, content_type="application/pdf")
    record_export(of=export, what=name)
    return response
