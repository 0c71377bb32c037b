"""The one way an export's file leaves the server, for the pages and the API alike."""

from __future__ import annotations

from django.http import FileResponse, Http404

from config.audit import record_export
from reports.exports.services import download_name
from reports.models import Export


def export_file_response(export: Export) -> FileResponse:
    """The finished file as an attachment, recorded in the change log; callers have checked the
    user may see the export."""
    if export.status != Export.Status.DONE or not export.file:
        raise Http404
    name = download_name(export)
    response = FileResponse(export.file.open("rb"), as_attachment=True, filename=name)
    record_export(of=export, what=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
