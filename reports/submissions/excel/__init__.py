"""A report's Excel round trip: a pre-filled template to fill in offline, and its upload.

The template is built from `report_rows`, like the web form and the review page. The upload is
read strictly, cell by cell, then saved through `submission_save`, so the rules live in one
place; every problem is located as "sheet!cell", and nothing is written unless the whole file
is valid. The file's layout and labels are Vietnamese whatever the interface language, so a
template downloaded in one language uploads in another.
"""

from reports.submissions.excel.layout import CONTENT_TYPE, FIRST_ROW
from reports.submissions.excel.template import report_template, template_filename
from reports.submissions.excel.upload import report_upload

__all__ = ["CONTENT_TYPE", "FIRST_ROW", "report_template", "report_upload", "template_filename"]
