"""DecisionColumnMapping: which field of the 双公示 standard an organ's own column name stands for."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from disclosures.models.organ import Organ
from disclosures.models.status import DecisionKind

# The kinds of file the 双公示 import reads.
IMPORT_KINDS = [
    (DecisionKind.LICENCE.value, DecisionKind.LICENCE.label),
    (DecisionKind.PENALTY.value, DecisionKind.PENALTY.label),
]


class DecisionColumnMappingQuerySet(models.QuerySet):
    def as_mapping(self, organ) -> dict[str, str]:
        """The organ's saved mapping: folded header name → field."""
        if organ is None:
            return {}
        return dict(self.filter(organ=organ).values_list("header", "field"))

    def kinds(self, organ) -> dict[str, str]:
        """The kind of file each of the organ's saved names was saved from, where staff chose one."""
        if organ is None:
            return {}
        return dict(self.filter(organ=organ).exclude(kind="").values_list("header", "kind"))


class DecisionColumnMapping(models.Model):
    """A column name of an organ's 双公示 files and the field it is imported as, chosen by staff on
    the import's mapping step and used again for the organ's next files (disclosures.decision_mapping)."""

    organ = models.ForeignKey(
        Organ, verbose_name=_("发布机构"), on_delete=models.CASCADE, related_name="decision_column_mappings"
    )
    header = models.CharField(_("文件中的列名"), max_length=200)
    field = models.CharField(_("对应的标准项"), max_length=50)
    kind = models.CharField(
        _("文件的决定类型"),
        max_length=10,
        choices=IMPORT_KINDS,
        blank=True,
        help_text=_("保存时文件的决定类型；表头不能说明类型时按此判断。"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("保存人"), null=True, blank=True, on_delete=models.SET_NULL
    )

    objects = DecisionColumnMappingQuerySet.as_manager()

    class Meta:
        ordering = ["organ", "header"]
        verbose_name = _("双公示导入列名对应关系")
        verbose_name_plural = _("双公示导入列名对应关系")
        constraints = [models.UniqueConstraint(fields=["organ", "header"], name="decision_mapping_unique_header")]

    def __str__(self):
        return f"{self.organ}：{self.header}"
