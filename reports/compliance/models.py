from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from directives.models import Directive, Target
from reports.periods.models import Period
from units.models import Unit


class ComplianceRun(models.Model):
    """Computed figures of one directive for one period: built for reading, replaced whole."""

    class Basis(models.TextChoices):
        OFFICIAL = "official", _("Chính thức (đã tiếp nhận)")
        PROVISIONAL = "provisional", _("Tạm tính (gồm báo cáo chờ thẩm định)")

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    basis = models.CharField(max_length=12, choices=Basis.choices)
    computed_at = models.DateTimeField()
    # [[submission id, version], …]: exactly which reports the figures were computed from.
    sources = models.JSONField(default=list)
    units_expected = models.PositiveIntegerField(default=0)
    units_submitted = models.PositiveIntegerField(default=0)
    units_accepted = models.PositiveIntegerField(default=0)
    units_late = models.PositiveIntegerField(default=0)
    # A digest of what the figures were computed from besides the reports (targets' rules and
    # weights, their expected units): a refresh that finds another one computes anew.
    setting = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("lần tổng hợp")
        verbose_name_plural = pgettext_lazy("plural", "lần tổng hợp")
        constraints = [
            models.UniqueConstraint(fields=["directive", "period", "basis"], name="run_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.directive_id}/{self.period_id}/{self.basis}"


class TargetResult(models.Model):
    run = models.ForeignKey(ComplianceRun, on_delete=models.CASCADE, related_name="targets")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="+")
    value = models.DecimalField(max_digits=24, decimal_places=6, null=True)
    met = models.BooleanField(null=True)
    status = models.CharField(max_length=10)
    units_expected = models.PositiveIntegerField()
    units_reported = models.PositiveIntegerField()
    units_met = models.PositiveIntegerField()
    # The counts and sums it was judged from (tally.tally_json): a refresh shifts them by the
    # changed units' rows instead of summing the whole run again. Null on rows stored before.
    tally = models.JSONField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "target"], name="target_result_unique")
        ]

    def __str__(self) -> str:
        return f"{self.target_id}: {self.status}"


class UnitTargetResult(models.Model):
    # Tens of thousands of rows per run: no single-column indexes beside the two composite ones
    # below, which already serve lookups by run (and target) and by unit; no foreign-key
    # constraints either, whose checks at commit cost a third of a recompute. The rows are
    # derived, written whole by reports/aggregation.py from rows that exist, and deleted with
    # their run (Django cascades without the constraint).
    run = models.ForeignKey(
        ComplianceRun, on_delete=models.CASCADE, related_name="unit_targets", db_index=False,
        db_constraint=False,
    )  # fmt: skip
    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    reported = models.BooleanField()
    # The unit's own judged value (a ratio from its parts; the increase for a yearly target).
    value = models.DecimalField(max_digits=24, decimal_places=6, null=True)
    met = models.BooleanField(null=True)
    # The figures it was judged from, this period and a year earlier: enough to judge the target
    # again over any subtree (a district's own figures) without reading the reports.
    reported_value = models.DecimalField(max_digits=24, decimal_places=6, null=True)
    numerator = models.DecimalField(max_digits=24, decimal_places=6, null=True)
    denominator = models.DecimalField(max_digits=24, decimal_places=6, null=True)
    last_year_reported = models.BooleanField(default=False)
    last_year_value = models.DecimalField(max_digits=24, decimal_places=6, null=True)
    last_year_numerator = models.DecimalField(max_digits=24, decimal_places=6, null=True)
    last_year_denominator = models.DecimalField(max_digits=24, decimal_places=6, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "target", "unit"], name="unit_result_unique")
        ]
        indexes = [models.Index(fields=["unit", "run"])]

    def __str__(self) -> str:
        return f"{self.target_id}/{self.unit_id}: {self.met}"


class ComplianceUnit(models.Model):
    """One expected unit in a run: its report's state and its composite score."""

    run = models.ForeignKey(ComplianceRun, on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    # The report's status when computed ("" when the unit had not started one).
    report_status = models.CharField(max_length=16, blank=True)
    report_version = models.PositiveIntegerField(null=True)
    is_late = models.BooleanField(default=False)
    targets = models.PositiveIntegerField(default=0)
    targets_met = models.PositiveIntegerField(default=0)
    # Not met although the due date has come (or the target has none): what withholds commendation.
    targets_missed = models.PositiveIntegerField(default=0)
    # Σ weights of the targets met / Σ weights of the unit's targets, in percent; null without targets.
    score = models.DecimalField(max_digits=9, decimal_places=4, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "unit"], name="compliance_unit_unique")
        ]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.unit_id}: {self.score}"
