"""The reports app's model module: Django registers the models of the four domains under the app
label `reports` from here (each class lives in its domain's models.py, its table unchanged)."""

from reports.compliance.models import ComplianceRun, ComplianceUnit, TargetResult, UnitTargetResult
from reports.exports.models import Export, SignedExport, _export_storage
from reports.periods.models import Holiday, Period, ProvincePeriod
from reports.publications.models import Delivery, FeedEntry, Publication, Receiver
from reports.submissions.models import (
    EvidenceFile,
    IndicatorValue,
    Submission,
    SubmissionEvent,
    SubmissionVersion,
    TaskUpdate,
)

__all__ = [
    "ComplianceRun",
    "ComplianceUnit",
    "Delivery",
    "EvidenceFile",
    "Export",
    "FeedEntry",
    "Holiday",
    "IndicatorValue",
    "Period",
    "ProvincePeriod",
    "Publication",
    "Receiver",
    "SignedExport",
    "Submission",
    "SubmissionEvent",
    "SubmissionVersion",
    "TargetResult",
    "TaskUpdate",
    "UnitTargetResult",
    "_export_storage",
]
