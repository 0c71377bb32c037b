"""The one way an export's file leaves the server, for the pages and the API alike."""

from __future__ import annotations

from django.http import FileResponse, Http404

from reports.exports.services import download_name
from reports.models import Export


def export_file_response(export: Export) -> FileResponse:
    """The finished file as an attachment; callers have checked the user may see the export."""
    if export.status != Export.Status.DONE or not export.file:
        raise Http404
    response = FileResponse(
        export.file.open("rb"), as_attachment=True, filename=download_name(export)
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
