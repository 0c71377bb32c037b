"""What an officer taught the drafting: a name a document uses for a unit of the province."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from units.models import Unit


class UnitNameAlias(models.Model):
    """ "Sở TT và TT" means this unit in this province: mapped once, used by every later draft."""

    root = models.ForeignKey(
        Unit, verbose_name=_("tỉnh"), on_delete=models.CASCADE, related_name="+"
    )
    # Folded (lower case, no diacritics), as the drafting compares names.
    name = models.CharField(_("tên trong văn bản"), max_length=255)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="name_aliases"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "directives"
        verbose_name = _("tên gọi khác của đơn vị")
        verbose_name_plural = pgettext_lazy("plural", "tên gọi khác của đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["root", "name"], name="unit_alias_once_per_province"),
            models.CheckConstraint(condition=~models.Q(name=""), name="unit_alias_name_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.unit.code}"
